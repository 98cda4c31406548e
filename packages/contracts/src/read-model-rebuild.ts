import { z } from 'zod';
import { bpmEvents, processSnapshotSchema } from './bpm.ts';
import { fileSnapshotSchema } from './files.ts';

/**
 * Rebuilding the index's read model from the owners' state (ADR 0019, `tramita rebuild-index`).
 * files and bpm serve pages of every expediente's state-carrying snapshot, the very payloads their
 * events carry, keyed and sorted as the reconciliation pages are (`<organism>/<code>`, byte order):
 * `GET /api/admin/files/snapshots` and `GET /api/admin/bpm/snapshots`. The index applies a page
 * through the projections its consumer uses (`POST /api/admin/index/read-model/snapshots`), and
 * can be emptied first (`DELETE /api/admin/index/read-model`).
 */

/** files: an expediente that exists (reservations of a running saga are not listed), as FileCreated/FileUpdated carry it. */
export const fileSnapshotRowSchema = z.object({
  /** The row's key, `<organism>/<code>`. */
  code: z.string(),
  snapshot: fileSnapshotSchema,
});

/** The maximum plazo of an expediente as PlazoChanged carries it. */
export const plazoSnapshotSchema = bpmEvents.PlazoChanged;

/** bpm: a live process instance, as ProcessStarted/ProcessAdvanced carry it, and its maximum plazo (null before one is computed). */
export const bpmSnapshotRowSchema = z.object({
  /** The row's key, `<organism>/<code>` of its expediente. */
  code: z.string(),
  process: processSnapshotSchema,
  plazo: plazoSnapshotSchema.nullable(),
});

const keyedPage = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next: z.string().nullable().describe('Pass as `after` for the next page; null on the last') });

export const fileSnapshotPageSchema = keyedPage(fileSnapshotRowSchema);
export const bpmSnapshotPageSchema = keyedPage(bpmSnapshotRowSchema);

/** The most snapshots one apply request may carry. */
export const MAX_SNAPSHOTS_PER_REQUEST = 1_000;

/*
 * A page applied to the read model comes over HTTP, not from the owners' outboxes: each snapshot is
 * held to what the stores keep (a version in a 32-bit column, an instant between 1900 and 9999,
 * identifiers that are not empty), so a malformed page is refused whole and never stored.
 */
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(10_000, 0, 1);
const inRange = (value: string) => {
  const at = Date.parse(value);
  return at >= EARLIEST && at < LATEST;
};
const RANGE = 'must be an instant from the year 1900 to 9999';
const instant = z.iso.datetime().refine(inRange, RANGE);
const offsetInstant = z.iso.datetime({ offset: true }).refine(inRange, RANGE);
const storedVersion = z.number().int().positive().max(2_147_483_647);
const identifier = z.string().min(1).max(200);
const named = z.object({ code: identifier, name: z.string().min(1).max(500) });

const fileSnapshotInput = fileSnapshotSchema.extend({
  code: identifier,
  organism: identifier.optional(),
  processId: identifier,
  initialOption: named,
  createdAt: instant,
  updatedAt: instant,
  version: storedVersion,
});
const processSnapshotInput = processSnapshotSchema.extend({
  processId: identifier,
  fileCode: identifier,
  organism: identifier.optional(),
  procedure: z.object({ code: identifier, version: storedVersion }),
  phase: named,
  startedAt: instant,
  updatedAt: instant,
  version: storedVersion,
});
const plazoSnapshotInput = plazoSnapshotSchema.extend({
  processId: identifier,
  fileCode: identifier,
  organism: identifier,
  plazoId: identifier,
  dueAt: offsetInstant.nullable(),
  nearFrom: offsetInstant.nullable(),
  version: storedVersion,
});

/** `POST /api/admin/index/read-model/snapshots`: one page of either owner's snapshots. */
export const readModelSnapshotsSchema = z
  .object({
    files: z.array(fileSnapshotInput).max(MAX_SNAPSHOTS_PER_REQUEST).default([]),
    processes: z
      .array(z.object({ process: processSnapshotInput, plazo: plazoSnapshotInput.nullable() }))
      .max(MAX_SNAPSHOTS_PER_REQUEST)
      .default([]),
  })
  .strict();

/** What applying a page did: how many snapshots it received and how many views they changed. */
export const readModelAppliedSchema = z.object({
  received: z.number().int().nonnegative(),
  changed: z.number().int().nonnegative(),
});

/** `DELETE /api/admin/index/read-model`: the read model is empty. */
export const readModelEmptiedSchema = z.object({ emptied: z.literal(true) });

export type FileSnapshotRow = z.infer<typeof fileSnapshotRowSchema>;
export type BpmSnapshotRow = z.infer<typeof bpmSnapshotRowSchema>;
export type PlazoSnapshot = z.infer<typeof plazoSnapshotSchema>;
export type ReadModelSnapshots = z.infer<typeof readModelSnapshotsSchema>;
export type ReadModelSnapshotsInput = z.input<typeof readModelSnapshotsSchema>;
export type ReadModelApplied = z.infer<typeof readModelAppliedSchema>;
