import { createHash } from 'node:crypto';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { strToU8, Zip, ZipPassThrough, zipSync } from 'fflate';
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

/** A raw deflate stream of `mebibytes` MiB of zeros: one self-contained 1 MiB segment repeated, then an empty final block. */
function zeroBomb(mebibytes: number): Uint8Array {
  const segment = deflateRawSync(new Uint8Array(1024 * 1024), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array.from({ length: mebibytes }, () => segment), Uint8Array.of(0x03, 0x00)]);
}

/** A ZIP of one deflated entry whose headers declare `declaredSize` inflated bytes (and no CRC), written by hand. */
function singleEntryZip(name: string, deflated: Uint8Array, declaredSize: number): Uint8Array {
  const encodedName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(declaredSize, 22);
  local.writeUInt16LE(encodedName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(declaredSize, 24);
  central.writeUInt16LE(encodedName.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + encodedName.length, 12);
  end.writeUInt32LE(local.length + encodedName.length + deflated.length, 16);
  return new Uint8Array(Buffer.concat([local, encodedName, deflated, central, encodedName, end]));
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

  it.each(['../expediente.xml', '/etc/passwd', 'documentos\\x.xml', 'C:/x.xml', 'documentos/./x.xml', 'a\u0001b', 'documentos/x\u007f.xml'])(
    'refuses the entry name %j',
    (name) => {
      const read = readEniPackage(zipOf({ 'expediente.xml': strToU8('<e/>'), [name]: strToU8('x') }));
      expect(read).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/plain relative path/) } });
    },
  );

  it('stops inflating a ZIP bomb at the cap instead of inflating it whole', () => {
    const bomb = zipOf({ 'expediente.xml': strToU8('<e/>'), 'documentos/X.xml': new Uint8Array(200 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const read = readEniPackage(bomb, { maxEntryBytes: 8 * 1024 * 1024 });
    expect(read).toMatchObject({ ok: false, problem: { element: 'documentos/X.xml', message: expect.stringMatching(/more than 8388608 bytes/) } });
  });

  it('stops a 4 GiB bomb that declares 1 KiB at the default cap, which only measuring while inflating can do', () => {
    // Inflating it whole would need 4 GiB of memory; trusting the declared size would let it through.
    expect(inflateRawSync(zeroBomb(3)).length).toBe(3 * 1024 * 1024);
    const bomb = singleEntryZip('documentos/X.xml', zeroBomb(4 * 1024), 1024);
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
    expect(readEniPackage(bomb)).toMatchObject({
      ok: false,
      problem: { element: 'documentos/X.xml', message: expect.stringMatching(/more than 67108864 bytes/) },
    });
  });

  it('stops at the total cap when every entry stays under its own', () => {
    const entries: Record<string, Uint8Array> = { 'expediente.xml': strToU8('<e/>') };
    for (let i = 0; i < 4; i++) entries[`documentos/D${i}.xml`] = new Uint8Array(3 * 1024 * 1024);
    expect(readEniPackage(zipOf(entries), { maxEntryBytes: 4 * 1024 * 1024, maxTotalBytes: 8 * 1024 * 1024 })).toMatchObject({
      ok: false,
      problem: { element: 'documentos/D2.xml', message: expect.stringMatching(/package inflates to more than 8388608 bytes/) },
    });
  });

  it('refuses an entry name that appears twice', () => {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    for (const name of ['expediente.xml', 'SHA256SUMS', 'expediente.xml']) {
      const entry = new ZipPassThrough(name);
      zip.add(entry);
      entry.push(strToU8('<e/>'), true);
    }
    zip.end();
    const bytes = new Uint8Array(chunks.reduce<number[]>((all, chunk) => [...all, ...chunk], []));
    expect(readEniPackage(bytes)).toMatchObject({ ok: false, problem: { element: 'expediente.xml', message: expect.stringMatching(/twice/) } });
  });

  it('refuses a package without SHA256SUMS, or whose SHA256SUMS lists an entry it does not hold', () => {
    expect(readEniPackage(zipSync({ 'expediente.xml': strToU8('<e/>') }))).toMatchObject({ ok: false, problem: { element: 'SHA256SUMS' } });
    const e = strToU8('<e/>');
    const missing = zipSync({ 'expediente.xml': e, SHA256SUMS: strToU8(`${sum(e)}  expediente.xml\n${sum(e)}  documentos/D.xml\n`) });
    expect(readEniPackage(missing)).toMatchObject({ ok: false, problem: { element: 'documentos/D.xml', message: expect.stringMatching(/does not hold/) } });
  });

  it('refuses to package a document whose identifier is not a plain name', () => {
    expect(() => writeEniPackage({ expedienteXml: '<e/>', documentos: [{ identificador: '../x', xml: '<d/>' }] })).toThrow(/Cannot package/);
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
