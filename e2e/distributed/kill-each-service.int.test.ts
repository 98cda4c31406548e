import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { ApiClient } from '../support/api-client.ts';
import { stackInfraAvailable, startTestStack, type TestStack } from '../support/tramita-stack.ts';
import { codePrefix, loggedIn, sleep, tailLogs } from './support/fault-scenario.ts';
import { startFaultWorkload, until, type FaultWorkload, type WorkloadCounts } from './support/fault-workload.ts';
import { verifyAfterFaults } from './support/verify-after-faults.ts';

/**
 * Fault: each service in turn (files, bpm, docs, index, auth, gateway) is SIGKILLed in the middle
 * of a steady stream of creates and transitions, then started again, on one stack; each scenario
 * has its own code prefix. Pass criteria, checked once the stream stopped and the system settled
 * (verifyAfterFaults, support/verify-after-faults.ts):
 *  1. every create the API accepted (202) ends in a saga that is `completed` or `compensated`;
 *     a create whose answer was lost settles too (exists, or its code is free again);
 *  2. every accepted effect is there exactly once: a completed saga left one expediente whose
 *     process history is INICIAL plus exactly the accepted transitions, in order (plus at most
 *     the one whose answer was lost, never twice) and whose document is attached once; a
 *     compensated saga left no expediente and no document attached;
 *  3. the read model lists exactly the existing expedientes, once each, at the phase bpm
 *     reports, and files' own record carries that phase.
 * And for each kill: it landed mid-stream — commands in flight at that instant (a create for
 * files and docs, so their sagas are mid-way; a transition for bpm), commands accepted before
 * and after it. Auth: tokens issued before the kill stay valid (every service keeps the keys it
 * fetched), so commands are still accepted while auth is down, though nobody can log in. Gateway:
 * nothing is accepted while it is down (requests fail, or stay in doubt if cut mid-way).
 */

/** When a kill counts as landing mid-command. */
interface Lands {
  what: string;
  holds(workload: FaultWorkload): boolean;
}

const createInFlight: Lands = { what: 'a create in flight and sagas running', holds: (w) => w.inFlight().creates > 0 && w.sagasInFlight() > 0 };
const transitionInFlight: Lands = { what: 'a transition in flight', holds: (w) => w.inFlight().transitions > 0 };
const anyInFlight: Lands = { what: 'a command in flight', holds: (w) => w.inFlight().creates + w.inFlight().transitions > 0 };

const minus = (a: WorkloadCounts, b: WorkloadCounts): WorkloadCounts => ({ creates: a.creates - b.creates, transitions: a.transitions - b.transitions });

describe.skipIf(!stackInfraAvailable)('distributed stack: each service SIGKILLed mid-stream and restarted', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  /**
   * Streams, waits until `lands` holds, SIGKILLs `service`, lets `duringOutage` look around,
   * restarts it, streams on, then verifies. Returns what was accepted while it was down.
   */
  async function killMidStream(
    service: 'files' | 'bpm' | 'docs' | 'index' | 'auth' | 'gateway',
    lands: Lands,
    duringOutage?: (api: ApiClient) => Promise<void>,
  ) {
    onTestFailed(() => console.error(tailLogs(stack, [service, 'gateway'])));
    const api = await loggedIn(stack);
    const workload = startFaultWorkload({ prefix: codePrefix(`K${service.toUpperCase()}`), api });

    // Warm up until transitions flow, then kill the moment a command of the right kind is in flight.
    await until('creates and transitions accepted', () => workload.accepted().creates >= 3 && workload.accepted().transitions >= 3, 30_000);
    await until(`the ${service} kill would land with ${lands.what}`, () => lands.holds(workload));
    const atKill = { landed: lands.holds(workload), inFlight: workload.inFlight(), sagasInFlight: workload.sagasInFlight(), accepted: workload.accepted() };
    await stack.kill(service, 'SIGKILL');
    await sleep(200);
    const down = workload.accepted();
    await duringOutage?.(api);
    await sleep(1_000);
    const acceptedWhileDown = minus(workload.accepted(), down);
    await stack.restart(service);
    const afterRestart = workload.accepted();
    const flowsAgain = () => workload.accepted().creates > afterRestart.creates && workload.accepted().transitions > afterRestart.transitions;
    await until('creates and transitions accepted after the restart', flowsAgain, 30_000).catch(() => {});
    await sleep(2_000);
    const result = await workload.stop();

    expect(atKill.accepted.creates, 'creates accepted before the kill').toBeGreaterThan(0);
    expect(workload.accepted().creates, 'creates accepted after the restart').toBeGreaterThan(afterRestart.creates);
    expect(workload.accepted().transitions, 'transitions accepted after the restart').toBeGreaterThan(afterRestart.transitions);
    expect(atKill.landed, `the kill landed with ${lands.what}`).toBe(true);

    const summary = await verifyAfterFaults(api, result);
    console.info(`${service} SIGKILL under load: ${JSON.stringify({ atKill, acceptedWhileDown, ...summary })}`);
    expect(summary.completed).toBeGreaterThan(0);
    return acceptedWhileDown;
  }

  it('files killed with creates in flight (mid-saga): no accepted command lost or doubled, every saga ends, the read model matches', async () => {
    await killMidStream('files', createInFlight);
  }, 240_000);

  it('bpm killed with a transition in flight: no accepted command lost or doubled, every saga ends, the read model matches', async () => {
    await killMidStream('bpm', transitionInFlight);
  }, 240_000);

  it('docs killed with creates in flight (sagas waiting on AttachDocuments): the same criteria hold', async () => {
    await killMidStream('docs', createInFlight);
  }, 240_000);

  it('index killed mid-stream: it catches up with every event and the read model matches the write side', async () => {
    await killMidStream('index', anyInFlight);
  }, 240_000);

  it('auth killed mid-stream: tokens already issued stay valid, logins wait for its return, the criteria hold', async () => {
    const acceptedWhileDown = await killMidStream('auth', anyInFlight, async (api) => {
      await sleep(1_500);
      const discovery = await fetch(`${stack.url}/auth/.well-known/openid-configuration`);
      await discovery.arrayBuffer();
      expect(discovery.status, 'the OIDC provider is unreachable while auth is down').toBeGreaterThanOrEqual(500);
      const listed = await api.request('GET', '/api/files?size=1');
      await listed.arrayBuffer();
      expect(listed.status, 'an already-issued token is still accepted').toBe(200);
    });
    expect(acceptedWhileDown.creates + acceptedWhileDown.transitions, 'commands accepted while auth was down').toBeGreaterThan(0);
  }, 240_000);

  it('gateway killed mid-stream: nothing is accepted while it is down, and the criteria hold', async () => {
    const acceptedWhileDown = await killMidStream('gateway', anyInFlight);
    expect(acceptedWhileDown, 'commands accepted while the gateway was down').toEqual({ creates: 0, transitions: 0 });
  }, 240_000);
});
