import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { conflict, newId, validationError, type Actor, type Clock } from '@tramita/kernel';
import { checkImportedIdentificador, readDocumentoXml, readEniPackage, readExpedienteXml } from '@tramita/eni';
import { DIGEST_URIS, TIPOS_DOCUMENTALES, type DocumentoEni, type EniProblem, type ExpedienteMetadatos, type IndiceEntry } from '@tramita/eni/model';
import { validateEniXml } from '@tramita/eni/xsd';
import type { AuditedBy } from '@tramita/platform';
import { Document } from '../domain/document.ts';
import type { DocumentTransactions } from './ports.ts';
import { storeUpload, type StoredUpload, type StoreUploadDeps } from './store-upload.ts';

export interface ImportEniDeps extends StoreUploadDeps {
  transactions: DocumentTransactions;
  clock: Clock;
}

/** What a remitted expediente brought: its metadata and its documents, stored and ready to open it. */
export interface ImportedExpediente {
  expediente: ExpedienteMetadatos;
  documents: Document[];
}

/**
 * Receives a remitted expediente as an ENI ZIP (Ley 39/2015 art. 70.2; NTI Expediente
 * electrónico): every XML is checked against the official schemas and Tramita's rules, every
 * document's content hashed again and compared with its índice entry, and only then are the
 * documents stored (as uploads of the receiver, keeping their ENI identifiers and capture dates)
 * so that a new expediente can be opened with them. The first problem refuses the whole package,
 * naming the element, and nothing is stored.
 */
export async function importEni(
  deps: ImportEniDeps,
  input: { zip: Uint8Array; importedBy: Actor; audited: AuditedBy; organism: string | null },
): Promise<ImportedExpediente> {
  const opened = readEniPackage(input.zip);
  if (!opened.ok) throw refused(opened.problem);
  const expedienteXml = opened.expedienteXml;
  await mustValidate(expedienteXml, 'expediente', 'expediente.xml');
  const read = readExpedienteXml(expedienteXml);
  if (!read.ok) throw refused(read.problem, 'expediente.xml');
  const { metadatos, indice } = read.expediente;
  const identifierProblem = checkImportedIdentificador(metadatos.identificador, 'expediente');
  if (identifierProblem.length > 0) throw refused(identifierProblem[0]!, 'expediente.xml');

  const entries = documentEntries(indice.entries);
  const seen = new Set<string>();
  const documentos: Array<{ entry: (typeof entries)[number]; documento: DocumentoEni }> = [];
  for (const entry of entries) {
    const where = `documentos/${entry.identificador}.xml`;
    if (seen.has(entry.identificador))
      throw refused({ element: 'IndiceContenido/DocumentoIndizado', message: `The índice names document ${entry.identificador} twice.` });
    seen.add(entry.identificador);
    const xml = opened.documentos.get(entry.identificador);
    if (xml === undefined)
      throw refused({
        element: 'IndiceContenido/DocumentoIndizado',
        message: `The índice names document ${entry.identificador}, but the package has no ${where}.`,
      });
    await mustValidate(xml, 'documento', where);
    const parsed = readDocumentoXml(xml);
    if (!parsed.ok) throw refused(parsed.problem, where);
    const documento = parsed.documento;
    const meta = documento.metadatos;
    if (meta.identificador !== entry.identificador) {
      throw refused({ element: 'metadatos/Identificador', message: `${where} holds document ${meta.identificador}, not ${entry.identificador}.` }, where);
    }
    const problems = checkImportedIdentificador(meta.identificador, 'documento');
    if (problems.length > 0) throw refused(problems[0]!, where);
    if (!(TIPOS_DOCUMENTALES as readonly string[]).includes(meta.tipoDocumental)) {
      throw refused({ element: 'metadatos/TipoDocumental', message: `${meta.tipoDocumental} is not an official tipo documental (TD01–TD20, TD99).` }, where);
    }
    if (!hashMatches(documento.contenido, entry.valorHuella, entry.funcionResumen)) {
      throw refused(
        {
          element: 'contenido/ValorBinario',
          message: `The content of ${entry.identificador} does not match the hash its índice states: it was altered or damaged.`,
        },
        where,
      );
    }
    documentos.push({ entry, documento });
  }
  const extra = [...opened.documentos.keys()].find((identificador) => !seen.has(identificador));
  if (extra !== undefined) throw refused({ element: 'IndiceContenido', message: `The package holds documentos/${extra}.xml, which the índice does not name.` });

  const now = deps.clock.now();
  const stored: StoredUpload[] = [];
  try {
    for (const { documento, entry } of documentos) {
      const id = newId(now.getTime());
      stored.push(
        await storeUpload(deps, {
          key: id,
          fileName: `${entry.identificador}.${documento.nombreFormato.toLowerCase()}`,
          content: Readable.from([Buffer.from(documento.contenido)]),
        }),
      );
    }
  } catch (error) {
    for (const upload of stored) await deps.blobs.delete(upload.key);
    throw error;
  }
  try {
    return await deps.transactions.run(async (repository, audit) => {
      const documents: Document[] = [];
      for (const [index, { documento, entry }] of documentos.entries()) {
        const upload = stored[index]!;
        const meta = documento.metadatos;
        const document = Document.upload({
          id: upload.key,
          ...upload,
          uploadedBy: input.importedBy,
          at: now,
          organism: input.organism,
          eni: {
            origen: meta.origen,
            estadoElaboracion: meta.estadoElaboracion,
            documentoOrigen: meta.identificadorDocumentoOrigen,
            tipoDocumental: meta.tipoDocumental,
          },
          folder: entry.folder,
          imported: { capturedAt: new Date(meta.fechaCaptura), eniIdentifier: meta.identificador },
        });
        if (await repository.hasEniIdentifier(meta.identificador)) {
          throw conflict('eni-document-exists', `Document ${meta.identificador} is already held here: this expediente was imported before.`, {
            identificador: meta.identificador,
          });
        }
        await repository.insert(document);
        documents.push(document);
      }
      await audit.record(
        { action: 'eni.import', organism: input.organism, details: { expediente: metadatos.identificador, documents: documents.map((d) => d.id) } },
        input.audited,
      );
      return { expediente: metadatos, documents };
    });
  } catch (error) {
    // Nothing of a refused package stays.
    for (const upload of stored) await deps.blobs.delete(upload.key);
    throw error;
  }
}

