import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@tramita/contracts';
import { buildEnvelope } from '@tramita/messaging';
import { eventually, PDF_BYTES, startDocs, type DocsHarness } from './helpers.ts';

describe('docs service: sweeper, health and API document', () => {
  let docs: DocsHarness;

  beforeAll(async () => {
    // About 3.6 s of grace for unattached uploads, swept every 200 ms.
    docs = await startDocs({ DOCS_UNATTACHED_TTL_HOURS: '0.001', DOCS_SWEEP_INTERVAL_SECONDS: '0.2' });
  });
  afterAll(async () => docs.stop());

  it('deletes abandoned uploads (metadata and bytes) and keeps attached ones', async () => {
    const upload = async () => ((await (await docs.upload(PDF_BYTES, 'a.pdf')).json()) as { id: string }).id;
    const abandoned = await upload();
    const kept = await upload();
    await docs.transport.publish([
      buildEnvelope(
        {
          topic: topics.docsCommands,
          type: 'AttachDocuments',
          subject: 'EXP-7',
          data: { fileCode: 'EXP-7', documentIds: [kept], requestedBy: { username: 'agat', displayName: 'Gat Alba, Antonio' } },
        },
        { source: 'test', correlationId: 'c', causationId: null },
      ),
    ]);

    await eventually(async () => ((await docs.blobFiles()).includes(abandoned) ? undefined : true), 15_000);
    const headers = await docs.headers();
    expect((await fetch(`${docs.running.url}/api/docs/${abandoned}`, { headers })).status).toBe(404);
    expect((await fetch(`${docs.running.url}/api/docs/${kept}`, { headers })).status).toBe(200);
    expect(await docs.blobFiles()).toEqual([kept]);
  });

  it('accepts uploads far larger than the route bodyLimit (multipart streams past it)', async () => {
    const big = Buffer.alloc(300 * 1024, 'a');
    const response = await docs.upload(big, 'largo.txt');
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; size: number; mediaType: string };
    expect(body).toMatchObject({ size: big.length, mediaType: 'text/plain' });
    expect((await fetch(`${docs.running.url}/api/docs/${body.id}`, { method: 'DELETE', headers: await docs.headers() })).status).toBe(204);
  });

  it('reports ready and documents its routes in OpenAPI', async () => {
    const ready = await fetch(`${docs.running.url}/health/ready`);
    expect(ready.status).toBe(200);
    const openapi = (await (await fetch(`${docs.running.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths).sort()).toEqual([
      '/api/admin/docs/audit',
      '/api/admin/docs/audit/export',
      '/api/admin/docs/messaging',
      '/api/docs',
      '/api/docs/{id}',
      '/api/docs/{id}/content',
      '/api/docs/{id}/eni',
      '/api/docs/{id}/metadata',
      '/api/docs/{id}/removal',
      '/api/docs/{id}/versions',
      '/api/docs/{id}/versions/{version}/content',
      '/api/eni/imports',
      '/api/files/{code}/documents',
      '/api/files/{code}/eni',
      '/api/files/{code}/indice',
      '/api/files/{code}/remisiones',
      '/verificacion/{csv}',
      '/verificacion/{csv}/copia',
      '/verificacion/{csv}/eni',
      '/verificacion/{csv}/original',
    ]);
  });
});
