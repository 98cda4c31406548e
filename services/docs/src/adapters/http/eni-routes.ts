import { z } from 'zod';
import {
  dir3CodeSchema,
  eniImportResultSchema,
  fileCodeParamsSchema,
  indiceResourceSchema,
  indiceSnapshotSchema,
  type IndiceEntryResource,
  type IndiceSnapshotResource,
} from '@tramita/contracts';
import { actorOf, DomainError, type Clock } from '@tramita/kernel';
import { writeDocumentoXml } from '@tramita/eni';
import type { IndiceEntry } from '@tramita/eni/model';
import { auditedBy, type HttpApp, principalOf, problemResponse, requireRole } from '@tramita/platform';
import type { BlobStore } from '../../application/blob-store.ts';
import type { EniIssuer } from '../../application/eni-issuer.ts';
import { documentoEni, exportEni } from '../../application/export-eni.ts';
import { getDocument } from '../../application/get-document.ts';
import { importEni } from '../../application/import-eni.ts';
import { indiceOfExpediente } from '../../application/indice-of-expediente.ts';
import type { MediaTypeSniffer } from '../../application/media-type.ts';
import type { DocsRepositories, DocumentTransactions, FileRecords, SealSigner } from '../../application/ports.ts';
import { prepareRemision } from '../../application/prepare-remision.ts';
import type { UploadPolicy } from '../../application/store-upload.ts';
import type { Document } from '../../domain/document.ts';
import type { IndiceSnapshot } from '../../domain/indice-snapshot.ts';
import { onlyOrganismWhere } from './caller-organism.ts';
import { contentDisposition } from './content-disposition.ts';
import { askerOf } from './document-change-routes.ts';
import { type DocumentPresenter } from './document-dto.ts';
import { receiveUpload } from './receive-upload.ts';

export interface EniRoutesDeps {
  repositories: DocsRepositories;
  transactions: DocumentTransactions;
  files: FileRecords;
  issuer: EniIssuer;
  signer: SealSigner | null;
  blobs: BlobStore;
  sniffer: MediaTypeSniffer;
  clock: Clock;
  policy: UploadPolicy;
  /** Largest ENI ZIP accepted for import. */
  maxImportBytes: number;
  uploadIdleTimeoutMs: number;
  presenter: DocumentPresenter;
}

const tags = ['eni'];
const organismQuery = z.object({ organism: dir3CodeSchema.optional().describe("Only that organism's expediente, when two of yours hold the code") });