/** The documents of an índice in order, each with the folder it is filed in (the innermost one; sub-expedientes are flattened). */
function documentEntries(
  entries: readonly IndiceEntry[],
  folder: string | null = null,
): Array<Extract<IndiceEntry, { kind: 'documento' }> & { folder: string | null }> {
  return entries.flatMap((entry) =>
    entry.kind === 'documento'
      ? [{ ...entry, folder }]
      : documentEntries(entry.entries, entry.kind === 'carpeta' && /^[A-Za-z0-9._-]{1,64}$/.test(entry.identificador) ? entry.identificador : folder),
  );
}

/** The índice's hash, hex or base64, by its FuncionResumen (SHA-256 or SHA-512). */
function hashMatches(content: Uint8Array, expected: string, uri: string): boolean {
  const algorithm = uri === DIGEST_URIS.sha512 || /sha-?512/i.test(uri) ? 'sha512' : uri === DIGEST_URIS.sha256 || /sha-?256/i.test(uri) ? 'sha256' : null;
  if (!algorithm) return false;
  const digest = createHash(algorithm).update(content);
  const hex = digest.copy().digest('hex');
  const value = expected.trim();
  return value.toLowerCase() === hex || value === digest.digest('base64');
}

async function mustValidate(xml: string, root: 'documento' | 'expediente', where: string): Promise<void> {
  const problems = await validateEniXml(xml, root);
  if (problems.length > 0) throw refused(problems[0]!, where);
}

function refused(problem: EniProblem, where?: string) {
  return validationError('eni-invalid', `The ENI package was refused${where ? ` (${where})` : ''}: ${problem.element}: ${problem.message}`, {
    element: problem.element,
    ...(where ? { entry: where } : {}),
  });
}
