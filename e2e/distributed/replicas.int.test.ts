import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { verifyAuditExport } from '../../packages/platform/src/index.ts';
import { ApiClient } from '../support/api-client.ts';
import { loginWithPkce } from '../support/oidc-login.ts';
import { E2E_PASSWORD } from '../support/tramita-stack.ts';
import { stackInfraAvailable, startTestStack, type TestStack } from '../support/tramita-stack.ts';
import { describeGroups, type GroupView } from './support/consumer-groups.ts';
import { codePrefix, loggedIn, sleep, tailLogs } from './support/fault-scenario.ts';
import { startFaultWorkload, until } from './support/fault-workload.ts';
import { verifyAfterFaults } from './support/verify-after-faults.ts';

/**
 * Two replicas each of files, bpm and index, consuming at once: the second process of each
 * shares the first's database and consumer groups, so Kafka splits every topic's partitions
 * between them (3 per topic). The gateway routes to the first replica; half of the creates go
 * straight to files#2 and half of the transitions straight to bpm#2 (each service verifies the
 * bearer token itself), as a load balancer in front of the replicas would spread them. Pass
 * criteria:
 *  - both replicas of each service did work: creates accepted by files#2 and by files (through
 *    the gateway), transitions by bpm#2 and by bpm; in every consumer group of files, bpm and
 *    index both members hold partitions, the assignment did not change while the stream ran,
 *    and each member committed progress on its own partitions meanwhile;
 *  - then verifyAfterFaults (support/verify-after-faults.ts): every accepted create's saga ends
 *    `completed` or `compensated`, every accepted effect is there exactly once (no transition
 *    applied twice by the two bpm replicas, no saga step done twice by the two files replicas),
 *    and the read model — asked through the gateway (index) and straight from index#2 — lists
 *    exactly the existing expedientes at bpm's phase.
 */

const GROUPS = ['files.create-file', 'files', 'bpm', 'index'] as const;

const brokers = process.env.KAFKA_BROKERS ?? '';

/** For each member of `during`, how far the group's committed offsets moved on its partitions until `after`. */
function progressPerMember(during: GroupView, after: GroupView): number[] {
  return during.members.map((member) =>
    member.partitions.reduce((sum, p) => sum + Math.max(0, (after.committed[p] ?? -1) - Math.max(during.committed[p] ?? 0, 0)), 0),
  );
}

