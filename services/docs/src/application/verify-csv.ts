import { createHash } from 'node:crypto';
import { notFound, validationError } from '@tramita/kernel';
import { normalizeCsv } from '@tramita/eni';
import type { AuditedBy } from '@tramita/platform';
import type { CsvRecord, CsvRepository } from '../domain/csv-record.ts';
import type { Document, DocumentVersion } from '../domain/document.ts';
import type { DocumentRepository } from '../domain/document-repository.ts';
import type { StandaloneAudit } from './ports.ts';

export interface VerifyCsvDeps {
  repositories: { csvs: Pick<CsvRepository, 'find'>; documents: Pick<DocumentRepository, 'get' | 'getVersion'> };
  audit: StandaloneAudit;
  /** Every lookup takes at least this long, so a code's existence or state does not show in the time it takes. */
  minMs: number;
  /** A monotonic clock in milliseconds, and a way to wait. */
  elapsed: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** A CSV found: the version it is bound to, and whether it is annulled. */
export interface VerifiedDocument {
  record: CsvRecord;
  document: Document;
  version: DocumentVersion;
}

export const csvNotFound = () => notFound('csv-not-found', 'No document has this verification code (CSV).');

/**
 * Looks a document up by its CSV for anyone, without a login (Ley 40/2015 art. 42.b: integrity
 * is always verifiable at the sede). The input is normalised first (case, spaces and hyphens, O/I/L
 * confusions) and a bad check symbol is refused before any lookup. Found, annulled or unknown,
 * the answer takes the same minimum time; every lookup is recorded with the CSV's hash, never the
 * CSV itself (ENS mp.info.4: the code gives access to the document).
 */
export async function verifyCsv(deps: VerifyCsvDeps, input: { csv: string; audited: AuditedBy; purpose: string }): Promise<VerifiedDocument> {
  const started = deps.elapsed();
  const normalised = normalizeCsv(input.csv);
  if (!normalised.ok) throw validationError('invalid-csv', `That is not a valid verification code: ${normalised.reason}`, { field: 'csv' });
  const value = normalised.value;
  const record = await deps.repositories.csvs.find(value);
  const document = record ? await deps.repositories.documents.get(record.documentId) : null;
  const version = record && document ? await deps.repositories.documents.getVersion(record.documentId, record.version) : null;
  const outcome = !record || !document || !version ? 'unknown' : record.annulment ? 'annulled' : 'in-force';
  await deps.sleep(Math.max(0, deps.minMs - (deps.elapsed() - started)));
  await deps.audit.recordAlone(
    {
      action: 'csv.verify',
      organism: record?.organ ?? null,
      fileCode: document?.fileCode ?? null,
      details: { csvSha256: createHash('sha256').update(value).digest('hex'), outcome, purpose: input.purpose },
    },
    input.audited,
  );
  if (!record || !document || !version) throw csvNotFound();
  return { record, document, version };
}
