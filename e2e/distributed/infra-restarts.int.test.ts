import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { stackInfraAvailable, startTestStack, type TestStack } from '../support/tramita-stack.ts';
import { codePrefix, loggedIn, sleep, tailLogs } from './support/fault-scenario.ts';
import { startFaultWorkload, until } from './support/fault-workload.ts';
import { startPrivateInfra, type PrivateInfra } from './support/private-infra.ts';
import { verifyAfterFaults } from './support/verify-after-faults.ts';

/**
 * Faults of the servers under the services: Kafka stopped and started again, PostgreSQL stopped
 * and started again (data kept, every open connection cut), each while the steady stream of
 * creates and transitions goes on. Both run on a private Kafka and PostgreSQL (free ports, a
 * throwaway directory): the shared servers are never stopped. Pass criteria:
 *  - no service process dies: each reconnects by itself (same pid before and after);
 *  - the stream goes on through the outage as far as the design allows — with Kafka down, creates
 *    and transitions are still accepted (they only write to the database and its outbox) — and
 *    commands are accepted again after the server is back;
 *  - then verifyAfterFaults (support/verify-after-faults.ts): every accepted create's saga ends
 *    `completed` or `compensated`, every accepted effect is there exactly once (process history
 *    = INICIAL + the accepted transitions, plus at most the one in doubt; one document attached;
 *    nothing left by compensated or failed creates), and the read model lists exactly the existing
 *    expedientes at bpm's phase.
 */

const SERVICES = ['auth', 'files', 'bpm', 'docs', 'index', 'gateway'] as const;

describe.skipIf(!stackInfraAvailable)('distributed stack: Kafka and PostgreSQL restarted under a steady stream', () => {
  let infra: PrivateInfra;
  let stack: TestStack;

  beforeAll(async () => {
    infra = await startPrivateInfra();
    stack = await startTestStack({ brokers: infra.brokers, extraEnv: infra.env, dropDatabases: false });
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    await infra?.remove();
  }, 120_000);

  const pids = () => Object.fromEntries(SERVICES.map((name) => [name, stack.pid(name)]));

  it('Kafka stopped and started again: the outbox holds what was accepted meanwhile, nothing is lost or doubled', async () => {
    onTestFailed(() => console.error(tailLogs(stack, ['files', 'bpm', 'docs', 'index'])));
    const api = await loggedIn(stack);
    const before = pids();
    // Sagas stop while Kafka is away: leave room for creates to go on being accepted meanwhile.
    const workload = startFaultWorkload({ prefix: codePrefix('KAFKA'), api, maxSagasInFlight: 80 });
    await until('transitions accepted', () => workload.accepted().transitions >= 3, 30_000);

    await infra.stopKafka();
    const down = { ...workload.accepted(), sagasInFlight: workload.sagasInFlight() };
    await sleep(3_000);
    const whileDown = workload.accepted();
    await infra.startKafka();
    const back = workload.accepted();
    await until(
      'creates and transitions accepted after Kafka came back',
      () => workload.accepted().creates > back.creates && workload.accepted().transitions > back.transitions,
      90_000,
    ).catch(() => {});
    await sleep(2_000);
    const result = await workload.stop();

    expect(workload.accepted().creates, 'creates accepted after Kafka came back').toBeGreaterThan(back.creates);
    expect(workload.accepted().transitions, 'transitions accepted after Kafka came back').toBeGreaterThan(back.transitions);
    expect(whileDown.creates, `creates accepted while Kafka was down (${JSON.stringify(down)} when it stopped)`).toBeGreaterThan(down.creates);
    const summary = await verifyAfterFaults(api, result, { settleTimeoutMs: 120_000 });
    console.info(`Kafka restart under load: ${JSON.stringify({ acceptedWhileDown: whileDown.creates - down.creates, ...summary })}`);
    expect(summary.completed).toBeGreaterThan(0);
    expect(pids(), 'every service process survived').toEqual(before);
  }, 300_000);

  it('PostgreSQL stopped and started again: every service reconnects, nothing accepted is lost or doubled', async () => {
    onTestFailed(() => console.error(tailLogs(stack, ['files', 'bpm', 'docs', 'index', 'auth'])));
    const api = await loggedIn(stack);
    const before = pids();
    const workload = startFaultWorkload({ prefix: codePrefix('PG'), api });
    await until('transitions accepted', () => workload.accepted().transitions >= 3, 30_000);

    await until('a command in flight', () => workload.inFlight().creates + workload.inFlight().transitions > 0);
    await infra.stopPostgres();
    await sleep(2_000);
    await infra.startPostgres();
    const back = workload.accepted();
    await until(
      'creates and transitions accepted after PostgreSQL came back',
      () => workload.accepted().creates > back.creates && workload.accepted().transitions > back.transitions,
      60_000,
    ).catch(() => {});
    await sleep(2_000);
    const result = await workload.stop();

    expect(workload.accepted().creates, 'creates accepted after PostgreSQL came back').toBeGreaterThan(back.creates);
    expect(workload.accepted().transitions, 'transitions accepted after PostgreSQL came back').toBeGreaterThan(back.transitions);
    const summary = await verifyAfterFaults(api, result, { settleTimeoutMs: 120_000 });
    console.info(`PostgreSQL restart under load: ${JSON.stringify(summary)}`);
    expect(summary.completed).toBeGreaterThan(0);
    expect(pids(), 'every service process survived').toEqual(before);
  }, 300_000);
});
