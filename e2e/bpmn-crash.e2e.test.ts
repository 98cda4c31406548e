import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { ProcessResource, TaskListResource, TaskResource } from '@tramita/contracts';
import { allInOneDatabase, openDatabase } from '../packages/platform/src/index.ts';
import { ApiClient } from './support/api-client.ts';
import { tinyPdf } from './support/create-expediente.ts';
import { eventually, freePort } from './support/net.ts';
import { loginWithPkce } from './support/oidc-login.ts';
import { spawnTramita, type TramitaProcess } from './support/tramita-process.ts';

/**
 * Issue 13's durability (ADR 0015, point 3) with the all-in-one server SIGKILLed: timers that fall
 * due while it is down fire once after the restart, and task completions cut short by the kill are
 * either applied once or not at all.
 */
const PASSWORD = 'crash-Contraseña-larga-1';
/** While this delay runs, committed messages sit in the outboxes: the window the test kills in. */
const RELAY_DELAY_MS = '3000';
/** The poller ticks often, so "after more ticks" is a short wait. */
const TIMER_INTERVAL_MS = '200';
/** Long enough to create the expedientes and kill the server before any timer is due. */
const TIMER_DURATION = 'PT10S';

const PLAZO = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Plazo" targetNamespace="urn:tramita:e2e">
  <bpmn:process id="CRASH_PLAZO" name="Subsanación con plazo" isExecutable="true">
    <bpmn:startEvent id="inicio" />
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="APORTAR" />
    <bpmn:userTask id="APORTAR" name="Aportar documentación" camunda:candidateGroups="tramitador" />
    <bpmn:boundaryEvent id="plazo" attachedToRef="APORTAR" cancelActivity="true">
      <bpmn:timerEventDefinition><bpmn:timeDuration>${TIMER_DURATION}</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="APORTAR" targetRef="fin" />
    <bpmn:sequenceFlow id="f3" sourceRef="plazo" targetRef="DESISTIMIENTO" />
    <bpmn:userTask id="DESISTIMIENTO" name="Declarar el desistimiento" camunda:candidateGroups="tramitador" />
    <bpmn:sequenceFlow id="f4" sourceRef="DESISTIMIENTO" targetRef="fin" />
    <bpmn:endEvent id="fin" name="Fin" />
  </bpmn:process>
</bpmn:definitions>`;

const REVISION = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Revision" targetNamespace="urn:tramita:e2e">
  <bpmn:process id="CRASH_REVISION" name="Revisión y resolución" isExecutable="true">
    <bpmn:startEvent id="inicio" />
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="REVISAR" />
    <bpmn:userTask id="REVISAR" name="Revisar la solicitud" camunda:candidateGroups="tramitador" />
    <bpmn:sequenceFlow id="f2" sourceRef="REVISAR" targetRef="RESOLVER" />
    <bpmn:userTask id="RESOLVER" name="Resolver" camunda:candidateGroups="tramitador" />
    <bpmn:sequenceFlow id="f3" sourceRef="RESOLVER" targetRef="fin" />
    <bpmn:endEvent id="fin" name="Fin" />
  </bpmn:process>
</bpmn:definitions>`;

type Step = [phase: string, finishedBy: string | null];
const stepsOf = (process: ProcessResource): Step[] => process.history.map((step) => [step.phase.code, step.finishedBy?.username ?? null]);

/** Opens a killed server's embedded database of one service, runs `read` on it and closes it. */
async function readDatabase<T>(dataDir: string, service: string, read: (db: Kysely<unknown>) => Promise<T>): Promise<T> {
  const database = await openDatabase<unknown>(allInOneDatabase(dataDir, service));
  try {
    return await read(database.db);
  } finally {
    await database.close();
  }
}

