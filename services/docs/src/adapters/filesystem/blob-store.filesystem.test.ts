import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilesystemBlobStore } from './blob-store.filesystem.ts';

describe('FilesystemBlobStore', () => {
  let root: string;
  let dir: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'blobs-test-'));
    dir = join(root, 'blobs');
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it('stores a streamed blob under its key and reports size and SHA-256', async () => {
    const store = await FilesystemBlobStore.open(dir);
    const chunks = ['hola ', 'mundo ', 'año'].map((s) => Buffer.from(s));
    const stored = await store.put('doc-1', Readable.from(chunks), { maxBytes: 1000 });
    const all = Buffer.concat(chunks);
    expect(stored).toEqual({ size: all.length, sha256: createHash('sha256').update(all).digest('hex') });
    expect(await readdir(dir)).toEqual(['doc-1']);
    const blob = await store.get('doc-1');
    expect(blob?.size).toBe(all.length);
    expect(await text(blob!.content)).toBe('hola mundo año');
    expect(await store.exists('doc-1')).toBe(true);
  });

  it('stores a blob streamed in many small chunks byte for byte', async () => {
    const store = await FilesystemBlobStore.open(dir);
    // 3 MiB in chunks of 1,000 to 9,000 bytes, as a multipart upload arrives.
    const chunks = Array.from({ length: 700 }, (_, i) => randomBytes(1_000 + ((i * 7_919) % 8_000)));
    const all = Buffer.concat(chunks);
    const stored = await store.put('doc-big', Readable.from(chunks), { maxBytes: all.length });
    expect(stored).toEqual({ size: all.length, sha256: createHash('sha256').update(all).digest('hex') });
    const blob = await store.get('doc-big');
    expect(Buffer.concat(await blob!.content.toArray()).equals(all)).toBe(true);
  });

  it('leaves nothing behind, not even a temporary file, when the blob is too large', async () => {
    const store = await FilesystemBlobStore.open(dir);
    const big = Readable.from([Buffer.alloc(600), Buffer.alloc(600)]);
    await expect(store.put('doc-1', big, { maxBytes: 1000 })).rejects.toMatchObject({ code: 'file-too-large', category: 'too-large' });
    expect(await readdir(dir)).toEqual([]);
    expect(await store.exists('doc-1')).toBe(false);
  });

  it('leaves nothing behind when the source fails halfway', async () => {
    const store = await FilesystemBlobStore.open(dir);
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from('part');
        throw new Error('connection reset');
      })(),
    );
    await expect(store.put('doc-1', failing, { maxBytes: 1000 })).rejects.toThrow('connection reset');
    expect(await readdir(dir)).toEqual([]);
  });

  it('never shows a partial blob under the key while writing', async () => {
    const store = await FilesystemBlobStore.open(dir);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = Readable.from(
      (async function* () {
        yield Buffer.from('first half, ');
        await gate;
        yield Buffer.from('second half');
      })(),
    );
    const writing = store.put('doc-1', slow, { maxBytes: 1000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await store.exists('doc-1')).toBe(false);
    expect(await store.get('doc-1')).toBeNull();
    expect((await readdir(dir)).every((name) => name.startsWith('.tmp-'))).toBe(true);
    release();
    await writing;
    expect(await text((await store.get('doc-1'))!.content)).toBe('first half, second half');
    expect(await readdir(dir)).toEqual(['doc-1']);
  });

  it('deletes idempotently', async () => {
    const store = await FilesystemBlobStore.open(dir);
    await store.put('doc-1', Readable.from([Buffer.from('x')]), { maxBytes: 10 });
    await store.delete('doc-1');
    await store.delete('doc-1');
    expect(await store.exists('doc-1')).toBe(false);
    expect(await store.get('doc-1')).toBeNull();
  });

  it('refuses keys that could escape the directory', async () => {
    const store = await FilesystemBlobStore.open(dir);
    for (const key of ['../evil', 'a/b', '', '.hidden', 'a..b']) {
      await expect(store.put(key, Readable.from([Buffer.from('x')]), { maxBytes: 10 })).rejects.toMatchObject({ code: 'blob-key-invalid' });
    }
    await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ code: 'blob-key-invalid' });
  });

  it('removes stale temporary files left by a crash when it opens, but not fresh ones', async () => {
    await FilesystemBlobStore.open(dir);
    await writeFile(join(dir, '.tmp-old-abc'), 'partial');
    await writeFile(join(dir, '.tmp-new-def'), 'in progress');
    await writeFile(join(dir, 'kept'), 'whole');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await utimes(join(dir, '.tmp-old-abc'), twoHoursAgo, twoHoursAgo);
    await FilesystemBlobStore.open(dir);
    expect((await readdir(dir)).sort()).toEqual(['.tmp-new-def', 'kept']);
  });
});
