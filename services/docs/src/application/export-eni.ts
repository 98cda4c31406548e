import { conflict, DomainError, type Actor } from '@tramita/kernel';
import { nombreFormatoFor, writeDocumentoXml, writeEniPackage, writeExpedienteXml } from '@tramita/eni';
import type { DocumentoEni, EniProblem, ExpedienteMetadatos } from '@tramita/eni/model';
import { validateEniXml } from '@tramita/eni/xsd';
import type { AuditedBy, OrganismCaller } from '@tramita/platform';
import type { Document, DocumentVersion } from '../domain/document.ts';
import type { ExpedienteRecord } from '../domain/expediente-record.ts';
import type { IndiceSnapshot } from '../domain/indice-snapshot.ts';
import { readBlobBytes, type BlobStore } from './blob-store.ts';
import { documentEntriesOf } from './indice-entries.ts';
import type { DocsRepositories, DocumentTransactions, FileRecords, FilesAsker } from './ports.ts';
import { expedienteNotFound, resolveExpediente, type ResolveExpedienteDeps } from './resolve-expediente.ts';
import { sealIndice, type SealIndiceDeps } from './seal-indice.ts';

export interface ExportEniDeps extends ResolveExpedienteDeps, SealIndiceDeps {
  transactions: DocumentTransactions;
  blobs: BlobStore;
  files: FileRecords;
}

/**
 * The expediente as ENI (NTI Expediente electrónico; Ley 39/2015 art. 70.2), one ZIP: the
 * expediente XML (its metadata and signed índice) and one documento ENI per entry of the índice
 * (metadata, content, CSV signature), every XML checked against the official schemas before it
 * leaves. A finished expediente travels with its closure índice (E02); an open one with a new
 * remisión snapshot (E03), kept like any signed índice.
 */
export async function exportEni(
  deps: ExportEniDeps,
  input: { fileCode: string; organism?: string; caller: OrganismCaller; actor: Actor; asker: FilesAsker; audited: AuditedBy },
): Promise<{ fileName: string; zip: Uint8Array }> {
  const expediente = await resolveExpediente(deps, input);
  const interesados = await deps.files.interesados(expediente.fileCode, expediente.organism, input.asker);
  // files no longer holds it for this caller (its creation was undone after bpm started its process): none.
  if (interesados.kind === 'not-found') throw expedienteNotFound(expediente.fileCode);
  if (interesados.kind !== 'found') {
    throw new DomainError(
      'files-unavailable',
      'unavailable',
      `Could not read the interesados of expediente ${expediente.fileCode} from the files service; try again later.`,
    );
  }
  return deps.transactions.run(async (documents, audit, repositories) => {
    const indice = await indiceToSend(deps, repositories, expediente, input.actor);
    const held = await documents.listByFileCode(expediente.fileCode, [expediente.organism], { includeRemoved: true });
    const byIdentifier = new Map(held.map((document) => [document.snapshot().eniIdentifier, document]));
    const documentos: Array<{ identificador: string; xml: string }> = [];
    for (const entry of documentEntriesOf(indice.entries)) {
      const document = byIdentifier.get(entry.identificador);
      if (!document) throw new Error(`The índice names ${entry.identificador}, which expediente ${expediente.fileCode} does not hold`);
      const version = (await repositories.documents.listVersions(document.id)).find((v) => v.sha256 === entry.valorHuella);
      if (!version) throw new Error(`No version of ${entry.identificador} has the hash its índice states`);
      documentos.push({ identificador: entry.identificador, xml: writeDocumentoXml(await documentoEni(deps, repositories, expediente, document, version)) });
    }
    const metadatos: ExpedienteMetadatos = {
      identificador: expediente.eniIdentifier,
      organos: [expediente.organism],
      fechaApertura: deps.issuer.sede.iso(expediente.openedAt),
      clasificacion: clasificacionOf(expediente),
      estado: indice.estado,
      interesados: [...new Set(interesados.value.items.map((interesado) => interesado.document))],
    };
    const expedienteXml = writeExpedienteXml(metadatos, indice.xml);
    await assertValid(expedienteXml, 'expediente', 'expediente.xml');
    for (const documento of documentos) await assertValid(documento.xml, 'documento', `documentos/${documento.identificador}.xml`);
    await audit.record(
      {
        action: 'eni.export',
        organism: expediente.organism,
        fileCode: expediente.fileCode,
        details: { indiceId: indice.id, estado: indice.estado, documents: documentos.length },
      },
      input.audited,
    );
    return { fileName: `${expediente.fileCode}-eni.zip`, zip: writeEniPackage({ expedienteXml, documentos }) };
  });
}