/** The índice electrónico, remisiones, and ENI export and import of expedientes (ADR 0017). */
export function registerEniRoutes(app: HttpApp, deps: EniRoutesDeps): void {
  const resolveDeps = { repositories: deps.repositories, files: deps.files, issuer: deps.issuer, clock: deps.clock };

  app.get(
    '/api/files/:code/indice',
    {
      schema: {
        tags,
        summary: "An expediente's índice electrónico as it stands, and every signed one (closure E02, remisión E03)",
        params: fileCodeParamsSchema,
        querystring: organismQuery,
        response: { 200: indiceResourceSchema },
      },
    },
    async (request) => {
      const view = await indiceOfExpediente(resolveDeps, {
        fileCode: request.params.code,
        ...(request.query.organism ? { organism: request.query.organism } : {}),
        caller: principalOf(request),
        asker: askerOf(request),
      });
      const names = namesOf(view.documents);
      return {
        fileCode: view.expediente.fileCode,
        identificador: view.expediente.eniIdentifier,
        estado: view.expediente.finished ? ('E02' as const) : ('E01' as const),
        current: { fechaIndice: view.current.fechaIndice, entries: toEntryResources(view.current.entries, names) },
        snapshots: view.snapshots.map((snapshot) => toSnapshotResource(snapshot, names)),
      };
    },
  );

  app.post(
    '/api/files/:code/remisiones',
    {
      schema: {
        tags,
        summary: 'Seal a snapshot of the índice for a remisión (E03) while the expediente stays as it is',
        params: fileCodeParamsSchema,
        querystring: organismQuery,
        response: {
          201: indiceSnapshotSchema,
          409: problemResponse('The expediente has no documents, or nothing can sign the índice (no CSV regulation nor seal configured).'),
        },
      },
      preValidation: requireRole('tramitador'),
    },
    async (request, reply) => {
      const snapshot = await prepareRemision(
        { ...resolveDeps, signer: deps.signer, transactions: deps.transactions },
        {
          fileCode: request.params.code,
          ...(request.query.organism ? { organism: request.query.organism } : {}),
          caller: principalOf(request),
          actor: actorOf(principalOf(request)),
          asker: askerOf(request),
          audited: auditedBy(request),
        },
      );
      return reply.status(201).send(toSnapshotResource(snapshot, new Map()));
    },
  );

  app.get(
    '/api/files/:code/eni',
    {
      schema: {
        tags,
        summary:
          'The expediente as ENI: one ZIP with expediente.xml (metadata and signed índice), documentos/<id>.xml and SHA256SUMS (409: no documents, a document without a CSV, or nothing can sign the índice)',
        params: fileCodeParamsSchema,
        querystring: organismQuery,
      },
    },
    async (request, reply) => {
      const exported = await exportEni(
        { ...resolveDeps, signer: deps.signer, transactions: deps.transactions, blobs: deps.blobs },
        {
          fileCode: request.params.code,
          ...(request.query.organism ? { organism: request.query.organism } : {}),
          caller: principalOf(request),
          actor: actorOf(principalOf(request)),
          asker: askerOf(request),
          audited: auditedBy(request),
        },
      );
      return reply
        .header('cache-control', 'private, no-store')
        .header('content-type', 'application/zip')
        .header('content-disposition', contentDisposition(exported.fileName))
        .send(Buffer.from(exported.zip));
    },
  );

  app.get(
    '/api/docs/:id/eni',
    {
      schema: {
        tags,
        summary: 'The documento ENI of a document (its current version): metadata, content and CSV signature',
        params: z.object({ id: z.string().min(1).max(64) }),
      },
    },
    async (request, reply) => {
      const document = await getDocument(deps.repositories.documents, request.params.id, principalOf(request));
      const s = document.snapshot();
      if (s.fileCode === null || s.organism === null) {
        throw new DomainError('document-not-attached', 'conflict', 'A document becomes a documento ENI when it enters an expediente.');
      }
      const documento = await documentoEni(deps, deps.repositories, { organism: s.organism, fileCode: s.fileCode }, document, document.currentVersionRecord());
      return reply
        .header('cache-control', 'private, no-store')
        .header('content-type', 'application/xml; charset=utf-8')
        .header('content-disposition', contentDisposition(`${s.eniIdentifier}.xml`))
        .send(writeDocumentoXml(documento));
    },
  );

  app.post(
    '/api/eni/imports',
    {
      schema: {
        tags,
        summary: 'Receive a remitted expediente as an ENI ZIP (multipart/form-data, field "file"): its documents are checked and stored, ready to open it',
        consumes: ['multipart/form-data'],
        response: { 201: eniImportResultSchema, 400: problemResponse('The package was refused: the detail names the first invalid element.') },
      },
      preValidation: requireRole('tramitador'),
    },
    async (request, reply) =>
      receiveUpload(request, reply, { maxBytes: deps.maxImportBytes, idleTimeoutMs: deps.uploadIdleTimeoutMs }, async (file) => {
        const chunks: Buffer[] = [];
        for await (const chunk of file.content) chunks.push(chunk as Buffer);
        await file.confirm();
        const principal = principalOf(request);
        const imported = await importEni(
          { transactions: deps.transactions, blobs: deps.blobs, sniffer: deps.sniffer, policy: deps.policy, clock: deps.clock },
          {
            zip: new Uint8Array(Buffer.concat(chunks)),
            importedBy: actorOf(principal),
            audited: auditedBy(request),
            organism: onlyOrganismWhere(principal, 'tramitador'),
          },
        );
        return reply.status(201).send({ expediente: imported.expediente, documents: await deps.presenter.documents(imported.documents) });
      }),
  );
}

function namesOf(documents: readonly Document[]): Map<string, { id: string; name: string }> {
  return new Map(
    documents.flatMap((document) => {
      const s = document.snapshot();
      return s.eniIdentifier ? [[s.eniIdentifier, { id: s.id, name: s.name }] as const] : [];
    }),
  );
}

function toEntryResources(entries: readonly IndiceEntry[], names: Map<string, { id: string; name: string }>): IndiceEntryResource[] {
  return entries.flatMap((entry): IndiceEntryResource[] => {
    if (entry.kind === 'documento') {
      const known = names.get(entry.identificador);
      return [{ ...entry, documentId: known?.id ?? null, name: known?.name ?? null }];
    }
    if (entry.kind === 'carpeta') return [{ kind: 'carpeta', identificador: entry.identificador, entries: toEntryResources(entry.entries, names) }];
    // Tramita's índices hold no sub-expedientes; an imported one would show its documents flat.
    return toEntryResources(entry.entries, names);
  });
}

function toSnapshotResource(snapshot: IndiceSnapshot, names: Map<string, { id: string; name: string }>): IndiceSnapshotResource {
  return {
    id: snapshot.id,
    estado: snapshot.estado,
    fechaIndice: snapshot.fechaIndice.toISOString(),
    firmas: snapshot.firmas as IndiceSnapshotResource['firmas'],
    csv: snapshot.csv,
    entries: toEntryResources(snapshot.entries, names),
    createdAt: snapshot.createdAt.toISOString(),
    createdBy: { username: snapshot.createdBy.username, displayName: snapshot.createdBy.displayName },
  };
}
