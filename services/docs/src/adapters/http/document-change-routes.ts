import { z } from 'zod';
import {
  dir3CodeSchema,
  documentEniInputSchema,
  documentMetadataChangeSchema,
  documentRemovalSchema,
  fileCodeParamsSchema,
  documentVersionListSchema,
  type DocumentEniInput,
} from '@tramita/contracts';
import { actorOf, validationError } from '@tramita/kernel';
import { auditedBy, type HttpApp, principalOf, problemResponse, requireRole } from '@tramita/platform';
import type { FastifyRequest } from 'fastify';
import { addDocument } from '../../application/add-document.ts';
import { addVersion } from '../../application/add-version.ts';
import type { BlobStore } from '../../application/blob-store.ts';
import { changeDocumentMetadata } from '../../application/change-document-metadata.ts';
import type { EniIssuer } from '../../application/eni-issuer.ts';
import { getDocument } from '../../application/get-document.ts';
import type { MediaTypeSniffer } from '../../application/media-type.ts';
import type { DocsRepositories, DocumentTransactions, FileRecords, FilesAsker } from '../../application/ports.ts';
import { removeDocument } from '../../application/remove-document.ts';
import type { UploadPolicy } from '../../application/store-upload.ts';
import type { DocumentEniMetadata } from '../../domain/document.ts';
import type { Clock } from '@tramita/kernel';
import { documentDto, type DocumentPresenter } from './document-dto.ts';
import { receiveUpload } from './receive-upload.ts';

export interface DocumentChangeRoutesDeps {
  repositories: DocsRepositories;
  transactions: DocumentTransactions;
  files: FileRecords;
  issuer: EniIssuer;
  blobs: BlobStore;
  sniffer: MediaTypeSniffer;
  clock: Clock;
  policy: UploadPolicy;
  uploadIdleTimeoutMs: number;
  presenter: DocumentPresenter;
}

const tags = ['docs'];
const idParams = z.object({ id: z.string().min(1).max(64) });
const ENI_FIELDS = ['tipoDocumental', 'origen', 'estadoElaboracion', 'identificadorDocumentoOrigen', 'folder'] as const;
const finished = problemResponse('The expediente is finished (file-finished): its documents are read-only; or the document was removed.');

