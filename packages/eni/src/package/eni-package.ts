import { createHash } from 'node:crypto';
import { strToU8, Unzip, UnzipInflate, UnzipPassThrough, zipSync, type UnzipFile } from 'fflate';
import type { EniProblem } from '../model.ts';

/**
 * The ENI exchange package Tramita writes and reads (ADR 0017): a ZIP with `expediente.xml` (the
 * expediente with its signed índice), `documentos/<Identificador>.xml` (one documento ENI per
 * índice entry) and `SHA256SUMS` (`<hex>  <path>` for every other entry).
 */
export interface EniPackageLimits {
  maxEntries?: number;
  maxEntryBytes?: number;
  maxTotalBytes?: number;
}

const DEFAULTS = { maxEntries: 2000, maxEntryBytes: 64 * 1024 * 1024, maxTotalBytes: 512 * 1024 * 1024 };

export function writeEniPackage(input: { expedienteXml: string; documentos: ReadonlyArray<{ identificador: string; xml: string }> }): Uint8Array {
  const entries: Record<string, Uint8Array> = { 'expediente.xml': strToU8(input.expedienteXml) };
  for (const documento of input.documentos) {
    const path = `documentos/${documento.identificador}.xml`;
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(documento.identificador) || entries[path]) throw new Error(`Cannot package document ${documento.identificador}`);
    entries[path] = strToU8(documento.xml);
  }
  const sums = Object.entries(entries)
    .map(([path, bytes]) => `${createHash('sha256').update(bytes).digest('hex')}  ${path}`)
    .join('\n');
  entries.SHA256SUMS = strToU8(`${sums}\n`);
  return zipSync(entries, { level: 6 });
}

class PackageRefused extends Error {
  readonly problem: EniProblem;

  constructor(problem: EniProblem) {
    super(problem.message);
    this.problem = problem;
  }
}

const refuse = (element: string, message: string): never => {
  throw new PackageRefused({ element, message });
};

/**
 * Opens a package from outside. Entry names must be plain relative paths; counts and sizes are
 * measured while inflating (declared sizes are not trusted), so a ZIP bomb stops at the cap;
 * every entry must be listed in SHA256SUMS with its right digest.
 */
export function readEniPackage(
  zip: Uint8Array,
  limits: EniPackageLimits = {},
): { ok: true; expedienteXml: string; documentos: Map<string, string> } | { ok: false; problem: EniProblem } {
  const { maxEntries, maxEntryBytes, maxTotalBytes } = { ...DEFAULTS, ...limits };
  try {
    if (zip.length < 4 || zip[0] !== 0x50 || zip[1] !== 0x4b) refuse('package', 'The file is not a ZIP archive.');
    const files = new Map<string, Uint8Array>();
    let total = 0;
    let failure: PackageRefused | null = null;
    const unzip = new Unzip((file: UnzipFile) => {
      if (failure) return;
      try {
        checkName(file.name);
        if (files.has(file.name)) refuse(file.name, `The package holds ${file.name} twice.`);
        if (files.size + 1 > maxEntries) refuse(file.name, `The package holds more than ${maxEntries} entries.`);
      } catch (error) {
        failure = error as PackageRefused;
        return;
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      files.set(file.name, new Uint8Array(0));
      file.ondata = (error, chunk, final) => {
        if (failure) return;
        if (error) {
          failure = new PackageRefused({ element: file.name, message: `The entry cannot be inflated: ${error.message}` });
          return;
        }
        size += chunk.length;
        total += chunk.length;
        if (size > maxEntryBytes) failure = new PackageRefused({ element: file.name, message: `The entry inflates to more than ${maxEntryBytes} bytes.` });
        else if (total > maxTotalBytes)
          failure = new PackageRefused({ element: file.name, message: `The package inflates to more than ${maxTotalBytes} bytes.` });
        if (failure) {
          file.terminate();
          return;
        }
        chunks.push(chunk);
        if (final) files.set(file.name, concat(chunks, size));
      };
      file.start();
    });
    unzip.register(UnzipInflate);
    unzip.register(UnzipPassThrough);
    // Small slices: deflate expands at most about 1,032 times, so one 16 KiB slice inflates to at
    // most about 16 MiB, and a runaway entry is stopped that soon after it passes the cap.
    const slice = 16 * 1024;
    for (let offset = 0; offset < zip.length && !failure; offset += slice) unzip.push(zip.subarray(offset, offset + slice), offset + slice >= zip.length);
    // Set inside the callbacks above, which the type checker does not follow.
    const failed = failure as PackageRefused | null;
    if (failed) throw failed;
    if (files.size === 0) refuse('package', 'The file is not a ZIP archive, or it is empty.');
    const sums = files.get('SHA256SUMS');
    if (!sums) refuse('SHA256SUMS', 'The package has no SHA256SUMS.');
    const listed = parseSums(new TextDecoder().decode(sums));
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const documentos = new Map<string, string>();
    let expedienteXml: string | null = null;
    for (const [name, bytes] of files) {
      if (name === 'SHA256SUMS' || name.endsWith('/')) continue;
      const expected = listed.get(name);
      if (!expected) refuse(name, `${name} is not listed in SHA256SUMS.`);
      if (createHash('sha256').update(bytes).digest('hex') !== expected)
        refuse(name, `${name} does not match its SHA-256 in SHA256SUMS: it was altered or damaged.`);
      let text: string;
      try {
        text = decoder.decode(bytes);
      } catch {
        return refuse(name, `${name} is not UTF-8 text.`);
      }
      if (name === 'expediente.xml') expedienteXml = text;
      else {
        const match = /^documentos\/([A-Za-z0-9._-]{1,64})\.xml$/.exec(name);
        if (!match) refuse(name, `${name} has no place in an ENI package (expected expediente.xml or documentos/<Identificador>.xml).`);
        documentos.set(match![1]!, text);
      }
    }
    for (const name of listed.keys()) if (!files.has(name)) refuse(name, `SHA256SUMS lists ${name}, which the package does not hold.`);
    if (expedienteXml === null) refuse('expediente.xml', 'The package has no expediente.xml.');
    return { ok: true, expedienteXml: expedienteXml!, documentos };
  } catch (error) {
    if (error instanceof PackageRefused) return { ok: false, problem: error.problem };
    if (error instanceof Error) return { ok: false, problem: { element: 'package', message: `The file is not a readable ZIP archive: ${error.message}` } };
    throw error;
  }
}

function checkName(name: string): void {
  if (
    name === '' ||
    name.startsWith('/') ||
    name.includes('\\') ||
    /^[A-Za-z]:/.test(name) ||
    [...name].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f) ||
    name.split('/').some((part) => part === '..' || part === '.')
  ) {
    refuse(name || '(empty name)', `The entry name ${JSON.stringify(name)} is not a plain relative path.`);
  }
}

function parseSums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (!match) refuse('SHA256SUMS', `The line "${line.slice(0, 80)}" is not "<sha256>  <path>".`);
    sums.set(match![2]!, match![1]!);
  }
  return sums;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
