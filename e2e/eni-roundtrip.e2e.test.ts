import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentListSchema, eniImportResultSchema, verificationSchema, type DocumentResource } from '@tramita/contracts';
import { readEniPackage, readExpedienteXml } from '@tramita/eni';
import { validateEniXml } from '@tramita/eni/xsd';
import { ApiClient } from './support/api-client.ts';
import { createExpediente, tinyPdf } from './support/create-expediente.ts';
import { eventually, freePort } from './support/net.ts';
import { loginWithPkce } from './support/oidc-login.ts';
import { spawnTramita, type TramitaProcess } from './support/tramita-process.ts';

/**
 * Issue 15 end to end on two real systems (ADR 0017): an expediente made through the create saga
 * gets a second document and a new version, is exported as ENI, imported into another installation
 * and opened there with the same documents, and exported again with the same identifiers and
 * hashes; its CSVs verify at the sender's public address without a login.
 */
const PASSWORD = 'eni-Contraseña-larga-1';

describe('an expediente travels as ENI between two installations (issue 15)', () => {
  const code = 'ENI-VIAJE-1';
  const systems: Array<{ dir: string; url: string; process: TramitaProcess }> = [];
  const login = async (url: string) =>
    new ApiClient(url, (await loginWithPkce({ baseUrl: url, username: 'user', password: PASSWORD, redirectUri: `${url}/callback` })).accessToken);
  const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
  const identifiersAndHashes = (zip: Uint8Array) => {
    const opened = readEniPackage(zip);
    if (!opened.ok) throw new Error(opened.problem.message);
    const read = readExpedienteXml(opened.expedienteXml);
    if (!read.ok) throw new Error(read.problem.message);
    return {
      opened,
      entries: JSON.stringify(read.expediente.indice.entries, ['kind', 'identificador', 'valorHuella', 'entries']),
      metadatos: read.expediente.metadatos,
    };
  };

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const dir = await mkdtemp(join(tmpdir(), `tramita-eni-${i}-`));
      const port = await freePort();
      systems.push({ dir, url: `http://localhost:${port}`, process: await spawnTramita(port, dir, { AUTH_INITIAL_PASSWORD: PASSWORD }) });
    }
  }, 240_000);

  afterAll(async () => {
    for (const system of systems) {
      await system.process.kill('SIGTERM');
      await rm(system.dir, { recursive: true, force: true });
    }
  });

  let exported: Uint8Array;
  let documents: DocumentResource[];

  it('files every document of an expediente with an ENI identifier and a CSV, versions included', async () => {
    const [sender] = systems;
    const api = await login(sender!.url);
    await createExpediente(api, code);
    const form = new FormData();
    for (const [name, value] of Object.entries({ tipoDocumental: 'TD13', origen: 'administracion', estadoElaboracion: 'EE01' })) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(tinyPdf('informe'))]), 'informe.pdf');
    const added = await api.request('POST', `/api/files/${code}/documents`, form);
    expect(added.status, await added.clone().text()).toBe(201);
    const version = new FormData();
    version.append('file', new Blob([new Uint8Array(tinyPdf('informe corregido'))]), 'informe-v2.pdf');
    const { id } = (await added.json()) as DocumentResource;
    expect((await api.request('POST', `/api/docs/${id}/versions`, version)).status).toBe(201);
    documents = documentListSchema.parse(await api.json('GET', `/api/docs?fileCode=${code}`, undefined, 200)).items;
    expect(documents).toHaveLength(2);
    for (const document of documents) {
      expect(document.eni?.identificador).toMatch(/^ES_E00000000_20\d\d_[0-9A-Z]{30}$/);
      expect(document.csv).toMatch(/^[0-9A-Z*~$=]{25}$/);
    }
    expect(documents.map((d) => d.position)).toEqual([1, 2]);
  });

  it('verifies a CSV at the public address without a login', async () => {
    const [sender] = systems;
    const csv = documents[1]!.csv!;
    const response = await fetch(`${sender!.url}/verificacion/${csv.toLowerCase().replace(/(.{5})/g, '$1-')}`);
    expect(response.status).toBe(200);
    const verification = verificationSchema.parse(await response.json());
    expect(verification).toMatchObject({ verdict: 'VIGENTE', documento: { version: 2, identificador: documents[1]!.eni!.identificador } });
    const original = new Uint8Array(await (await fetch(`${sender!.url}${verification.links.original}`)).arrayBuffer());
    expect(sha256(original)).toBe(documents[1]!.sha256);
  });

  it('exports the expediente as an ENI ZIP whose XML the official schemas accept', async () => {
    const [sender] = systems;
    const api = await login(sender!.url);
    const response = await api.request('GET', `/api/files/${code}/eni`);
    expect(response.status, await response.clone().text()).toBe(200);
    exported = new Uint8Array(await response.arrayBuffer());
    const { opened, metadatos } = identifiersAndHashes(exported);
    expect(await validateEniXml(opened.expedienteXml, 'expediente')).toEqual([]);
    for (const xml of opened.documentos.values()) expect(await validateEniXml(xml, 'documento')).toEqual([]);
    expect(metadatos).toMatchObject({ estado: 'E03', organos: ['E00000000'] });
    expect([...opened.documentos.keys()].sort()).toEqual(documents.map((d) => d.eni!.identificador!).sort());
  });

  it('opens it in another installation with the same documents and hashes, and exports it again alike', async () => {
    const [sender, receiver] = systems;
    const api = await login(receiver!.url);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(exported)]), `${code}-eni.zip`);
    const response = await api.request('POST', '/api/eni/imports', form);
    expect(response.status, await response.clone().text()).toBe(201);
    const imported = eniImportResultSchema.parse(await response.json());
    expect(imported.documents.map((d) => d.sha256).sort()).toEqual(documents.map((d) => d.sha256).sort());
    const created = await api.request('POST', '/api/files', {
      code,
      initialOption: 'SEDE',
      description: 'Recibido por remisión',
      documents: imported.documents.map((d) => d.id),
    });
    expect(created.status, await created.clone().text()).toBe(202);
    const saga = created.headers.get('location')!;
    expect(
      await eventually(`saga of ${code}`, async () => {
        const current = await api.json<{ status: string }>('GET', saga, undefined, 200);
        return current.status === 'running' ? undefined : current.status;
      }),
    ).toBe('completed');
    const again = await api.request('GET', `/api/files/${code}/eni`);
    expect(again.status, await again.clone().text()).toBe(200);
    expect(identifiersAndHashes(new Uint8Array(await again.arrayBuffer())).entries).toBe(identifiersAndHashes(exported).entries);
    // The sender's CSVs stay the sender's: the receiver issued its own.
    const received = documentListSchema.parse(await api.json('GET', `/api/docs?fileCode=${code}`, undefined, 200)).items;
    expect(received.map((d) => d.csv)).not.toContain(documents[0]!.csv);
    expect(sender).toBeDefined();
  });
});
