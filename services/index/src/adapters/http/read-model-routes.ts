import { readModelAppliedSchema, readModelEmptiedSchema, readModelSnapshotsSchema } from '@tramita/contracts';
import { auditedBy, requirePlatformOperator, type AuditTrail, type HttpApp } from '@tramita/platform';
import { applySnapshots } from '../../application/apply-snapshots.ts';
import { emptyReadModel } from '../../application/empty-read-model.ts';
import type { FileSearchRepository } from '../../application/file-search-repository.ts';

export interface ReadModelRoutesOptions {
  repository: FileSearchRepository;
  audit: Pick<AuditTrail<unknown>, 'recordAlone'>;
  /** The platform's own organism: the read model spans every organism, so only its operators rebuild it. */
  defaultOrganism: string;
}

/** Rebuilding the read model from the owners' snapshots (ADR 0019, `tramita rebuild-index`): platform operators and services only. */
export function registerReadModelRoutes(app: HttpApp, options: ReadModelRoutesOptions): void {
  app.post(
    '/api/admin/index/read-model/snapshots',
    {
      preValidation: requirePlatformOperator(options.defaultOrganism),
      schema: {
        tags: ['index'],
        summary: "Apply one page of files' and bpm's snapshots to the read model; only what is newer than a stored view changes it (admin)",
        body: readModelSnapshotsSchema,
        response: { 200: readModelAppliedSchema },
      },
    },
    async (request) => applySnapshots(options.repository, request.body, options.defaultOrganism),
  );

  app.delete(
    '/api/admin/index/read-model',
    {
      preValidation: requirePlatformOperator(options.defaultOrganism),
      schema: {
        tags: ['index'],
        summary: 'Empty the read model before rebuilding it: the list is empty until the snapshots are applied again (admin)',
        response: { 200: readModelEmptiedSchema },
      },
    },
    async (request) => {
      await emptyReadModel(options.repository, options.audit, auditedBy(request));
      return { emptied: true as const };
    },
  );
}
