import { z } from 'zod';

// What operators read: each service's messaging state and the gateway's consistency report.

/** `GET /api/admin/<service>/messaging` (every service with a database): outbox, sagas, dead letters, consumer backlog. */
const instant = z.string().describe('ISO-8601 instant');

export const messagingStatusSchema = z.object({
  service: z.string(),
  outbox: z.object({ pending: z.number().int().describe('Committed messages not yet published'), oldestPendingAt: instant.nullable() }),
  sagas: z.object({
    running: z.number().int(),
    compensating: z.number().int(),
    failed: z.number().int().describe('Sagas whose compensation itself failed: need an operator'),
    oldestOpenAt: instant.nullable(),
  }),
  deadLetters: z.object({
    total: z.number().int(),
    recent: z.array(
      z.object({
        consumer: z.string(),
        messageId: z.string(),
        topic: z.string(),
        type: z.string().nullable(),
        subject: z.string().nullable(),
        reason: z.string(),
        attempts: z.number().int(),
        failedAt: instant,
      }),
    ),
  }),
  consumers: z
    .object({
      available: z.boolean().describe('False when the broker could not be asked; `reason` says why'),
      reason: z.string().optional(),
      lag: z.number().int().describe('Records not yet handled, over every group and partition'),
      partitions: z.array(
        z.object({
          group: z.string(),
          topic: z.string(),
          partition: z.number().int(),
          committed: z.number().int(),
          end: z.number().int(),
          lag: z.number().int(),
        }),
      ),
    })
    .describe("The consumer groups' backlog on the broker (none in the all-in-one mode: the outbox is the log)"),
});

export type MessagingStatusReport = z.infer<typeof messagingStatusSchema>;

/**
 * Kinds of disagreement between the write side (files, bpm) and the read model (index), or
 * between files and bpm. While messages are in flight some of them are normal lag; with nothing
 * in flight every one is a real inconsistency.
 */
export const DIFFERENCE_KINDS = [
  'read-model-missing',
  'read-model-behind',
  'read-model-ahead',
  'read-model-orphan',
  'read-model-process-missing',
  'read-model-process-behind',
  'read-model-process-ahead',
  'read-model-process-orphan',
  'read-model-phase-mismatch',
  'file-without-process',
  'process-without-file',
  'process-id-mismatch',
  'files-behind-bpm',
  'files-ahead-of-bpm',
  'files-phase-mismatch',
  'reservation-open',
] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

const difference = z.object({ code: z.string(), kind: z.enum(DIFFERENCE_KINDS), detail: z.string() });
const serviceState = z.union([z.object({ ok: z.literal(true), messaging: messagingStatusSchema }), z.object({ ok: z.literal(false), error: z.string() })]);

/** `GET /api/admin/consistency` (gateway): the operator's consistency check (ADR 0009), read by `tramita check`. */
export const consistencyReportSchema = z.object({
  status: z.enum(['consistent', 'settling', 'inconsistent', 'unknown']),
  checkedAt: z.string(),
  reasons: z.array(z.string()),
  inFlight: z.object({ outboxPending: z.number().int(), consumerLag: z.number().int(), openSagas: z.number().int() }),
  failedSagas: z.number().int(),
  deadLetters: z.object({
    total: z.number().int(),
    recent: z.array(messagingStatusSchema.shape.deadLetters.shape.recent.element.extend({ service: z.string() })),
  }),
  services: z.object({ auth: serviceState, files: serviceState, bpm: serviceState, docs: serviceState, index: serviceState }),
  readModel: z.union([
    z.object({
      ok: z.literal(true),
      counts: z.object({
        files: z.object({ creating: z.number().int(), active: z.number().int(), finished: z.number().int() }),
        processes: z.number().int(),
        readModel: z.number().int(),
      }),
      differences: z.object({ total: z.number().int(), byKind: z.partialRecord(z.enum(DIFFERENCE_KINDS), z.number().int()), sample: z.array(difference) }),
    }),
    z.object({ ok: z.literal(false), error: z.string() }),
  ]),
});

export type ConsistencyReportResource = z.infer<typeof consistencyReportSchema>;
