import { z } from 'zod';

/** Who acted: a person (attribution only) or a process acting on its own account. */
export const auditActorSchema = z.union([z.object({ username: z.string(), displayName: z.string() }), z.object({ system: z.string() })]);

/** One entry of a service's audit trail as the admin API shows it (ADR 0014). */
export const auditEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  service: z.string(),
  actor: auditActorSchema,
  action: z.string(),
  organism: z.string().nullable(),
  fileCode: z.string().nullable(),
  sourceAddress: z.string().nullable(),
  outcome: z.enum(['success', 'refused', 'failed']),
  correlationId: z.string(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEntryResource = z.infer<typeof auditEntrySchema>;

/** `GET /api/admin/<service>/audit` (every service with a database): entries the caller administers, oldest first. */
export const auditEntryListSchema = z.object({ service: z.string(), items: z.array(auditEntrySchema) });
export type AuditEntryListResource = z.infer<typeof auditEntryListSchema>;

/** `GET /api/admin/<service>/audit` query. */
export const auditQuerySchema = z.object({
  fileCode: z.string().min(1).max(64).optional(),
  organism: z.string().min(1).max(16).optional(),
  fromSeq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** `GET /api/admin/<service>/audit/export` query: a range of the chain (see exportAudit). */
export const auditExportQuerySchema = z.object({
  fileCode: z.string().min(1).max(64).optional(),
  organism: z.string().min(1).max(16).optional(),
  fromSeq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  toSeq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});

/** `GET /api/files/{code}/audit` (gateway): an expediente's trail from every service, merged by time. */
export const fileAuditTrailSchema = z.object({
  fileCode: z.string(),
  items: z.array(auditEntrySchema),
  /** Each service asked, and whether it answered: a trail missing a service says so. */
  sources: z.array(z.object({ service: z.string(), available: z.boolean(), reason: z.string().optional() })),
});
export type FileAuditTrailResource = z.infer<typeof fileAuditTrailSchema>;