/** The closure índice of a finished expediente (made now when it has none yet), or a new E03 snapshot of an open one. */
async function indiceToSend(deps: ExportEniDeps, repositories: DocsRepositories, expediente: ExpedienteRecord, by: Actor): Promise<IndiceSnapshot> {
  if (expediente.finished) {
    const closure = (await repositories.indices.list(expediente.organism, expediente.fileCode)).find((snapshot) => snapshot.estado === 'E02');
    if (closure) return closure;
  }
  const documents = await repositories.documents.listByFileCode(expediente.fileCode, [expediente.organism]);
  const snapshot = await sealIndice(deps, { expediente, documents, estado: expediente.finished ? 'E02' : 'E03', by });
  await repositories.indices.insert(snapshot);
  return snapshot;
}

/** A documento ENI: the version's bytes, its minimum metadata and its CSV signature (TF01). */
export async function documentoEni(
  deps: { blobs: BlobStore; issuer: ExportEniDeps['issuer'] },
  repositories: Pick<DocsRepositories, 'csvs'>,
  expediente: Pick<ExpedienteRecord, 'organism' | 'fileCode'>,
  document: Document,
  version: DocumentVersion,
): Promise<DocumentoEni> {
  const s = document.snapshot();
  const csv = (await repositories.csvs.forDocument(document.id)).get(version.version);
  if (!csv) {
    throw conflict(
      'document-unsigned',
      `Document ${s.eniIdentifier} (version ${version.version}) has no CSV: it entered expediente ${expediente.fileCode} before a CSV regulation was configured.`,
      { documentId: document.id },
    );
  }
  const identificador = s.eniIdentifier!;
  return {
    contenido: await readBlobBytes(deps.blobs, version.blobKey),
    nombreFormato: formatNameOf(version),
    metadatos: {
      identificador,
      organos: [expediente.organism],
      fechaCaptura: deps.issuer.sede.iso(s.capturedAt),
      origen: s.eni.origen,
      estadoElaboracion: s.eni.estadoElaboracion,
      identificadorDocumentoOrigen: s.eni.documentoOrigen,
      tipoDocumental: s.eni.tipoDocumental as DocumentoEni['metadatos']['tipoDocumental'],
    },
    firmas: [
      { tipo: 'TF01', id: `FIRMA_CSV_${identificador}`, ref: `#${identificador}_CONTENIDO`, valorCsv: csv.csv, regulacionGeneracionCsv: csv.regulation },
    ],
  };
}

/** NombreFormato from the NTI Catálogo de estándares; a type outside it keeps its file extension, upper case. */
function formatNameOf(version: DocumentVersion): string {
  return nombreFormatoFor(version.mediaType) ?? (/\.([A-Za-z0-9]{1,8})$/.exec(version.name)?.[1] ?? version.mediaType.split('/')[1] ?? 'BIN').toUpperCase();
}

/**
 * The expediente's clasificación: the procedure's code under its organ (`<DIR3>_PRO_<code>`, the
 * NTI form for a procedure outside the SIA inventory).
 */
export function clasificacionOf(expediente: Pick<ExpedienteRecord, 'organism' | 'procedureCode'>): string {
  const code = (expediente.procedureCode ?? 'SIN_CLASIFICAR').toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return `${expediente.organism}_PRO_${code}`;
}

async function assertValid(xml: string, root: 'documento' | 'expediente', name: string): Promise<void> {
  const problems = await validateEniXml(xml, root);
  if (problems.length > 0)
    throw new Error(
      `The ENI export produced ${name}, which its schema refuses: ${problems.map((problem: EniProblem) => `${problem.element}: ${problem.message}`).join('; ')}`,
    );
}
