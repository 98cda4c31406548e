import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { dir3CodeSchema, documentListSchema } from '@tramita/contracts';
import { actorOf, type Clock } from '@tramita/kernel';
import { auditedBy, type HttpApp, principalOf, problemResponse, requireRole } from '@tramita/platform';
import type { BlobStore } from '../../application/blob-store.ts';
import { deleteDocument } from '../../application/delete-document.ts';
import { getDocument } from '../../application/get-document.ts';
import { listDocuments } from '../../application/list-documents.ts';
import type { MediaTypeSniffer } from '../../application/media-type.ts';
import type { DocumentTransactions, StandaloneAudit } from '../../application/ports.ts';
import { openDocumentContent } from '../../application/open-document-content.ts';
import { uploadDocument, type UploadPolicy } from '../../application/upload-document.ts';
import type { DocumentRepository } from '../../domain/document-repository.ts';
import { onlyOrganismWhere } from './caller-organism.ts';
import { contentDisposition } from './content-disposition.ts';
import { documentDto, type DocumentPresenter } from './document-dto.ts';
import { receiveUpload } from './receive-upload.ts';

/** This service's part of the public API document: its title, what it does, its tags. */
export const DOCS_API = {
  title: 'Tramita docs',
  description: 'Documents of expedientes: streamed uploads checked by content, metadata, downloads.',
  tags: [{ name: 'docs', description: 'Documents and their contents' }],
};

export interface DocumentRoutesDeps {
  /** Document metadata (each call its own transaction). */
  documents: DocumentRepository;
  /** Writes that commit with their audit entries; the trail alone for downloads (ADR 0014). */
  transactions: DocumentTransactions;
  audit: StandaloneAudit;
  blobs: BlobStore;
  sniffer: MediaTypeSniffer;
  clock: Clock;
  policy: UploadPolicy;
  /** An upload that receives nothing for this long is abandoned with 408. */
  uploadIdleTimeoutMs: number;
  presenter: DocumentPresenter;
}

const tags = ['docs'];
const idParams = z.object({ id: z.string().min(1).max(64) });

export async function registerDocumentRoutes(app: HttpApp, deps: DocumentRoutesDeps): Promise<void> {
  const documents = deps.documents;
  const maxBytes = deps.policy.maxBytes;

  await app.register(fastifyMultipart, {
    // Browsers send non-ASCII file names as raw UTF-8 ("Solicitud año 2024.pdf").
    defCharset: 'utf8',
    limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 20, fieldSize: 64 * 1024 },
  });

  app.post(
    '/api/docs',
    {
      schema: {
        tags,
        summary: 'Upload a document (multipart/form-data, field "file"); streamed, hashed and typed from its content',
        consumes: ['multipart/form-data'],
        response: {
          201: documentDto,
          408: problemResponse('The upload sent nothing for DOCS_UPLOAD_IDLE_TIMEOUT_MS and was abandoned.'),
          413: problemResponse('The file is larger than DOCS_MAX_UPLOAD_BYTES.'),
          415: problemResponse("Not multipart/form-data, or the file's content is of a type not accepted."),
        },
      },
      preValidation: requireRole('tramitador'),
    },
    async (request, reply) =>
      receiveUpload(request, reply, { maxBytes, idleTimeoutMs: deps.uploadIdleTimeoutMs }, async (file) => {
        const document = await uploadDocument(
          { transactions: deps.transactions, blobs: deps.blobs, sniffer: deps.sniffer, clock: deps.clock, policy: deps.policy },
          {
            fileName: file.filename,
            content: file.content,
            uploadedBy: actorOf(principalOf(request)),
            audited: auditedBy(request),
            organism: onlyOrganismWhere(principalOf(request), 'tramitador'),
            confirm: file.confirm,
          },
        );
        request.log.info({ documentId: document.id, size: document.snapshot().size }, 'document uploaded');
        return reply
          .status(201)
          .header('location', `/api/docs/${document.id}`)
          .send(await deps.presenter.document(document));
      }),
  );

  app.get(
    '/api/docs',
    {
      schema: {
        tags,
        summary: 'Documents attached to an expediente, oldest first',
        querystring: z.object({
          fileCode: z.string().min(1).max(200),
          organism: dir3CodeSchema.optional().describe("Only that organism's expediente, when two of yours hold the code"),
          includeRemoved: z.stringbool().optional().describe('Also the documents removed from it (with who removed them, when and why)'),
        }),
        response: { 200: documentListSchema },
      },
    },
    async (request) => ({
      items: await deps.presenter.documents(
        await listDocuments(documents, request.query.fileCode, principalOf(request), request.query.organism, {
          includeRemoved: request.query.includeRemoved === true,
        }),
      ),
    }),
  );

  app.get('/api/docs/:id', { schema: { tags, summary: "A document's metadata", params: idParams, response: { 200: documentDto } } }, async (request) =>
    deps.presenter.document(await getDocument(documents, request.params.id, principalOf(request))),
  );

  const sendContent = async (request: FastifyRequest, reply: FastifyReply, id: string, versionNumber?: number) => {
    const { version, blob } = await openDocumentContent(
      { documents, blobs: deps.blobs, audit: deps.audit },
      id,
      principalOf(request),
      auditedBy(request),
      versionNumber,
    );
    const etag = `"${version.sha256}"`;
    reply
      .header('etag', etag)
      .header('cache-control', 'private, no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', 'sandbox');
    if (request.headers['if-none-match'] === etag) {
      blob.content.destroy();
      return reply.status(304).send();
    }
    return reply
      .header('content-type', version.mediaType)
      .header('content-length', blob.size)
      .header('content-disposition', contentDisposition(version.name))
      .send(blob.content);
  };

  app.get(
    '/api/docs/:id/content',
    { schema: { tags, summary: "Download the bytes of a document's current version (always as an attachment)", params: idParams } },
    async (request, reply) => sendContent(request, reply, request.params.id),
  );

  app.get(
    '/api/docs/:id/versions/:version/content',
    {
      schema: {
        tags,
        summary: 'Download the bytes of one version of a document (always as an attachment)',
        params: idParams.extend({ version: z.coerce.number().int().positive().max(1_000_000) }),
      },
    },
    async (request, reply) => sendContent(request, reply, request.params.id, request.params.version),
  );

  app.delete(
    '/api/docs/:id',
    { schema: { tags, summary: 'Delete an unattached document (its uploader or an admin)', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const principal = principalOf(request);
      await deleteDocument(
        { documents, blobs: deps.blobs, transactions: deps.transactions },
        { id: request.params.id, requestedBy: actorOf(principal), isAdmin: principal.roles.includes('admin'), caller: principal, audited: auditedBy(request) },
      );
      return reply.status(204).send(null);
    },
  );
}
