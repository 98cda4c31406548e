import type { DocumentVersion } from './document.ts';

/**
 * A Código Seguro de Verificación bound to one document version (Ley 40/2015 art. 42.b; RD 203/2021):
 * unique in the installation, tied to the exact bytes' SHA-256, to the organ and to the act that
 * regulates how it is generated. Annulling keeps the row: the evidence stays verifiable.
 */
export interface CsvRecord {
  /** 25 characters, no separators. */
  csv: string;
  documentId: string;
  version: number;
  sha256: string;
  /** DIR3 code of the organ the document belongs to. */
  organ: string;
  /** RegulacionGeneracionCSV: the act that regulates the CSV. */
  regulation: string;
  issuedAt: Date;
  /** End of the availability period the regulation sets; null: indefinite. */
  availableUntil: Date | null;
  annulment: { at: Date; reason: string } | null;
}

/** Where CSVs live. Bound to a transaction, it acts inside it. */
export interface CsvRepository {
  /** Fails on a repeated CSV (the caller draws again) or a second CSV for the same version. */
  insert(record: CsvRecord): Promise<void>;
  find(csv: string): Promise<CsvRecord | null>;
  /** The CSVs of a document's versions, by version. */
  forDocument(documentId: string): Promise<Map<number, CsvRecord>>;
  /** Annuls every CSV of a document still in force; returns how many. */
  annulDocument(documentId: string, at: Date, reason: string): Promise<number>;
}

/** A version's CSV, to be issued: everything but the code itself. */
export type CsvBinding = Pick<CsvRecord, 'documentId' | 'version' | 'sha256' | 'organ'>;

export const bindingOf = (version: DocumentVersion, organ: string): CsvBinding => ({
  documentId: version.documentId,
  version: version.version,
  sha256: version.sha256,
  organ,
});
