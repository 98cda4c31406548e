import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import { dir3CodeSchema, documentListSchema } from '@tramita/contracts';
import { actorOf, DomainError, isDomainError, type Clock } from '@tramita/kernel';
import { auditedBy, type HttpApp, principalOf, problem, problemResponse, requireRole, sendProblem } from '@tramita/platform';
import type { BlobStore } from '../../application/blob-store.ts';
import { deleteDocument } from '../../application/delete-document.ts';
import { getDocument } from '../../application/get-document.ts';
import { listDocuments } from '../../application/list-documents.ts';
import type { MediaTypeSniffer } from '../../application/media-type.ts';
import type { DocumentTransactions, StandaloneAudit } from '../../application/ports.ts';
import { openDocumentContent } from '../../application/open-document-content.ts';
import { uploadDocument, type UploadPolicy } from '../../application/upload-document.ts';
import type { DocumentRepository } from '../../domain/document-repository.ts';
import { contentDisposition } from './content-disposition.ts';
import { documentDto, toDocumentDto } from './document-dto.ts';
import { UploadGuard } from './upload-guard.ts';
import { guardedUpload } from './upload-stream.ts';

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
}

const tags = ['docs'];
/** Room for the form around the file (boundaries, part headers), as the gateway allows for it. */
const FORM_ALLOWANCE_BYTES = 1024 * 1024;
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
    async (request, reply) => {
      // Fastify's body limit applies only to bodies it buffers (JSON, text); the multipart parser
      // streams and is capped by `fileSize` instead. A buffered body is never valid here, yet it
      // keeps the limit every service has (the gateway's for such bodies): refusing it before
      // reading it would close the connection under the gateway's feet, which then answers 502.
      if (!request.isMultipart()) {
        return sendProblem(reply, problem(415, 'multipart-required', 'Send the document as multipart/form-data with a "file" field.'));
      }
      const guard = new UploadGuard(request.raw, deps.uploadIdleTimeoutMs);
      const parts = request.parts();
      const nextPart = () =>
        guard.race(parts.next()).catch((error: unknown) => {
          throw multipartError(error);
        });
      try {
        const first = await nextPart();
        const part = first.done ? undefined : first.value;
        if (part?.type !== 'file' || part.fieldname !== 'file') {
          if (part?.type === 'file') part.file.resume();
          throw new DomainError('file-missing', 'validation', 'The request has no "file" field with a file in it.');
        }
        const content = guardedUpload(part.file, maxBytes);
        guard.watch(part.file, content);
        const document = await uploadDocument(
          { transactions: deps.transactions, blobs: deps.blobs, sniffer: deps.sniffer, clock: deps.clock, policy: deps.policy },
          {
            fileName: part.filename,
            content,
            uploadedBy: actorOf(principalOf(request)),
            audited: auditedBy(request),
            organism: onlyOrganismWhere(principalOf(request), 'tramitador'),
            // Nothing may follow the file: a second file or any field is refused, not ignored.
            confirm: async () => {
              const extra = await nextPart();
              if (!extra.done) throw unexpectedPart(extra.value.type === 'file' ? 'file' : 'field', extra.value.fieldname);
            },
          },
        );
        request.log.info({ documentId: document.id, size: document.snapshot().size }, 'document uploaded');
        return reply.status(201).header('location', `/api/docs/${document.id}`).send(toDocumentDto(document));
      } catch (error) {
        // Read the rest of a refused form (as much as an upload may be) so a sender still writing
        // gets this answer; when it cannot be read to its end, the connection is not reused.
        if (!(await guard.discardRest(maxBytes + FORM_ALLOWANCE_BYTES))) reply.header('connection', 'close');
        if (isDomainError(error) && error.code === 'media-type-not-allowed') {
          return sendProblem(reply, problem(415, error.code, error.message, error.details ?? {}));
        }
        throw error;
      } finally {
        guard.dispose();
      }
    },
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
        }),
        response: { 200: documentListSchema },
      },
    },
    async (request) => ({
      items: (await listDocuments(documents, request.query.fileCode, principalOf(request), request.query.organism)).map(toDocumentDto),
    }),
  );

  app.get('/api/docs/:id', { schema: { tags, summary: "A document's metadata", params: idParams, response: { 200: documentDto } } }, async (request) =>
    toDocumentDto(await getDocument(documents, request.params.id, principalOf(request))),
  );

  app.get(
    '/api/docs/:id/content',
    { schema: { tags, summary: "Download a document's bytes (always as an attachment)", params: idParams } },
    async (request, reply) => {
      const { document, blob } = await openDocumentContent(
        { documents, blobs: deps.blobs, audit: deps.audit },
        request.params.id,
        principalOf(request),
        auditedBy(request),
      );
      const s = document.snapshot();
      const etag = `"${s.sha256}"`;
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
        .header('content-type', s.mediaType)
        .header('content-length', blob.size)
        .header('content-disposition', contentDisposition(s.name))
        .send(blob.content);
    },
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

/** The one organism where the caller holds `role`, or null when there are none or several. */
function onlyOrganismWhere(caller: { memberships: readonly { organism: string; roles: readonly string[] }[] }, role: string): string | null {
  const organisms = caller.memberships.filter((membership) => membership.roles.includes(role)).map((membership) => membership.organism);
  return organisms.length === 1 ? organisms[0]! : null;
}

function unexpectedPart(kind: 'file' | 'field', name: string): DomainError {
  return kind === 'file'
    ? new DomainError('one-file-only', 'validation', 'Send one document per request: the form carries more than one file.')
    : new DomainError('unexpected-field', 'validation', `The form may carry only the "file" field, not "${name}".`, { field: name });
}

/** Malformed multipart (no boundary, cut short) is the client's fault; limits keep their status. */
function multipartError(error: unknown): unknown {
  if (isDomainError(error)) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_FILES_LIMIT') return unexpectedPart('file', 'file');
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return new DomainError('unexpected-field', 'validation', 'The form may carry only the "file" field.');
  }
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return error;
  return new DomainError('multipart-malformed', 'validation', 'The multipart/form-data body could not be read.');
}
