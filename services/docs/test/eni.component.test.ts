import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { strToU8, zipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignedXml } from 'xml-crypto';
import {
  bpmEventMessages,
  type DocumentResource,
  type DocumentVersionListResource,
  type EniImportResultResource,
  type IndiceResource,
  type VerificationResource,
} from '@tramita/contracts';
import { readEniPackage, readExpedienteXml, writeEniPackage } from '@tramita/eni';
import { generateTestSeal, verifyDetached } from '@tramita/eni/signature';
import { validateEniXml } from '@tramita/eni/xsd';
import { buildEnvelope } from '@tramita/messaging';
import type { TestUser } from '@tramita/platform/testing';
import { startFakeFiles } from './fake-files.ts';
import { eventually, startDocs, testUsers, type DocsHarness } from './helpers.ts';

const ORGANISM = 'E00000000';
const outsider: TestUser = {
  username: 'fuera',
  givenName: 'Fermín',
  familyName: 'Fuera Gil',
  memberships: [{ organism: 'L01410917', roles: ['tramitador'] }],
};

async function pdf(text: string, pages = 1): Promise<Buffer> {
  const document = await PDFDocument.create();
  for (let i = 0; i < pages; i++) document.addPage([595, 842]).drawText(`${text} (${i + 1})`, { x: 50, y: 700 });
  return Buffer.from(await document.save());
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('docs: ENI documents, índice, export and import, CSV verification (ADR 0017)', () => {
  let docs: DocsHarness;
  let receiver: DocsHarness;
  let files: Awaited<ReturnType<typeof startFakeFiles>>;
  let sealDir: string;
  let seal: { privateKeyPem: string; certificatePem: string };
  let version = 0;

  beforeAll(async () => {
    files = await startFakeFiles([
      { code: 'EXP-ENI-1', organism: ORGANISM, finished: false, createdAt: '2026-03-02T08:00:00.000Z', interesados: ['12345678Z'] },
      { code: 'EXP-OLD', organism: ORGANISM, finished: true, createdAt: '2025-11-20T08:00:00.000Z', interesados: [] },
    ]);
    sealDir = await mkdtemp(join(tmpdir(), 'docs-seal-'));
    seal = await generateTestSeal({ commonName: 'Sello de órgano de pruebas' });
    await writeFile(join(sealDir, 'seal.key'), seal.privateKeyPem);
    await writeFile(join(sealDir, 'seal.crt'), seal.certificatePem);
    const env = {
      DOCS_SWEEP_INTERVAL_SECONDS: '0',
      DOCS_CSV_REGULATION: 'BOP-SE-2026-0000',
      DOCS_VERIFICATION_URL: 'https://sede.example/verificar',
      DOCS_VERIFICATION_MIN_MS: '50',
    };
    docs = await startDocs(
      { ...env, DOCS_SEAL_KEY_FILE: join(sealDir, 'seal.key'), DOCS_SEAL_CERTIFICATE_FILE: join(sealDir, 'seal.crt') },
      { serviceUrls: { files: files.url } },
    );
    receiver = await startDocs(env, { serviceUrls: { files: files.url } });
  });
  afterAll(async () => {
    await docs?.stop();
    await receiver?.stop();
    await files?.close();
    await rm(sealDir, { recursive: true, force: true });
  });

  const api = async (harness: DocsHarness, path: string, init: RequestInit = {}, user: TestUser = testUsers.tramitador) =>
    fetch(`${harness.running.url}${path}`, { ...init, headers: { ...(await harness.headers(user)), ...(init.headers as Record<string, string>) } });

  const addDocument = async (fileCode: string, bytes: Buffer, fields: Record<string, string>, user: TestUser = testUsers.tramitador, harness = docs) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(bytes)]), 'escrito.pdf');
    return api(harness, `/api/files/${fileCode}/documents`, { method: 'POST', body: form }, user);
  };
  const newVersion = async (id: string, bytes: Buffer, user: TestUser = testUsers.tramitador) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), 'escrito-v2.pdf');
    return api(docs, `/api/docs/${id}/versions`, { method: 'POST', body: form }, user);
  };
  const process = async (harness: DocsHarness, fileCode: string, finished: boolean) => {
    version++;
    const snapshot = {
      processId: `p-${fileCode}`,
      fileCode,
      organism: ORGANISM,
      procedure: { code: 'LICENCIA_OBRA', version: 1 },
      phase: { code: finished ? 'FINALIZADO' : 'INICIAL', name: finished ? 'Finalizado' : 'Inicial' },
      finished,
      startedAt: '2026-03-02T08:00:00.000Z',
      updatedAt: new Date().toISOString(),
      version,
    };
    const message = finished
      ? bpmEventMessages.ProcessAdvanced({
          ...snapshot,
          from: { code: 'INICIAL', name: 'Inicial' },
          by: { username: 'agat', displayName: 'Gat Alba, Antonio' },
        })
      : bpmEventMessages.ProcessStarted(snapshot);
    await harness.transport.publish([buildEnvelope(message, { source: 'bpm', correlationId: 'c', causationId: null })]);
  };
  const indice = async (fileCode: string, harness = docs) => (await (await api(harness, `/api/files/${fileCode}/indice`)).json()) as IndiceResource;

  let first: DocumentResource;
  let second: DocumentResource;
  let original: Buffer;

  it('adds documents to an open expediente with ENI identifiers, índice positions and a CSV each', async () => {
    await process(docs, 'EXP-ENI-1', false);
    await eventually(async () => ((await indice('EXP-ENI-1')).identificador ? true : undefined));
    original = await pdf('Solicitud de licencia');
    const created = await addDocument('EXP-ENI-1', original, { tipoDocumental: 'TD14', origen: 'ciudadano', estadoElaboracion: 'EE01' });
    expect(created.status).toBe(201);
    first = (await created.json()) as DocumentResource;
    expect(first).toMatchObject({ fileCode: 'EXP-ENI-1', organism: ORGANISM, currentVersion: 1, position: 1, sha256: sha256(original) });
    expect(first.eni).toMatchObject({ tipoDocumental: 'TD14', origen: 'ciudadano', estadoElaboracion: 'EE01', nombreFormato: 'PDF', organos: [ORGANISM] });
    expect(first.eni?.identificador).toMatch(/^ES_E00000000_2026_[0-9A-Z]{30}$/);
    expect(first.csv).toMatch(/^[0-9A-HJKMNP-TV-Z]{24}[0-9A-HJKMNP-TV-Z*~$=U]$/);

    const informe = await addDocument('EXP-ENI-1', await pdf('Informe técnico'), {
      tipoDocumental: 'TD13',
      origen: 'administracion',
      estadoElaboracion: 'EE01',
      folder: 'INFORMES',
    });
    second = (await informe.json()) as DocumentResource;
    expect(second).toMatchObject({ position: 2, folder: 'INFORMES' });
    expect(second.csv).not.toBe(first.csv);
  });

  it('refuses a copy without its source document, and metadata outside the official lists, changing nothing', async () => {
    const copy = await addDocument('EXP-ENI-1', await pdf('Copia'), { tipoDocumental: 'TD99', origen: 'administracion', estadoElaboracion: 'EE02' });
    expect(copy.status).toBe(400);
    expect(((await copy.json()) as { code: string }).code).toBe('source-document-required');
    const parliamentary = await addDocument('EXP-ENI-1', await pdf('Moción'), { tipoDocumental: 'TD51', origen: 'administracion', estadoElaboracion: 'EE01' });
    expect(parliamentary.status).toBe(400);
    const listed = (await (await api(docs, '/api/docs?fileCode=EXP-ENI-1')).json()) as { items: DocumentResource[] };
    expect(listed.items.map((d) => d.id)).toEqual([first.id, second.id]);
  });

  it('keeps every version immutable and downloadable, each with its own CSV', async () => {
    const replaced = await newVersion(first.id, await pdf('Solicitud de licencia, corregida', 2));
    expect(replaced.status).toBe(201);
    const current = (await replaced.json()) as DocumentResource;
    expect(current.currentVersion).toBe(2);
    const versions = (await (await api(docs, `/api/docs/${first.id}/versions`)).json()) as DocumentVersionListResource;
    expect(versions.items.map((v) => [v.version, v.csvStatus])).toEqual([
      [1, 'VIGENTE'],
      [2, 'VIGENTE'],
    ]);
    expect(versions.items[0]!.csv).toBe(first.csv);
    const v1 = Buffer.from(await (await api(docs, versions.items[0]!.contentUrl)).arrayBuffer());
    expect(sha256(v1)).toBe(sha256(original));
    first = current;
  });

  it('corrects ENI metadata: a copy must name its source', async () => {
    const bad = await api(docs, `/api/docs/${second.id}/metadata`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tipoDocumental: 'TD13', origen: 'administracion', estadoElaboracion: 'EE04', folder: 'INFORMES' }),
    });
    expect(bad.status).toBe(400);
    const good = await api(docs, `/api/docs/${second.id}/metadata`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tipoDocumental: 'TD13',
        origen: 'administracion',
        estadoElaboracion: 'EE04',
        identificadorDocumentoOrigen: first.eni!.identificador,
        folder: 'INFORMES',
      }),
    });
    expect(good.status).toBe(200);
    expect(((await good.json()) as DocumentResource).eni).toMatchObject({ estadoElaboracion: 'EE04', identificadorDocumentoOrigen: first.eni!.identificador });
  });

  it("answers another organism's user as if the expediente and its documents did not exist", async () => {
    for (const path of ['/api/files/EXP-ENI-1/indice', '/api/files/EXP-ENI-1/eni', `/api/docs/${first.id}/versions`, `/api/docs/${first.id}/eni`]) {
      expect((await api(docs, path, {}, outsider)).status, path).toBe(404);
    }
    expect(
      (await addDocument('EXP-ENI-1', await pdf('Intruso'), { tipoDocumental: 'TD99', origen: 'administracion', estadoElaboracion: 'EE01' }, outsider)).status,
    ).toBe(404);
    expect((await newVersion(first.id, await pdf('Intruso'), outsider)).status).toBe(404);
  });

  it('verifies a CSV without a login, however it is typed, and serves the bound bytes, a stamped copy and the documento ENI', async () => {
    const typed = first.csv!.toLowerCase().replace(/(.{5})/g, '$1 ');
    const response = await fetch(`${docs.running.url}/verificacion/${encodeURIComponent(typed)}`);
    expect(response.status).toBe(200);
    const verification = (await response.json()) as VerificationResource;
    expect(verification).toMatchObject({
      verdict: 'VIGENTE',
      regulacion: 'BOP-SE-2026-0000',
      documento: { identificador: first.eni!.identificador, organo: ORGANISM, tipoDocumental: 'TD14' },
    });
    const bytes = Buffer.from(await (await fetch(`${docs.running.url}${verification.links.original}`)).arrayBuffer());
    expect(sha256(bytes)).toBe(verification.documento.sha256);
    const copy = await fetch(`${docs.running.url}${verification.links.copia!}`);
    expect(copy.headers.get('content-type')).toBe('application/pdf');
    expect((await PDFDocument.load(await copy.arrayBuffer())).getPageCount()).toBe(2);
    const eni = await fetch(`${docs.running.url}/verificacion/${first.csv}`, { headers: { accept: 'application/xml' } });
    expect(await validateEniXml(await eni.text(), 'documento')).toEqual([]);
  });

  it('refuses a malformed code before any lookup and answers an unknown one 404', async () => {
    const malformed = await fetch(`${docs.running.url}/verificacion/NOT-A-CODE`);
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { code: string }).code).toBe('invalid-csv');
    const flipped = first.csv!.slice(0, 23) + (first.csv![23] === '0' ? '1' : '0') + first.csv!.slice(24);
    expect([400, 404]).toContain((await fetch(`${docs.running.url}/verificacion/${flipped}`)).status);
  });

  it('removes a document keeping its history: it leaves the índice and its CSV verifies as ANULADO', async () => {
    const extra = (await (
      await addDocument('EXP-ENI-1', await pdf('Borrador'), { tipoDocumental: 'TD99', origen: 'administracion', estadoElaboracion: 'EE99' })
    ).json()) as DocumentResource;
    const removed = await api(docs, `/api/docs/${extra.id}/removal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Aportado por error' }),
    });
    expect(((await removed.json()) as DocumentResource).removal?.reason).toBe('Aportado por error');
    const verification = (await (await fetch(`${docs.running.url}/verificacion/${extra.csv}`)).json()) as VerificationResource;
    expect(verification.verdict).toBe('ANULADO');
    expect(verification.annulment?.reason).toContain('Aportado por error');
    const all = (await (await api(docs, '/api/docs?fileCode=EXP-ENI-1&includeRemoved=true')).json()) as { items: DocumentResource[] };
    expect(all.items.map((d) => d.id)).toContain(extra.id);
    const ids = JSON.stringify((await indice('EXP-ENI-1')).current.entries);
    expect(ids).not.toContain(extra.eni!.identificador!);
  });

  let exported: Uint8Array;

  it('exports the expediente as an ENI ZIP whose every XML is valid, with the sealed índice verified by an independent library', async () => {
    const response = await api(docs, '/api/files/EXP-ENI-1/eni');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    exported = new Uint8Array(await response.arrayBuffer());
    const opened = readEniPackage(exported);
    if (!opened.ok) throw new Error(opened.problem.message);
    expect(await validateEniXml(opened.expedienteXml, 'expediente')).toEqual([]);
    for (const xml of opened.documentos.values()) expect(await validateEniXml(xml, 'documento')).toEqual([]);
    const read = readExpedienteXml(opened.expedienteXml);
    if (!read.ok) throw new Error(read.problem.message);
    expect(read.expediente.metadatos).toMatchObject({
      estado: 'E03',
      organos: [ORGANISM],
      interesados: ['12345678Z'],
      clasificacion: 'E00000000_PRO_LICENCIA_OBRA',
    });
    expect(read.expediente.indiceFirmas.map((f) => f.tipo)).toEqual(['TF01', 'TF02']);
    expect(opened.documentos.size).toBe(2);

    const verdicts = await verifyDetached(opened.expedienteXml);
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({ valid: true });
    const document = new DOMParser().parseFromString(opened.expedienteXml, 'text/xml');
    const signature = document.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature')[0]!;
    const verifier = new SignedXml({ publicCert: seal.certificatePem });
    verifier.loadSignature(signature as unknown as Node);
    expect(verifier.checkSignature(opened.expedienteXml)).toBe(true);
  });

  it('imports the ZIP into a fresh system: same documents and hashes, and an export from there holds them again', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(exported)]), 'EXP-ENI-1-eni.zip');
    const response = await api(receiver, '/api/eni/imports', { method: 'POST', body: form });
    expect(response.status).toBe(201);
    const imported = (await response.json()) as EniImportResultResource;
    const opened = readEniPackage(exported);
    if (!opened.ok) throw new Error(opened.problem.message);
    expect(imported.documents.map((d) => d.eni?.identificador).sort()).toEqual([...opened.documentos.keys()].sort());
    expect(imported.documents.map((d) => d.sha256).sort()).toEqual([first.sha256, second.sha256].sort());
    expect(imported.expediente.interesados).toEqual(['12345678Z']);

    // The receiver opens it: the create saga's attach, then bpm's first event.
    await receiver.transport.publish([
      buildEnvelope(
        {
          topic: 'docs.commands',
          type: 'AttachDocuments',
          subject: 'EXP-ENI-1',
          data: {
            fileCode: 'EXP-ENI-1',
            organism: ORGANISM,
            documentIds: imported.documents.map((d) => d.id),
            requestedBy: { username: 'agat', displayName: 'Gat Alba, Antonio' },
          },
          saga: { id: 's-import', step: 'attach-documents', direction: 'forward', replyTo: 'files.create-file.replies' },
        },
        { source: 'test', correlationId: 'c', causationId: null },
      ),
    ]);
    await eventually(async () => ((await indice('EXP-ENI-1', receiver)).current.entries.length > 0 ? true : undefined));
    const again = readEniPackage(new Uint8Array(await (await api(receiver, '/api/files/EXP-ENI-1/eni')).arrayBuffer()));
    if (!again.ok) throw new Error(again.problem.message);
    expect([...again.documentos.keys()].sort()).toEqual([...opened.documentos.keys()].sort());
    const hashes = (xml: string) => {
      const read = readExpedienteXml(xml);
      if (!read.ok) throw new Error(read.problem.message);
      return JSON.stringify(read.expediente.indice.entries, ['kind', 'identificador', 'valorHuella', 'entries']);
    };
    expect(hashes(again.expedienteXml)).toBe(hashes(opened.expedienteXml));
  });

  it('refuses a tampered document, a malformed XML and hostile ZIPs, naming the problem and storing nothing', async () => {
    const opened = readEniPackage(exported);
    if (!opened.ok) throw new Error(opened.problem.message);
    const [id, xml] = [...opened.documentos.entries()][0]!;
    const tampered = xml.replace(/<enifile:ValorBinario>(.)/, (_m, c: string) => `<enifile:ValorBinario>${c === 'A' ? 'B' : 'A'}`);
    const before = (await receiver.blobFiles()).length;
    const cases: Array<[string, Uint8Array, RegExp]> = [
      [
        'tampered',
        writeEniPackage({
          expedienteXml: opened.expedienteXml,
          documentos: [...opened.documentos].map(([i, x]) => ({ identificador: i, xml: i === id ? tampered : x })),
        }),
        /ValorBinario|hash/,
      ],
      ['malformed', writeEniPackage({ expedienteXml: opened.expedienteXml.replace('</eniexp:expediente>', ''), documentos: [] }), /expediente/],
      ['not a zip', new TextEncoder().encode('just text'), /ZIP|zip/],
      ['a path out of the package', zipSync({ 'expediente.xml': strToU8(opened.expedienteXml), '../../etc/cron.d/x': strToU8('x') }), /plain relative path/],
      // 80 MiB of zeros that deflate to a few dozen KiB: past the 64 MiB an entry may inflate to.
      ['a ZIP bomb', zipSync({ 'expediente.xml': strToU8(opened.expedienteXml), [`documentos/${id}.xml`]: new Uint8Array(80 * 1024 * 1024) }), /more than/],
    ];
    for (const [name, zip, message] of cases) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(zip)]), `${name}.zip`);
      const response = await api(receiver, '/api/eni/imports', { method: 'POST', body: form });
      expect(response.status, name).toBe(400);
      const problem = (await response.json()) as { code: string; detail: string };
      expect(problem.code, name).toBe('eni-invalid');
      expect(problem.detail, name).toMatch(message);
    }
    expect((await receiver.blobFiles()).length).toBe(before);
  });

  it('closes and seals the índice when bpm reports the expediente finished; its documents are read-only from then on', async () => {
    await process(docs, 'EXP-ENI-1', true);
    const closed = await eventually(async () => (await indice('EXP-ENI-1')).snapshots.find((s) => s.estado === 'E02'));
    expect(closed.firmas).toEqual(['TF01', 'TF02']);
    expect((await indice('EXP-ENI-1')).estado).toBe('E02');
    const refused = await addDocument('EXP-ENI-1', await pdf('Tarde'), { tipoDocumental: 'TD99', origen: 'administracion', estadoElaboracion: 'EE01' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { code: string }).code).toBe('file-finished');
    const late = await newVersion(second.id, await pdf('Tarde'));
    expect(late.status).toBe(409);
    const exportedClosed = readEniPackage(new Uint8Array(await (await api(docs, '/api/files/EXP-ENI-1/eni')).arrayBuffer()));
    if (!exportedClosed.ok) throw new Error(exportedClosed.problem.message);
    const read = readExpedienteXml(exportedClosed.expedienteXml);
    expect(read.ok && read.expediente.metadatos.estado).toBe('E02');
  });

  it('answers 404 for the export of an expediente bpm started but files no longer holds (its creation undone)', async () => {
    await process(docs, 'EXP-UNDONE', false);
    await eventually(async () => ((await api(docs, '/api/files/EXP-UNDONE/indice')).status === 200 ? true : undefined));
    const response = await api(docs, '/api/files/EXP-UNDONE/eni');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('file-not-found');
    // A code files would refuse is refused here, before files is asked (never a 503).
    for (const path of ['/api/files/%3F/eni', '/api/files/%3F/remisiones']) {
      expect((await api(docs, path, path.endsWith('remisiones') ? { method: 'POST' } : {})).status, path).toBe(400);
    }
  });

  it('learns of an expediente from files when bpm has not told it, and keeps it read-only when files says it is finished', async () => {
    const refused = await addDocument('EXP-OLD', await pdf('Antiguo'), { tipoDocumental: 'TD99', origen: 'administracion', estadoElaboracion: 'EE01' });
    expect(refused.status).toBe(409);
    expect(files.asked).toContain('/api/files/EXP-OLD/record');
    expect((await addDocument('EXP-NONE', await pdf('Nada'), { tipoDocumental: 'TD99', origen: 'administracion', estadoElaboracion: 'EE01' })).status).toBe(
      404,
    );
  });
});