describe('BPMN timers and task completions survive a SIGKILL of the server', () => {
  let dataDir = '';
  let port = 0;
  let url = '';
  let running: TramitaProcess | undefined;
  const env = { AUTH_INITIAL_PASSWORD: PASSWORD, BPM_TIMER_INTERVAL_MS: TIMER_INTERVAL_MS };
  const login = async (username: string) =>
    new ApiClient(url, (await loginWithPkce({ baseUrl: url, username, password: PASSWORD, redirectUri: `${url}/callback` })).accessToken);
  const restart = async (extra: Record<string, string> = {}) => {
    running = await spawnTramita(port, dataDir, { ...env, ...extra });
    return login('user');
  };

  /** Creates expedientes at once with an initial option, each waited for until its saga completed. */
  async function createExpedientes(api: ApiClient, codes: string[], initialOption: string): Promise<void> {
    await Promise.all(
      codes.map(async (code) => {
        const uploaded = await api.upload(`${code}.pdf`, tinyPdf(code));
        expect(uploaded.status).toBe(201);
        const { id } = (await uploaded.json()) as { id: string };
        const created = await api.request('POST', '/api/files', { code, initialOption, documents: [id] });
        expect(created.status).toBe(202);
        const saga = created.headers.get('location')!;
        const status = await eventually(
          `the saga of ${code}`,
          async () => {
            const current = await api.json<{ status: string }>('GET', saga, undefined, 200);
            return current.status === 'running' ? undefined : current.status;
          },
          30_000,
        );
        expect(status).toBe('completed');
      }),
    );
  }

  const processOf = (api: ApiClient, code: string) => api.json<ProcessResource>('GET', `/api/files/${code}/process`, undefined, 200);
  const openTasksOf = async (api: ApiClient, code: string) => (await api.json<TaskListResource>('GET', `/api/tasks?fileCode=${code}`, undefined, 200)).items;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tramita-bpmn-crash-'));
    port = await freePort();
    url = `http://localhost:${port}`;
    running = await spawnTramita(port, dataDir, env);
    // Both procedures go to the shared catalogue (platform-admin), each named by an initial option.
    const admin = await login('admin');
    for (const xml of [PLAZO, REVISION]) {
      const deployed = await admin.request('POST', '/api/procedures', xml, { 'content-type': 'application/xml' });
      expect(deployed.status).toBe(201);
    }
    for (const [code, procedureCode] of [
      ['CRASH-PLAZO', 'CRASH_PLAZO'],
      ['CRASH-REVISION', 'CRASH_REVISION'],
    ]) {
      const option = await admin.request('POST', '/api/initial-options', { code, name: `Opción ${code}`, procedureCode });
      expect(option.status).toBe(201);
    }
  }, 180_000);

  afterAll(async () => {
    await running?.kill('SIGTERM');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('fires each timer that fell due while the server was down exactly once after the restart', async () => {
    const codes = ['PLAZO-1', 'PLAZO-2', 'PLAZO-3', 'PLAZO-4'];
    let api = await login('user');
    await createExpedientes(api, codes, 'CRASH-PLAZO');
    for (const code of codes) expect(stepsOf(await processOf(api, code))).toEqual([['APORTAR', null]]);

    await running!.kill('SIGKILL');
    running = undefined;
    // The kill fell before any timer was due: each expediente's timer is scheduled, none fired.
    const scheduled = await readDatabase(dataDir, 'bpm', async (db) =>
      (
        await sql<{ process_id: string; due_at: Date; fired_at: Date | null }>`select process_id, due_at, fired_at from timers where node_id = 'plazo'`.execute(
          db,
        )
      ).rows.map((row) => ({ processId: row.process_id, dueAt: new Date(row.due_at), firedAt: row.fired_at })),
    );
    expect(scheduled).toHaveLength(codes.length);
    expect(scheduled.filter((timer) => timer.firedAt !== null)).toEqual([]);
    // Down past every due time: the restart finds them overdue.
    const lastDue = Math.max(...scheduled.map((timer) => timer.dueAt.getTime()));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastDue - Date.now() + 500)));

    api = await restart();
    const moved = await eventually(
      'every timer to move its expediente on',
      async () => {
        const processes = await Promise.all(codes.map((code) => processOf(api, code)));
        return processes.every((p) => p.phase.code === 'DESISTIMIENTO') ? processes : undefined;
      },
      30_000,
    );
    for (const process of moved) {
      expect(stepsOf(process)).toEqual([
        ['APORTAR', 'bpm-timer'],
        ['DESISTIMIENTO', null],
      ]);
    }
    // Several more poller ticks find nothing left to fire.
    await new Promise((resolve) => setTimeout(resolve, 5 * Number(TIMER_INTERVAL_MS)));
    for (const [index, code] of codes.entries()) {
      const process = await processOf(api, code);
      expect([process.version, stepsOf(process).length]).toEqual([moved[index]!.version, 2]);
      expect((await openTasksOf(api, code)).map((task) => task.nodeId)).toEqual(['DESISTIMIENTO']);
    }

    // In bpm's database each timer is fired once, and the instance's token left APORTAR once.
    await running!.kill('SIGKILL');
    running = undefined;
    const fired = await readDatabase(dataDir, 'bpm', async (db) => {
      const timers = await sql<{ process_id: string; fired: number }>`
        select process_id, count(*)::int as fired from timers where node_id = 'plazo' and fired_at is not null group by process_id`.execute(db);
      const tasks = await sql<{ node_id: string; state: string; count: number }>`
        select t.node_id, t.state, count(*)::int as count from tasks t join timers tm on tm.process_id = t.process_id
        where tm.node_id = 'plazo' group by t.node_id, t.state order by t.node_id`.execute(db);
      return { timers: timers.rows, tasks: tasks.rows };
    });
    expect(fired.timers).toHaveLength(codes.length);
    expect(fired.timers.every((row) => row.fired === 1)).toBe(true);
    expect(fired.tasks).toEqual([
      { node_id: 'APORTAR', state: 'cancelled', count: codes.length },
      { node_id: 'DESISTIMIENTO', state: 'open', count: codes.length },
    ]);
  }, 180_000);

  it('applies each completion cut short by the kill once or not at all, and the open ones complete after the restart', async () => {
    const codes = ['REV-1', 'REV-2', 'REV-3', 'REV-4', 'REV-5', 'REV-6'];
    let api = running ? await login('user') : await restart();
    await createExpedientes(api, codes, 'CRASH-REVISION');
    const taskIds = new Map<string, string>();
    for (const code of codes) {
      const [task] = await openTasksOf(api, code);
      expect(task?.nodeId).toBe('REVISAR');
      taskIds.set(code, task!.taskId);
    }

    // Committed events wait in the outbox while the completions run; the server dies meanwhile.
    await running!.kill('SIGTERM');
    api = await restart({ TRAMITA_TEST_RELAY_DELAY_MS: RELAY_DELAY_MS });
    const completions = codes.map((code) =>
      api.request('POST', `/api/tasks/${taskIds.get(code)!}/complete`, {}).then(
        (response) => response.status,
        () => null,
      ),
    );
    const first = await completions[0]!;
    await running!.kill('SIGKILL');
    running = undefined;
    const answered = await Promise.all(completions);
    expect(first).toBe(200);
    // The kill fell after a completion's commit and before its event was relayed.
    const unsent = await readDatabase(dataDir, 'bpm', async (db) =>
      (await sql<{ type: string }>`select envelope->>'type' as type from outbox where published_at is null`.execute(db)).rows.map((row) => row.type),
    );
    expect(unsent).toContain('ProcessAdvanced');

    api = await restart();
    const completedBefore: string[] = [];
    for (const [index, code] of codes.entries()) {
      const task = await api.json<TaskResource>('GET', `/api/tasks/${taskIds.get(code)!}`, undefined, 200);
      const steps = stepsOf(await processOf(api, code));
      if (task.state === 'completed') {
        completedBefore.push(code);
        expect(steps).toEqual([
          ['REVISAR', 'user'],
          ['RESOLVER', null],
        ]);
        expect((await openTasksOf(api, code)).map((t) => t.nodeId)).toEqual(['RESOLVER']);
      } else {
        // Never answered 200 and then lost: a completion that answered committed.
        expect(answered[index]).not.toBe(200);
        expect(task.state).toBe('open');
        expect(steps).toEqual([['REVISAR', null]]);
      }
    }
    expect(completedBefore).toContain(codes[0]);

    // The open ones complete now; a completed one refuses a second completion.
    for (const code of codes) {
      const again = await api.request('POST', `/api/tasks/${taskIds.get(code)!}/complete`, {});
      const body = (await again.json()) as { code?: string; state?: string };
      if (completedBefore.includes(code)) expect([again.status, body.code]).toEqual([409, 'task-ended']);
      else expect([again.status, body.state]).toEqual([200, 'completed']);
    }
    for (const code of codes) {
      expect(stepsOf(await processOf(api, code))).toEqual([
        ['REVISAR', 'user'],
        ['RESOLVER', null],
      ]);
      expect((await openTasksOf(api, code)).map((t) => t.nodeId)).toEqual(['RESOLVER']);
    }
    // The events committed before the kill reached files after the restart, each expediente's once.
    for (const code of codes) {
      const record = await eventually(
        `files to follow ${code}`,
        async () => {
          const r = await api.json<{ currentPhase: { code: string } | null }>('GET', `/api/files/${code}/record`, undefined, 200);
          return r.currentPhase?.code === 'RESOLVER' ? r : undefined;
        },
        30_000,
      );
      expect(record.currentPhase?.code).toBe('RESOLVER');
    }
  }, 180_000);
});
