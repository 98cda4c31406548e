import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEnvelope, KafkaTransport } from '../../packages/messaging/src/index.ts';
import { ApiClient } from '../support/api-client.ts';
import { describeReport, settledConsistency } from '../support/consistency.ts';
import { createExpediente } from '../support/create-expediente.ts';
import { loginWithPkce } from '../support/oidc-login.ts';
import { E2E_PASSWORD, stackInfraAvailable, startTestStack, type TestStack } from '../support/tramita-stack.ts';

/**
 * The operator's consistency check on the distributed stack (PostgreSQL + Kafka): after real
 * traffic it is consistent, with every consumer group's backlog read from the broker; a message
 * that breaks its contract ends as a dead letter with its reason, listed by the check, and
 * leaves nothing else unprocessed.
 */
describe.skipIf(!stackInfraAvailable)('distributed stack: consistency check', () => {
  let stack: TestStack;
  let admin: ApiClient;
  let user: ApiClient;

  beforeAll(async () => {
    stack = await startTestStack();
    const login = async (username: string) =>
      new ApiClient(
        stack.url,
        (await loginWithPkce({ baseUrl: stack.url, username, password: E2E_PASSWORD, redirectUri: `${stack.url}/callback` })).accessToken,
      );
    admin = await login('admin');
    user = await login('user');
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('is consistent after real traffic, reading every consumer group backlog from Kafka', async () => {
    for (const code of ['DC-1', 'DC-2']) await createExpediente(user, code);
    await user.json('POST', '/api/files/DC-1/transitions', { to: 'ANALISIS_TECNICO', expectedVersion: 1 }, 200);

    const report = await settledConsistency(stack.url, admin.token);
    expect(report.status, describeReport(report)).toBe('consistent');
    expect(report.readModel).toMatchObject({ ok: true, counts: { files: { active: 2 }, processes: 2, readModel: 2 } });
    const full = await admin.json<{ consumers: { available: boolean; lag: number; partitions: { group: string; topic: string }[] } }>(
      'GET',
      '/api/admin/index/messaging',
      undefined,
      200,
    );
    expect(full.consumers.available).toBe(true);
    expect(full.consumers.lag).toBe(0);
    const topics = new Set(full.consumers.partitions.map((p) => p.topic));
    // The read model's events, and auth's access changes every service applies to tokens (ADR 0010).
    expect(topics).toEqual(new Set([`${stack.runId}.files.events`, `${stack.runId}.bpm.events`, `${stack.runId}.auth.events`]));
  }, 180_000);

  it('lists a message that broke its contract as a dead letter with its reason, and nothing else left', async () => {
    const producer = new KafkaTransport({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: `${stack.runId}-poison` });
    try {
      await producer.publish([
        buildEnvelope(
          { topic: `${stack.runId}.files.events`, type: 'FileCreated', subject: 'DC-POISON', data: { code: 'DC-POISON' } },
          { source: 'test', correlationId: 'poison', causationId: null },
        ),
      ]);
    } finally {
      await producer.close();
    }
    const report = await settledConsistency(stack.url, admin.token);
    expect(report.deadLetters.total, describeReport(report)).toBe(1);
    expect(report.status, describeReport(report)).toBe('consistent');
    expect(report.inFlight).toEqual({ outboxPending: 0, consumerLag: 0, openSagas: 0 });
    const [dead] = report.deadLetters.recent;
    // Stored as the service sees it: the topic without the run prefix.
    expect(dead).toMatchObject({ service: 'index', topic: 'files.events', type: 'FileCreated', subject: 'DC-POISON' });
    expect(dead!.reason).toMatch(/does not match its contract/);
  }, 180_000);
});
