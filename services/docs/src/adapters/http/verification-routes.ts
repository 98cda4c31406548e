import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { verificationSchema, type VerificationResource } from '@tramita/contracts';
import { conflict } from '@tramita/kernel';
import { formatCsv, nombreFormatoFor, writeDocumentoXml } from '@tramita/eni';
import { stampPdf } from '@tramita/eni/stamp';
import { auditedBy, type HttpApp } from '@tramita/platform';
import { readBlobBytes, type BlobStore } from '../../application/blob-store.ts';
import { verificationUrlOf, type EniIssuer } from '../../application/eni-issuer.ts';
import { documentoEni } from '../../application/export-eni.ts';
import type { DocsRepositories } from '../../application/ports.ts';
import { verifyCsv, type VerifiedDocument, type VerifyCsvDeps } from '../../application/verify-csv.ts';
import { contentDisposition } from './content-disposition.ts';

export interface VerificationRoutesDeps extends VerifyCsvDeps {
  repositories: DocsRepositories;
  blobs: BlobStore;
  issuer: EniIssuer;
}

const tags = ['verificación'];
const csvParams = z.object({ csv: z.string().min(1).max(64) });
const ENI_XML = 'application/xml; charset=utf-8';

/**
 * The public verification of documents by their CSV (Ley 40/2015 art. 42.b; Ley 39/2015 art.
 * 27.3.c), without a login: the minimum metadata and the verdict, the signed original, a printable
 * copy stamped with the CSV and a QR code on every page, and the documento ENI.
 */
export function registerVerificationRoutes(app: HttpApp, deps: VerificationRoutesDeps): void {
  const verify = (request: FastifyRequest<{ Params: { csv: string } }>, purpose: string) =>
    verifyCsv(deps, { csv: request.params.csv, audited: auditedBy(request), purpose });

  app.get(
    '/verificacion/:csv',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Verify a document by its CSV: minimum ENI metadata, signatures and verdict (JSON, verificationSchema), or the documento ENI (Accept: application/xml); 400 for a malformed code, 404 for an unknown one',
        params: csvParams,
      },
    },
    async (request, reply) => {
      const wantsXml = /application\/xml|text\/xml/.test(request.headers.accept ?? '') && !/application\/json/.test(request.headers.accept ?? '');
      const verified = await verify(request, wantsXml ? 'eni' : 'metadata');
      reply.header('cache-control', 'no-store').header('vary', 'accept');
      if (wantsXml) return sendEni(reply, verified);
      // Served without a response schema (the same path answers XML too): checked against the contract here.
      return reply.header('content-type', 'application/json; charset=utf-8').send(verificationSchema.parse(presentation(verified)));
    },
  );

  app.get(
    '/verificacion/:csv/original',
    { config: { public: true }, schema: { tags, summary: 'Download the verified document, exactly the bytes its CSV is bound to', params: csvParams } },
    async (request, reply) => {
      const verified = await verify(request, 'original');
      const bytes = await boundBytes(verified);
      return reply
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', 'sandbox')
        .header('content-type', verified.version.mediaType)
        .header('content-disposition', contentDisposition(verified.version.name))
        .send(Buffer.from(bytes));
    },
  );

  app.get(
    '/verificacion/:csv/copia',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'A printable copy of a PDF document: every page carries the CSV, the verification address and a QR code (409 for other formats)',
        params: csvParams,
      },
    },
    async (request, reply) => {
      const verified = await verify(request, 'copia');
      if (verified.version.mediaType !== 'application/pdf') {
        throw conflict('copy-not-available', 'Only PDF documents have a printable copy; download the original instead.');
      }
      const policy = deps.issuer.csvPolicy;
      const url = policy ? verificationUrlOf(policy, verified.record.csv) : `/verificar/${verified.record.csv}`;
      const legend = verified.record.annulment ? 'DOCUMENTO ANULADO: esta copia no tiene validez' : 'Copia auténtica de documento electrónico';
      const stamped = await stampPdf(await boundBytes(verified), { csv: formatCsv(verified.record.csv), verificationUrl: url, legend });
      return reply
        .header('cache-control', 'no-store')
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(`copia-${verified.version.name}`))
        .send(Buffer.from(stamped));
    },
  );

  app.get(
    '/verificacion/:csv/eni',
    { config: { public: true }, schema: { tags, summary: 'The documento ENI (metadata, content and signatures) of the verified document', params: csvParams } },
    async (request, reply) => sendEni(reply, await verify(request, 'eni')),
  );

  async function sendEni(reply: FastifyReply, verified: VerifiedDocument) {
    const s = verified.document.snapshot();
    const documento = await documentoEni(
      deps,
      deps.repositories,
      { organism: verified.record.organ, fileCode: s.fileCode ?? '' },
      verified.document,
      verified.version,
    );
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', ENI_XML)
      .header('content-disposition', contentDisposition(`${s.eniIdentifier ?? s.id}.xml`))
      .send(writeDocumentoXml(documento));
  }

  /** The bytes the CSV is bound to, checked against the hash recorded when it was issued. */
  async function boundBytes(verified: VerifiedDocument): Promise<Uint8Array> {
    const bytes = await readBlobBytes(deps.blobs, verified.version.blobKey);
    if (createHash('sha256').update(bytes).digest('hex') !== verified.record.sha256) {
      throw new Error(`The stored content of ${verified.version.blobKey} no longer matches the hash its CSV is bound to`);
    }
    return bytes;
  }
}

function presentation(verified: VerifiedDocument): VerificationResource {
  const { record, document, version } = verified;
  const s = document.snapshot();
  const base = `/verificacion/${record.csv}`;
  return {
    csv: formatCsv(record.csv),
    verdict: record.annulment ? 'ANULADO' : 'VIGENTE',
    annulment: record.annulment ? { at: record.annulment.at.toISOString(), reason: record.annulment.reason } : null,
    documento: {
      identificador: s.eniIdentifier ?? s.id,
      organo: record.organ,
      fechaCaptura: s.capturedAt.toISOString(),
      tipoDocumental: s.eni.tipoDocumental as VerificationResource['documento']['tipoDocumental'],
      estadoElaboracion: s.eni.estadoElaboracion,
      nombreFormato: nombreFormatoFor(version.mediaType),
      version: version.version,
      size: version.size,
      sha256: record.sha256,
      issuedAt: record.issuedAt.toISOString(),
    },
    firmas: [{ tipo: 'TF01', detalle: `Código Seguro de Verificación ${formatCsv(record.csv)}` }],
    regulacion: record.regulation,
    availableUntil: record.availableUntil?.toISOString() ?? null,
    links: { original: `${base}/original`, copia: version.mediaType === 'application/pdf' ? `${base}/copia` : null, eni: `${base}/eni` },
  };
}
