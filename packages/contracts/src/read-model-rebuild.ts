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

/** `POST /api/admin/index/read-model/snapshots`: one page of either owner's snapshots. */
export const readModelSnapshotsSchema = z
  .object({
    files: z.array(fileSnapshotSchema).max(MAX_SNAPSHOTS_PER_REQUEST).default([]),
    processes: z
      .array(z.object({ process: processSnapshotSchema, plazo: plazoSnapshotSchema.nullable() }))
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
