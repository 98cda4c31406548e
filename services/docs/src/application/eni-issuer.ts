import { documentoIdentificador, expedienteIdentificador, newCsv, specificId } from '@tramita/eni';
import { bindingOf, type CsvRecord, type CsvRepository } from '../domain/csv-record.ts';
import type { DocumentVersion } from '../domain/document.ts';
import type { CsvPolicy, RandomBytes } from './ports.ts';
import type { SedeTime } from './sede-time.ts';

/**
 * What docs issues in the ENI's name (ADR 0017): identifiers (`ES_<DIR3>_<AAAA>_…`, NTI
 * Documento/Expediente electrónico; the year is the capture's or opening's, in the sede's zone)
 * and CSVs (Ley 40/2015 art. 42.b), from a cryptographically secure random source.
 */
export interface EniIssuer {
  random: RandomBytes;
  sede: SedeTime;
  /** Null until the installation configures the act that regulates its CSVs: then none is issued. */
  csvPolicy: CsvPolicy | null;
}

export function newDocumentIdentifier(issuer: EniIssuer, organism: string, capturedAt: Date, now: Date): string {
  return documentoIdentificador(organism, issuer.sede.year(capturedAt), specificId(now, issuer.random));
}

export function newExpedienteIdentifier(issuer: EniIssuer, organism: string, openedAt: Date, now: Date): string {
  return expedienteIdentificador(organism, issuer.sede.year(openedAt), specificId(now, issuer.random));
}

/** Issues the CSV of a document version, bound to its bytes' SHA-256; none without a CSV policy. */
export async function issueCsv(csvs: CsvRepository, issuer: EniIssuer, version: DocumentVersion, organ: string, now: Date): Promise<CsvRecord | null> {
  const policy = issuer.csvPolicy;
  if (!policy) return null;
  const availableUntil = policy.availabilityYears === null ? null : new Date(now.getTime() + policy.availabilityYears * 365.25 * 86_400_000);
  const record: CsvRecord = {
    ...bindingOf(version, organ),
    csv: newCsv(issuer.random),
    regulation: policy.regulation,
    issuedAt: now,
    availableUntil,
    annulment: null,
  };
  await csvs.insert(record);
  return record;
}

/** The public address where a CSV is verified (and that the printed copy's QR code holds). */
export function verificationUrlOf(policy: CsvPolicy, csv: string): string {
  return `${policy.verificationUrl.replace(/\/$/, '')}/${csv}`;
}