describe.skipIf(!stackInfraAvailable)('distributed stack: two replicas each of files, bpm and index', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ replicas: { files: 2, bpm: 2, index: 2 } });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('both replicas consume and serve; no accepted command is lost or applied twice; both read models match the write side', async () => {
    onTestFailed(() => console.error(tailLogs(stack, ['files', 'files#2', 'bpm', 'bpm#2', 'index', 'index#2'])));
    const api = await loggedIn(stack);
    const direct = (process: 'files#2' | 'bpm#2' | 'index#2') => new ApiClient(stack.urlOf(process), api.token);
    const groups = GROUPS.map((group) => `${stack.runId}.${group}`);

    const workload = startFaultWorkload({
      prefix: codePrefix('REPL'),
      api,
      createVia: [api, direct('files#2')],
      transitionVia: [api, direct('bpm#2')],
      creators: 2,
    });
    await until('the stream to flow', () => workload.accepted().creates >= 4 && workload.accepted().transitions >= 4, 60_000);
    const during = await describeGroups(brokers, groups);
    await until('creates and transitions to pile up', () => workload.accepted().creates >= 30 && workload.accepted().transitions >= 30, 90_000);
    await sleep(1_000);
    const result = await workload.stop();

    const summary = await verifyAfterFaults(api, result, {
      readModels: [
        { name: 'index, through the gateway', api },
        { name: 'index#2', api: direct('index#2') },
      ],
    });
    const after = await describeGroups(brokers, groups);
    const progress = Object.fromEntries(groups.map((group, i) => [group, progressPerMember(during[i]!, after[i]!)]));
    console.info(`two replicas each: ${JSON.stringify({ acceptedVia: result.acceptedVia, progress, ...summary })}`);

    expect(
      result.acceptedVia.creates.every((n) => n > 0),
      `creates accepted by files and files#2: ${result.acceptedVia.creates.join(', ')}`,
    ).toBe(true);
    expect(
      result.acceptedVia.transitions.every((n) => n > 0),
      `transitions accepted by bpm and bpm#2: ${result.acceptedVia.transitions.join(', ')}`,
    ).toBe(true);
    for (const [i, group] of groups.entries()) {
      const members = during[i]!.members;
      expect(members, `${group}: two members`).toHaveLength(2);
      expect(
        members.every((m) => m.partitions.length > 0),
        `${group}: both members hold partitions ${JSON.stringify(members)}`,
      ).toBe(true);
      expect(after[i]!.members, `${group}: the assignment held while the stream ran`).toEqual(members);
      expect(
        progress[group]!.every((n) => n > 0),
        `${group}: each member committed progress on its partitions ${JSON.stringify(progress[group])}`,
      ).toBe(true);
    }
    expect(summary.completed).toBeGreaterThan(0);

    // Both bpm replicas append to one audit chain (ADR 0014): it verifies, and holds each
    // accepted transition once (a version of an expediente's process never twice).
    const admin = new ApiClient(
      stack.url,
      (await loginWithPkce({ baseUrl: stack.url, username: 'admin', password: E2E_PASSWORD, redirectUri: `${stack.url}/callback` })).accessToken,
    );
    const exported = await admin.request('GET', '/api/admin/bpm/audit/export');
    expect(exported.status).toBe(200);
    const text = await exported.text();
    expect(verifyAuditExport(text)).toMatchObject({ ok: true });
    const transitions = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { action?: string; file_code?: string; details?: { version?: number } })
      .filter((entry) => entry.action === 'process.transition' && entry.file_code?.startsWith(result.prefix));
    const accepted = result.acceptedVia.transitions.reduce((sum, n) => sum + n, 0);
    expect(transitions.length).toBeGreaterThanOrEqual(accepted);
    expect(new Set(transitions.map((entry) => `${entry.file_code}@${entry.details?.version}`)).size).toBe(transitions.length);
  }, 300_000);

  it('a revoked access token is refused by both replicas, although only one of them consumes each message (ADR 0010)', async () => {
    const api = await loggedIn(stack);
    // Each process with a read the token allows: the first replicas behind the gateway, the second ones directly.
    const replicas: Record<string, { url: string; path: string }> = {
      'files (gateway)': { url: stack.url, path: '/api/files/NO-SUCH-1/availability' },
      'files#2': { url: stack.urlOf('files#2'), path: '/api/files/NO-SUCH-1/availability' },
      'bpm (gateway)': { url: stack.url, path: '/api/procedures' },
      'bpm#2': { url: stack.urlOf('bpm#2'), path: '/api/procedures' },
      'index (gateway)': { url: stack.url, path: '/api/files' },
      'index#2': { url: stack.urlOf('index#2'), path: '/api/files' },
    };
    for (const [name, { url, path }] of Object.entries(replicas)) {
      expect((await new ApiClient(url, api.token).request('GET', path)).status, name).toBe(200);
    }
    const revoked = await fetch(`${stack.url}/auth/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: api.token, client_id: 'tramita-web' }).toString(),
    });
    expect(revoked.status).toBe(200);
    for (const [name, { url, path }] of Object.entries(replicas)) {
      const code = async () => {
        const response = await new ApiClient(url, api.token).request('GET', path);
        return `${response.status} ${((await response.json()) as { code?: string }).code ?? ''}`;
      };
      await expect.poll(code, { timeout: 10_000, interval: 100, message: name }).toBe('401 token-revoked');
    }
  }, 60_000);
});
