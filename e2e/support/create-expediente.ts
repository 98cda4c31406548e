import type { ApiClient } from './api-client.ts';
import { eventually } from './net.ts';

/** A minimal valid PDF whose bytes carry `text`. */
export const tinyPdf = (text: string) =>
  new TextEncoder().encode(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

/** Uploads a document and creates an expediente with it, waiting until its saga completed. */
export async function createExpediente(api: ApiClient, code: string, description = `expediente ${code}`): Promise<void> {
  const uploaded = await api.upload(`${code}.pdf`, tinyPdf(code));
  if (uploaded.status !== 201) throw new Error(`upload for ${code}: HTTP ${uploaded.status}: ${await uploaded.text()}`);
  const { id } = (await uploaded.json()) as { id: string };
  const created = await api.request('POST', '/api/files', { code, initialOption: 'SEDE', description, documents: [id] });
  if (created.status !== 202) throw new Error(`create ${code}: HTTP ${created.status}: ${await created.text()}`);
  const saga = created.headers.get('location')!;
  const status = await eventually(`saga of ${code}`, async () => {
    const current = await api.json<{ status: string }>('GET', saga, undefined, 200);
    return current.status === 'running' ? undefined : current.status;
  });
  if (status !== 'completed') throw new Error(`the saga of ${code} ended ${status}`);
}
