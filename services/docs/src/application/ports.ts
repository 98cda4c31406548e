import type { FileRecordResource, InteresadoListResource } from '@tramita/contracts';
import type { AuditRecorder, AuditTrail } from '@tramita/platform';
import type { CsvRepository } from '../domain/csv-record.ts';
import type { DocumentRepository } from '../domain/document-repository.ts';
import type { ExpedienteRepository } from '../domain/expediente-record.ts';
import type { IndiceRepository } from '../domain/indice-snapshot.ts';

/** Every store docs writes, bound to one transaction. */
export interface DocsRepositories {
  documents: DocumentRepository;
  csvs: CsvRepository;
  expedientes: ExpedienteRepository;
  indices: IndiceRepository;
}

/**
 * Runs document writes in one transaction with their audit entries (ADR 0014): the row and the
 * entry that records who wrote it commit together or not at all.
 */
export interface DocumentTransactions {
  run<T>(work: (documents: DocumentRepository, audit: AuditRecorder, repositories: DocsRepositories) => Promise<T>): Promise<T>;
}

/** The trail for what changes nothing (downloads, refusals): each entry in a transaction of its own. */
export type StandaloneAudit = Pick<AuditTrail<unknown>, 'recordAlone'>;

/** Random bytes from a cryptographically secure source (identifiers and CSVs, ENI B.3). */
export type RandomBytes = (length: number) => Uint8Array;

/**
 * How this installation issues CSVs (Ley 40/2015 art. 42.b; RD 203/2021): no CSV is issued until
 * the act that regulates them is configured.
 */
export interface CsvPolicy {
  /** RegulacionGeneracionCSV: the published act (a BOE/BOP reference or an ELI URI). */
  regulation: string;
  /** How long a CSV stays verifiable; null: indefinitely. */
  availabilityYears: number | null;
  /** The sede's public verification page; a CSV is appended (`<url>/<CSV>`). */
  verificationUrl: string;
}

/** Who asks files, forwarded so files checks the caller itself (zero trust). */
export interface FilesAsker {
  authorization: string | undefined;
  requestId: string;
}

export type FilesAnswer<T> = { kind: 'found'; value: T } | { kind: 'not-found' } | { kind: 'unavailable'; reason: string };

/** The files service, asked with the caller's own token: what docs needs of an expediente it has not heard of. */
export interface FileRecords {
  record(fileCode: string, organism: string | undefined, asker: FilesAsker): Promise<FilesAnswer<FileRecordResource>>;
  interesados(fileCode: string, organism: string, asker: FilesAsker): Promise<FilesAnswer<InteresadoListResource>>;
}

/**
 * Signs with the organ's seal (sello de órgano, Ley 40/2015 art. 42.a): an XAdES signature,
 * internally detached, of the element with `Id=referenceId` in `xml` (ENI TF02). Absent when no
 * seal is configured.
 */
export interface SealSigner {
  signDetached(xml: string, referenceId: string, signingTime: Date): Promise<string>;
}
