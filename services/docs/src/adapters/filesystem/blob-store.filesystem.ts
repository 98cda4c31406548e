import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertBlobKey, metered, type BlobContent, type BlobStore, type StoredBlob } from '../../application/blob-store.ts';

const TEMP_PREFIX = '.tmp-';

/**
 * Blobs as files named by key in one directory. A blob is written to a temporary file in the
 * same directory, flushed to disk, then renamed into place (atomic on POSIX) and the directory
 * entry synced: after a crash a key holds the whole blob or nothing.
 */
export class FilesystemBlobStore implements BlobStore {
  readonly #directory: string;

  private constructor(directory: string) {
    this.#directory = directory;
  }

  /**
   * Creates the directory if needed and removes temporary files left by a crash, older than
   * `staleTempMs` (so a replica sharing the volume never loses a write in progress).
   */
  static async open(directory: string, options: { staleTempMs?: number; now?: Date } = {}): Promise<FilesystemBlobStore> {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const staleBefore = (options.now ?? new Date()).getTime() - (options.staleTempMs ?? 3_600_000);
    for (const entry of await readdir(directory)) {
      if (!entry.startsWith(TEMP_PREFIX)) continue;
      const path = join(directory, entry);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < staleBefore) await unlink(path).catch(() => undefined);
    }
    return new FilesystemBlobStore(directory);
  }

  async put(key: string, source: Readable, options: { maxBytes: number }): Promise<StoredBlob> {
    assertBlobKey(key);
    const target = join(this.#directory, key);
    const temp = join(this.#directory, `${TEMP_PREFIX}${key}-${randomBytes(6).toString('hex')}`);
    const meter = metered(options.maxBytes);
    let handle: FileHandle | undefined;
    try {
      handle = await open(temp, 'wx', 0o600);
      // flush: fsync before the stream closes the handle, so the rename below never publishes
      // bytes still only in the page cache.
      await pipeline(source, meter.transform, handle.createWriteStream({ flush: true }));
      await rename(temp, target);
    } catch (error) {
      source.destroy();
      await handle?.close().catch(() => undefined);
      await removeIfPresent(temp);
      throw error;
    }
    await this.#syncDirectory();
    return meter.result();
  }

  async get(key: string): Promise<BlobContent | null> {
    assertBlobKey(key);
    const path = join(this.#directory, key);
    const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (!handle) return null;
    try {
      const { size } = await handle.stat();
      // The stream owns the handle from here and closes it when done or destroyed.
      return { content: handle.createReadStream({ autoClose: true }), size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await removeIfPresent(join(this.#directory, key));
  }

  async exists(key: string): Promise<boolean> {
    assertBlobKey(key);
    return stat(join(this.#directory, key)).then(
      (info) => info.isFile(),
      () => false,
    );
  }

  async #syncDirectory(): Promise<void> {
    const handle = await open(this.#directory, 'r');
    try {
      await handle.sync();
    } catch {
      // Some platforms cannot fsync a directory; the rename is still atomic there.
    } finally {
      await handle.close();
    }
  }
}

async function removeIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
