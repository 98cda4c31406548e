import { conflict, newId, type Actor, type Clock } from '@tramita/kernel';
import { indiceContenidoId, newCsv, writeIndiceContenidoXml, writeIndiceXml } from '@tramita/eni';
import type { FirmaEni } from '@tramita/eni/model';
import type { Document } from '../domain/document.ts';
import type { ExpedienteRecord } from '../domain/expediente-record.ts';
import type { IndiceSnapshot } from '../domain/indice-snapshot.ts';
import type { EniIssuer } from './eni-issuer.ts';
import { indiceEntriesOf } from './indice-entries.ts';
import type { SealSigner } from './ports.ts';

export interface SealIndiceDeps {
  issuer: EniIssuer;
  /** The organ's seal; null when none is configured (then the índice carries its CSV only). */
  signer: SealSigner | null;
  clock: Clock;
}

/**
 * Builds the expediente's índice electrónico now and signs it (ENI A.6): always with a CSV
 * (TF01; Ley 40/2015 art. 42.b), and with the organ's seal as XAdES (TF02) when one is configured,
 * both referring to the IndiceContenido by its Id. The result is immutable; a later change makes
 * another. E02 closes a finished expediente; E03 is a snapshot for a remisión (art. 70.2).
 */
export async function sealIndice(
  deps: SealIndiceDeps,
  input: { expediente: ExpedienteRecord; documents: readonly Document[]; estado: 'E02' | 'E03'; by: Actor },
): Promise<IndiceSnapshot> {
  const entries = indiceEntriesOf(input.documents, deps.issuer.sede);
  if (entries.length === 0) {
    throw conflict('indice-empty', `Expediente ${input.expediente.fileCode} has no documents: an índice electrónico needs at least one.`, {
      fileCode: input.expediente.fileCode,
    });
  }
  const policy = deps.issuer.csvPolicy;
  if (!policy && !deps.signer) {
    throw conflict(
      'indice-unsignable',
      'The índice cannot be signed: configure the CSV regulation (DOCS_CSV_REGULATION) or the organ seal (DOCS_SEAL_KEY_FILE).',
    );
  }
  const now = deps.clock.now();
  const expedienteId = input.expediente.eniIdentifier;
  const contenidoId = indiceContenidoId(expedienteId);
  const contenidoXml = writeIndiceContenidoXml(expedienteId, { fechaIndice: deps.issuer.sede.iso(now), entries });
  const firmas: FirmaEni[] = [];
  const csv = policy ? newCsv(deps.issuer.random) : null;
  if (policy && csv) {
    firmas.push({ tipo: 'TF01', id: `FIRMA_CSV_${expedienteId}`, ref: `#${contenidoId}`, valorCsv: csv, regulacionGeneracionCsv: policy.regulation });
  }
  if (deps.signer) {
    const signature = await deps.signer.signDetached(contenidoXml, contenidoId, now);
    firmas.push({ tipo: 'TF02', id: `FIRMA_SELLO_${expedienteId}`, ref: `#${contenidoId}`, firma: { kind: 'ds-signature', xml: signature } });
  }
  return {
    id: newId(now.getTime()),
    organism: input.expediente.organism,
    fileCode: input.expediente.fileCode,
    estado: input.estado,
    fechaIndice: now,
    xml: writeIndiceXml(expedienteId, contenidoXml, firmas),
    entries,
    firmas: firmas.map((firma) => firma.tipo),
    csv,
    createdAt: now,
    createdBy: input.by,
  };
}
