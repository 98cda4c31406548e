import { conflict, DomainError, notFound, type Clock } from '@tramita/kernel';
import { fileCodeAmbiguous, hasRoleIn, organismsOf, type OrganismCaller } from '@tramita/platform';
import type { ExpedienteRecord } from '../domain/expediente-record.ts';
import type { EniIssuer } from './eni-issuer.ts';
import { expedienteOnRecord } from './expediente-on-record.ts';
import type { DocsRepositories, FileRecords, FilesAsker } from './ports.ts';

export const expedienteNotFound = (fileCode: string) => notFound('file-not-found', `There is no expediente ${fileCode}.`, { fileCode });

export interface ResolveExpedienteDeps {
  repositories: DocsRepositories;
  files: FileRecords;
  issuer: EniIssuer;
  clock: Clock;
}

/**
 * The expediente `fileCode` of one of the caller's organisms, as docs keeps it. One docs has not
 * heard of yet (created before this release, or bpm's first event still on its way) is asked of
 * files with the caller's own token and recorded. Another organism's expediente, or none, is a
 * 404 either way (ADR 0013); two of the caller's organisms holding the code need `organism`.
 */
export async function resolveExpediente(
  deps: ResolveExpedienteDeps,
  input: { fileCode: string; organism?: string; caller: OrganismCaller; asker: FilesAsker },
): Promise<ExpedienteRecord> {
  const reach = input.caller.isService ? 'all' : organismsOf(input.caller.memberships);
  const visible = (organism: string) => reach === 'all' || reach.includes(organism);
  if (input.organism !== undefined && !visible(input.organism)) throw expedienteNotFound(input.fileCode);
  const known = (await deps.repositories.expedientes.findByCode(input.fileCode, input.organism === undefined ? reach : [input.organism])).filter((record) =>
    visible(record.organism),
  );
  if (known.length === 1) return known[0]!;
  if (known.length > 1) {
    throw fileCodeAmbiguous(
      input.fileCode,
      known.map((record) => record.organism),
    );
  }
  const answer = await deps.files.record(input.fileCode, input.organism, input.asker);
  if (answer.kind === 'not-found') throw expedienteNotFound(input.fileCode);
  if (answer.kind === 'unavailable') {
    throw new DomainError(
      'files-unavailable',
      'unavailable',
      `Could not ask the files service about expediente ${input.fileCode} (${answer.reason}); try again later.`,
      {
        fileCode: input.fileCode,
      },
    );
  }
  const record = answer.value;
  // files checked the token itself; docs checks the organism too (zero trust).
  if (!visible(record.organism) || record.status === 'creating') throw expedienteNotFound(input.fileCode);
  const now = deps.clock.now();
  return expedienteOnRecord(
    deps.repositories,
    deps.issuer,
    {
      organism: record.organism,
      fileCode: record.code,
      openedAt: new Date(record.createdAt),
      procedureCode: null,
      finished: record.finished,
      processVersion: 0,
    },
    now,
  );
}

/** Documents of a finished expediente are read-only. */
export function ensureOpen(expediente: ExpedienteRecord): void {
  if (expediente.finished) {
    throw conflict('file-finished', `Expediente ${expediente.fileCode} is finished: its documents can no longer change.`, { fileCode: expediente.fileCode });
  }
}

/** A write on an expediente's documents needs the role tramitador in its organism (ADR 0013). */
export function requireTramitador(caller: OrganismCaller, expediente: ExpedienteRecord): void {
  if (caller.isService) return;
  if (!hasRoleIn(caller.memberships, 'tramitador', expediente.organism)) {
    throw new DomainError('role-required', 'forbidden', "This operation needs the role tramitador in the expediente's organism.", {
      requiredRoles: ['tramitador'],
    });
  }
}
