import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readEniPackage, writeEniPackage } from './eni-package.ts';

const sum = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const documentos = [{ identificador: 'ES_L01410917_2026_000000000000000000000000000001', xml: '<documento/>' }];

/** A ZIP with these entries and a SHA256SUMS that lists them all (so only the rule under test can refuse it). */
function zipOf(entries: Record<string, Uint8Array>, level: 0 | 9 = 9): Uint8Array {
  const sums = Object.entries(entries)
    .map(([path, bytes]) => `${sum(bytes)}  ${path}`)
    .join('\n');
  return zipSync({ ...entries, SHA256SUMS: strToU8(`${sums}\n`) }, { level });
}

describe('the ENI exchange package', () => {
  it('writes expediente.xml, one documentos/<id>.xml per document and their SHA-256 sums, and reads them back', () => {
    const zip = writeEniPackage({ expedienteXml: '<expediente/>', documentos });
    const read = readEniPackage(zip);
    expect(read).toEqual({ ok: true, expedienteXml: '<expediente/>', documentos: new Map([[documentos[0]!.identificador, '<documento/>']]) });
  });

  it('refuses what is not a ZIP', () => {
    expect(readEniPackage(strToU8('just text'))).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/not a ZIP/) } });
  });

  it.each(['../expediente.xml', '/etc/passwd', 'documentos\\x.xml', 'C:/x.xml', 'documentos/./x.xml', 'a\u0001b'])('refuses the entry name %j', (name) => {
    const read = readEniPackage(zipOf({ 'expediente.xml': strToU8('<e/>'), [name]: strToU8('x') }));
    expect(read).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/plain relative path/) } });
  });

  it('stops inflating a ZIP bomb at the cap instead of inflating it whole', () => {
    const bomb = zipOf({ 'expediente.xml': strToU8('<e/>'), 'documentos/X.xml': new Uint8Array(200 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const started = process.memoryUsage().arrayBuffers;
    const read = readEniPackage(bomb, { maxEntryBytes: 8 * 1024 * 1024 });
    expect(read).toMatchObject({ ok: false, problem: { element: 'documentos/X.xml', message: expect.stringMatching(/more than 8388608 bytes/) } });
    expect(process.memoryUsage().arrayBuffers - started).toBeLessThan(100 * 1024 * 1024);
  });

  it('refuses too many entries, an entry outside SHA256SUMS, a wrong sum and an unknown place', () => {
    const many: Record<string, Uint8Array> = { 'expediente.xml': strToU8('<e/>') };
    for (let i = 0; i < 5; i++) many[`documentos/D${i}.xml`] = strToU8('<d/>');
    expect(readEniPackage(zipOf(many), { maxEntries: 4 })).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/more than 4 entries/) } });
    const unlisted = zipSync({ 'expediente.xml': strToU8('<e/>'), SHA256SUMS: strToU8('') });
    expect(readEniPackage(unlisted)).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/not listed/) } });
    const wrong = zipSync({ 'expediente.xml': strToU8('<e/>'), SHA256SUMS: strToU8(`${'0'.repeat(64)}  expediente.xml\n`) });
    expect(readEniPackage(wrong)).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/altered or damaged/) } });
    expect(readEniPackage(zipOf({ 'expediente.xml': strToU8('<e/>'), 'otros/x.xml': strToU8('x') }))).toMatchObject({
      ok: false,
      problem: { element: 'otros/x.xml' },
    });
    expect(readEniPackage(zipOf({ 'documentos/D.xml': strToU8('<d/>') }))).toMatchObject({ ok: false, problem: { element: 'expediente.xml' } });
  });
});