/** Documents in an open expediente: added, given new versions, described (ENI metadata) and removed (ADR 0017). */
export function registerDocumentChangeRoutes(app: HttpApp, deps: DocumentChangeRoutesDeps): void {
  const writeDeps = { repositories: deps.repositories, files: deps.files, issuer: deps.issuer, clock: deps.clock };
  const uploadOptions = { maxBytes: deps.policy.maxBytes, idleTimeoutMs: deps.uploadIdleTimeoutMs };

  app.post(
    '/api/files/:code/documents',
    {
      schema: {
        tags,
        summary: 'Add a document to an open expediente (multipart/form-data: the ENI fields, then "file"); it gets an ENI identifier and a CSV',
        consumes: ['multipart/form-data'],
        params: fileCodeParamsSchema,
        querystring: z.object({ organism: dir3CodeSchema.optional() }),
        response: { 201: documentDto, 409: finished, 413: problemResponse('The file is larger than DOCS_MAX_UPLOAD_BYTES.') },
      },
      preValidation: requireRole('tramitador'),
    },
    async (request, reply) =>
      receiveUpload(request, reply, { ...uploadOptions, fields: ENI_FIELDS }, async (file, fields) => {
        const input = parseEniFields(fields);
        const document = await addDocument(
          { ...writeDeps, transactions: deps.transactions, blobs: deps.blobs, sniffer: deps.sniffer, policy: deps.policy },
          {
            fileCode: request.params.code,
            ...(request.query.organism ? { organism: request.query.organism } : {}),
            caller: principalOf(request),
            actor: actorOf(principalOf(request)),
            asker: askerOf(request),
            audited: auditedBy(request),
            eni: toDomainEni(input),
            folder: input.folder,
            fileName: file.filename,
            content: file.content,
            confirm: file.confirm,
          },
        );
        return reply
          .status(201)
          .header('location', `/api/docs/${document.id}`)
          .send(await deps.presenter.document(document));
      }),
  );

  app.post(
    '/api/docs/:id/versions',
    {
      schema: {
        tags,
        summary: 'Add a new version of a document in an open expediente (multipart/form-data, field "file"); earlier versions stay',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 201: documentDto, 409: finished },
      },
      preValidation: requireRole('tramitador'),
    },
    async (request, reply) =>
      receiveUpload(request, reply, uploadOptions, async (file) => {
        const document = await addVersion(
          { ...writeDeps, transactions: deps.transactions, blobs: deps.blobs, sniffer: deps.sniffer, policy: deps.policy },
          {
            id: request.params.id,
            caller: principalOf(request),
            actor: actorOf(principalOf(request)),
            asker: askerOf(request),
            audited: auditedBy(request),
            fileName: file.filename,
            content: file.content,
            confirm: file.confirm,
          },
        );
        return reply.status(201).send(await deps.presenter.document(document));
      }),
  );

  app.get(
    '/api/docs/:id/versions',
    {
      schema: {
        tags,
        summary: "A document's versions, oldest first, each with its hash, author, time and CSV",
        params: idParams,
        response: { 200: documentVersionListSchema },
      },
    },
    async (request) => ({ items: await deps.presenter.versions(await getDocument(deps.repositories.documents, request.params.id, principalOf(request))) }),
  );

  app.put(
    '/api/docs/:id/metadata',
    {
      schema: {
        tags,
        summary: "State a document's ENI metadata and folder again (open expediente)",
        params: idParams,
        body: documentMetadataChangeSchema,
        response: { 200: documentDto, 409: finished },
      },
      preValidation: requireRole('tramitador'),
    },
    async (request) => {
      const document = await changeDocumentMetadata(
        { ...writeDeps, transactions: deps.transactions },
        {
          id: request.params.id,
          caller: principalOf(request),
          actor: actorOf(principalOf(request)),
          asker: askerOf(request),
          audited: auditedBy(request),
          eni: toDomainEni(request.body),
          folder: request.body.folder,
        },
      );
      return deps.presenter.document(document);
    },
  );

  app.post(
    '/api/docs/:id/removal',
    {
      schema: {
        tags,
        summary: 'Remove a document from its open expediente: it leaves the índice, its CSVs are annulled, its history stays',
        params: idParams,
        body: documentRemovalSchema,
        response: { 200: documentDto, 409: finished },
      },
      preValidation: requireRole('tramitador'),
    },
    async (request) => {
      const document = await removeDocument(
        { ...writeDeps, transactions: deps.transactions },
        {
          id: request.params.id,
          caller: principalOf(request),
          actor: actorOf(principalOf(request)),
          asker: askerOf(request),
          audited: auditedBy(request),
          reason: request.body.reason,
        },
      );
      return deps.presenter.document(document);
    },
  );
}

/** The caller's own token and request id, for asking files on their behalf. */
export const askerOf = (request: FastifyRequest): FilesAsker => ({ authorization: request.headers.authorization, requestId: request.id });

function parseEniFields(fields: Record<string, string>): DocumentEniInput {
  const blankless = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, value.trim() === '' ? null : value]));
  const parsed = documentEniInputSchema.safeParse(blankless);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw validationError(
      'invalid-document-metadata',
      `The document's ENI metadata is not valid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}.`,
      { errors },
    );
  }
  return parsed.data;
}

function toDomainEni(input: DocumentEniInput): DocumentEniMetadata {
  return {
    origen: input.origen,
    estadoElaboracion: input.estadoElaboracion,
    documentoOrigen: input.identificadorDocumentoOrigen,
    tipoDocumental: input.tipoDocumental,
  };
}
