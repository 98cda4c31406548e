import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, testServiceContext, testUsers } from '@tramita/platform/testing';
import { createLogger, type RunningService } from '@tramita/platform';
import { start } from '../src/index.ts';
import { closedUrl, fakeUpstream, json, type FakeUpstream } from './fake-upstream.ts';

describe('gateway logs', () => {
  const lines: string[] = [];
  let index: FakeUpstream;
  let gateway: RunningService;
  let token: string;

  beforeAll(async () => {
    const issuer = await createTestIssuer();
    token = await issuer.token(testUsers.tramitador);
    index = await fakeUpstream({ 'GET /api/files': json({ items: [] }) });
    const down = await closedUrl();
    const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
    gateway = await start(
      testServiceContext('gateway', issuer, {
        serviceUrls: { index: index.url, bpm: down, auth: down, files: down, docs: down },
        logger: createLogger({ service: 'gateway', level: 'info', destination }),
      }),
    );
  });
  afterAll(async () => {
    await gateway.stop();
    await index.close();
  });

  it('never writes a credential carried in the query string, forwarded or failed', async () => {
    const authorization = { authorization: `Bearer ${token}` };
    const forwarded = await fetch(`${gateway.url}/api/files?access_token=${token}&page=1`, { headers: authorization });
    expect(forwarded.status).toBe(200);
    const failed = await fetch(`${gateway.url}/api/procedures?access_token=${token}`, { headers: authorization });
    expect(failed.status).toBe(502); // logged as a warning with the error
    await fetch(`${gateway.url}/auth/session/end?id_token_hint=${token}&client_secret=s3cret-value&code=the-code&refresh_token=the-refresh`);
    const logged = lines.join('');
    expect(logged).toContain('/api/files?access_token=[redacted]&page=1');
    expect(logged).toContain('upstream unavailable');
    for (const secret of [token, token.split('.')[1]!, token.split('.')[2]!, 's3cret-value', 'the-code', 'the-refresh']) {
      expect(logged).not.toContain(secret);
    }
  });
});
