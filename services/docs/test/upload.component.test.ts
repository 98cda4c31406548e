import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF_BYTES, PNG_BYTES, sha256, startDocs, testUsers, type DocsHarness } from './helpers.ts';

interface DocumentBody {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  fileCode: string | null;
}

interface ProblemBody {
  status: number;
  code: string;
}

const MAX_BYTES = 4096;

describe('docs service: uploads and downloads over HTTP', () => {
  let docs: DocsHarness;

  beforeAll(async () => {
    docs = await startDocs({ DOCS_MAX_UPLOAD_BYTES: String(MAX_BYTES), DOCS_SWEEP_INTERVAL_SECONDS: '0' });
  });
  afterAll(async () => docs.stop());

  const url = (path: string) => `${docs.running.url}${path}`;
  const get = async (path: string, user = testUsers.consulta) => fetch(url(path), { headers: await docs.headers(user) });

  it('stores a PDF with its real non-ASCII name, size, hash and a media type read from the content', async () => {
    const response = await docs.upload(PDF_BYTES, 'Solicitud año 2024.pdf', { clientType: 'image/png' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as DocumentBody & Record<string, unknown>;
    expect(body).toMatchObject({
      name: 'Solicitud año 2024.pdf',
      mediaType: 'application/pdf',
      size: PDF_BYTES.length,
      sha256: sha256(PDF_BYTES),
      fileCode: null,
      createdBy: { username: 'agat', displayName: 'Gat Alba, Antonio' },
      updatedBy: { username: 'agat', displayName: 'Gat Alba, Antonio' },
    });
    expect(body.createdAt).toBe(body.updatedAt);
    expect(response.headers.get('location')).toBe(`/api/docs/${body.id}`);
    expect(JSON.stringify(body)).not.toContain(docs.dataDir);
    expect(await docs.blobFiles()).toContain(body.id);

    const read = await get(`/api/docs/${body.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(body);
  });

  it('detects a PNG from its bytes even when the client calls it a PDF', async () => {
    const response = await docs.upload(PNG_BYTES, 'foto.pdf', { clientType: 'application/pdf' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as DocumentBody;
    expect(body).toMatchObject({ name: 'foto.pdf', mediaType: 'image/png', size: PNG_BYTES.length, sha256: sha256(PNG_BYTES) });
  });

  it('takes valid UTF-8 without NULs as text/plain', async () => {
    const text = Buffer.from('Informe técnico: procede la solicitud.\n');
    const response = await docs.upload(text, 'informe.txt');
    expect(response.status).toBe(201);
    expect(((await response.json()) as DocumentBody).mediaType).toBe('text/plain');
  });

  it('downloads the exact bytes with safe headers for a name with quotes and accents', async () => {
    // Browsers percent-encode quotes in multipart file names; a hand-made part can carry them raw.
    const boundary = 'tramita-boundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="Informe \\"final\\"; año.pdf"\r\n`),
      Buffer.from('Content-Type: application/octet-stream\r\n\r\n'),
      PDF_BYTES,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = await fetch(url('/api/docs'), {
      method: 'POST',
      headers: { ...(await docs.headers()), 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(upload.status).toBe(201);
    const created = (await upload.json()) as DocumentBody;
    expect(created.name).toBe('Informe "final"; año.pdf');

    const response = await get(`/api/docs/${created.id}/content`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(PDF_BYTES)).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-length')).toBe(String(PDF_BYTES.length));
    expect(response.headers.get('etag')).toBe(`"${sha256(PDF_BYTES)}"`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe('sandbox');
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toBe(`attachment; filename="Informe _final_; ano.pdf"; filename*=UTF-8''Informe%20%22final%22%3B%20a%C3%B1o.pdf`);
    const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)![1]!;
    expect(decodeURIComponent(encoded)).toBe(created.name);

    const again = await fetch(url(`/api/docs/${created.id}/content`), {
      headers: { ...(await docs.headers()), 'if-none-match': `"${sha256(PDF_BYTES)}"` },
    });
    expect(again.status).toBe(304);
  });

  it('answers 404 document-not-found for unknown and malformed ids', async () => {
    for (const id of ['01a20170-0000-7000-8000-000000000000', 'not-a-uuid']) {
      for (const path of [`/api/docs/${id}`, `/api/docs/${id}/content`]) {
        const response = await get(path);
        expect(response.status).toBe(404);
        expect(((await response.json()) as ProblemBody).code).toBe('document-not-found');
      }
    }
  });

  describe('rejected uploads store nothing', () => {
    let before: string[];
    beforeAll(async () => {
      before = await docs.blobFiles();
    });

    it('refuses a file over DOCS_MAX_UPLOAD_BYTES with 413 file-too-large', async () => {
      const response = await docs.upload(Buffer.concat([PDF_BYTES, Buffer.alloc(MAX_BYTES)]), 'grande.pdf');
      expect(response.status).toBe(413);
      expect(((await response.json()) as ProblemBody).code).toBe('file-too-large');
      // The connection is still usable afterwards.
      expect((await get('/api/docs?fileCode=none')).status).toBe(200);
    });

    it('accepts a file of exactly the maximum size', async () => {
      const bytes = Buffer.concat([PDF_BYTES, Buffer.alloc(MAX_BYTES - PDF_BYTES.length, 0x20)]);
      const response = await docs.upload(bytes, 'justo.pdf');
      expect(response.status).toBe(201);
      const body = (await response.json()) as DocumentBody;
      expect(body.size).toBe(MAX_BYTES);
      const del = await fetch(url(`/api/docs/${body.id}`), { method: 'DELETE', headers: await docs.headers() });
      expect(del.status).toBe(204);
    });

    it('refuses an empty file with 400 file-empty', async () => {
      const response = await docs.upload(Buffer.alloc(0), 'vacio.pdf');
      expect(response.status).toBe(400);
      expect(((await response.json()) as ProblemBody).code).toBe('file-empty');
    });

    it('refuses a form without a "file" field with 400 file-missing', async () => {
      const other = await docs.upload(PDF_BYTES, 'x.pdf', { field: 'adjunto' });
      expect(other.status).toBe(400);
      expect(((await other.json()) as ProblemBody).code).toBe('file-missing');

      const form = new FormData();
      form.append('descripcion', 'sin fichero');
      const noFile = await fetch(url('/api/docs'), { method: 'POST', headers: await docs.headers(), body: form });
      expect(noFile.status).toBe(400);
      expect(((await noFile.json()) as ProblemBody).code).toBe('file-missing');
    });

    it('refuses a body that is not multipart with 415', async () => {
      const json = await fetch(url('/api/docs'), {
        method: 'POST',
        headers: { ...(await docs.headers()), 'content-type': 'application/json' },
        body: JSON.stringify({ file: 'JVBERi0xLjQ=' }),
      });
      expect(json.status).toBe(415);
      const raw = await fetch(url('/api/docs'), {
        method: 'POST',
        headers: { ...(await docs.headers()), 'content-type': 'application/pdf' },
        body: PDF_BYTES,
      });
      expect(raw.status).toBe(415);
    });

    it('reads a body that is not multipart up to the limit every service has, then answers 415', async () => {
      // A smaller limit here than the gateway's for such bodies would make docs refuse before
      // reading and close the connection, which the gateway could only report as 502.
      for (const contentType of ['text/plain', 'application/json']) {
        const response = await fetch(url('/api/docs'), {
          method: 'POST',
          headers: { ...(await docs.headers()), 'content-type': contentType },
          body: JSON.stringify('x'.repeat(512 * 1024)),
        });
        expect(response.status, contentType).toBe(415);
        expect(((await response.json()) as ProblemBody).code).toBe('multipart-required');
      }
    });

    it('refuses a malformed multipart body with 400', async () => {
      const response = await fetch(url('/api/docs'), {
        method: 'POST',
        headers: { ...(await docs.headers()), 'content-type': 'multipart/form-data' },
        body: 'garbage',
      });
      expect(response.status).toBe(400);
    });

    it('refuses content whose detected type is not allowed with 415 media-type-not-allowed', async () => {
      const binary = Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10]);
      const response = await docs.upload(binary, 'programa.pdf', { clientType: 'application/pdf' });
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ code: 'media-type-not-allowed', mediaType: 'application/octet-stream' });
    });

    it('refuses a caller without a token with 401 and a consulta user with 403', async () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(PDF_BYTES)]), 'a.pdf');
      const anonymous = await fetch(url('/api/docs'), { method: 'POST', body: form });
      expect(anonymous.status).toBe(401);
      const reader = await docs.upload(PDF_BYTES, 'a.pdf', { user: testUsers.consulta });
      expect(reader.status).toBe(403);
      expect((await fetch(url('/api/docs?fileCode=X'))).status).toBe(401);
    });

    it('left no blob and no temporary file behind', async () => {
      expect((await docs.blobFiles()).sort()).toEqual([...before].sort());
    });
  });
});
