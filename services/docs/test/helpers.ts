import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestIssuer, testServiceContext, testUsers, type TestIssuer, type TestUser } from '@tramita/platform/testing';
import type { RunningService, ServiceContext } from '@tramita/platform';
import { InProcessTransport } from '@tramita/messaging';
import { start } from '../src/index.ts';

/** A minimal valid-looking PDF header and a real 1×1 PNG. */
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export const PNG_BYTES = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface DocsHarness {
  running: RunningService;
  transport: InProcessTransport;
  issuer: TestIssuer;
  dataDir: string;
  blobFiles(): Promise<string[]>;
  headers(user?: TestUser): Promise<Record<string, string>>;
  upload(bytes: Buffer, name: string, options?: { user?: TestUser; clientType?: string; field?: string }): Promise<Response>;
  stop(): Promise<void>;
}

export async function startDocs(env: Record<string, string> = {}, overrides: Partial<ServiceContext> = {}): Promise<DocsHarness> {
  const issuer = await createTestIssuer();
  const dataDir = await mkdtemp(join(tmpdir(), 'docs-test-'));
  const transport = new InProcessTransport({ maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 20 });
  const running = await start(testServiceContext('docs', issuer, { env, dataDir, transport, ...overrides }));
  const headers = (user: TestUser = testUsers.tramitador) => issuer.headers(user);
  return {
    running,
    transport,
    issuer,
    dataDir,
    headers,
    blobFiles: async () => readdir(join(dataDir, 'blobs')),
    async upload(bytes, name, options = {}) {
      const form = new FormData();
      form.append(options.field ?? 'file', new Blob([new Uint8Array(bytes)], { type: options.clientType ?? 'application/octet-stream' }), name);
      return fetch(`${running.url}/api/docs`, { method: 'POST', headers: await headers(options.user), body: form });
    },
    async stop() {
      await running.stop();
      await transport.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export { testUsers };
