import type { ExpedienteRecord } from '../domain/expediente-record.ts';
import { newExpedienteIdentifier, type EniIssuer } from './eni-issuer.ts';
import type { DocsRepositories } from './ports.ts';

export interface ExpedienteFacts {
  organism: string;
  fileCode: string;
  openedAt: Date;
  procedureCode: string | null;
  finished: boolean;
  /** The bpm process snapshot these facts come from (0: not from bpm). */
  processVersion: number;
}

/**
 * The expediente as docs keeps it, recording it (with a new ENI identifier, issued once) the
 * first time docs hears of it; later facts from bpm update its procedure and finished flag when
 * newer than the last applied.
 */
export async function expedienteOnRecord(
  repositories: Pick<DocsRepositories, 'expedientes'>,
  issuer: EniIssuer,
  facts: ExpedienteFacts,
  now: Date,
): Promise<ExpedienteRecord> {
  const stored = await repositories.expedientes.insertIfAbsent({
    organism: facts.organism,
    fileCode: facts.fileCode,
    eniIdentifier: newExpedienteIdentifier(issuer, facts.organism, facts.openedAt, now),
    openedAt: facts.openedAt,
    procedureCode: facts.procedureCode,
    finished: facts.finished,
    processVersion: facts.processVersion,
    updatedAt: now,
  });
  if (facts.processVersion <= stored.processVersion) return stored;
  const updated = {
    ...stored,
    procedureCode: facts.procedureCode ?? stored.procedureCode,
    finished: facts.finished,
    processVersion: facts.processVersion,
    updatedAt: now,
  };
  await repositories.expedientes.update(updated);
  return updated;
}
