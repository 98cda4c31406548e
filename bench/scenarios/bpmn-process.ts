import { readFile } from 'node:fs/promises';
import type { HttpClient } from '../lib/http.ts';
import { runClosedLoop, type LoadResult } from '../lib/load.ts';
import type { OpenTask } from '../lib/tramita-api.ts';
import { createOne, type ScenarioContext } from './scenarios.ts';

/**
 * The BPMN procedure of the benchmark (bench/fixtures/tramite-paralelo.bpmn): ten user tasks, a
 * fork at the start into two branches joined before the proposal, and a ten-day timer boundary on
 * the legal report that never fires during a run. Deployed once at setup in the shared catalogue;
 * its expedientes are created through an initial option that names it.
 */
export const BPMN_FIXTURE = new URL('../fixtures/tramite-paralelo.bpmn', import.meta.url);

export const BPMN_PROCEDURE = {
  code: 'BENCH_TRAMITE_PARALELO',
  userTasks: 10,
  /** The tasks a new process is waiting on: one per branch of the fork at its start. */
  firstTasks: ['INFORME_JURIDICO', 'REGISTRO'],
} as const;

/** Initial option of the shared catalogue whose expedientes run the benchmark's procedure. */
export const BPMN_OPTION = { code: 'BENCH_BPMN', name: 'Trámite con ramas paralelas (benchmark)', procedureCode: BPMN_PROCEDURE.code };

export const readBenchProcedure = (): Promise<string> => readFile(BPMN_FIXTURE, 'utf8');

/**
 * Deploys the fixture in the shared catalogue (`POST /api/procedures` as application/xml, a
 * platform administrator's client) and adds the initial option that names it. A 200 (the same
 * file was there already) is as good as a 201.
 */
export async function deployBenchProcedure(admin: HttpClient): Promise<{ version: number }> {
  const response = await admin.request('POST', '/api/procedures', { headers: { 'content-type': 'application/xml' }, body: await readBenchProcedure() });
  const text = response.body.toString('utf8');
  if (response.status !== 201 && response.status !== 200) throw new Error(`deploy ${BPMN_FIXTURE.pathname}: HTTP ${response.status}: ${text.slice(0, 500)}`);
  const deployed = (JSON.parse(text) as { procedures: { code: string; version: number }[] }).procedures.find((p) => p.code === BPMN_PROCEDURE.code);
  if (!deployed) throw new Error(`deploy answered without ${BPMN_PROCEDURE.code}: ${text.slice(0, 300)}`);
  await admin.json('POST', '/api/initial-options', BPMN_OPTION, 201);
  return { version: deployed.version };
}

/**
 * One expediente of the benchmark's procedure as a user creates it (a 100 KiB document, POST
 * /api/files with the option, the saga followed to its end), then its inbox read to see that the
 * process reached its first tasks. Returns the expediente's code.
 */
export async function createProcessInstance(ctx: ScenarioContext): Promise<string> {
  const code = await createOne(ctx, 'BPMN', BPMN_OPTION.code);
  const waiting = (await ctx.api.openTasks(code)).map((t) => t.nodeId).sort();
  if (waiting.join() !== BPMN_PROCEDURE.firstTasks.join()) {
    throw new Error(`${code}: its process waits on [${waiting.join(', ')}], not on [${BPMN_PROCEDURE.firstTasks.join(', ')}]`);
  }
  return code;
}

/** Expedientes created with their process at its first tasks per second, closed loop; the codes created, for the completions. */
export async function processInstancesClosedLoop(ctx: ScenarioContext, connections: number, durationMs: number): Promise<LoadResult & { codes: string[] }> {
  const codes: string[] = [];
  const load = await runClosedLoop({ connections, durationMs, task: async () => void codes.push(await createProcessInstance(ctx)) });
  return { ...load, codes };
}

/** How a fixed number of completions is shared among workers, and how many fresh processes each worker needs for its share. */
export interface CompletionPlan {
  /** Completions of each worker; they differ by one at most and add up to the total. */
  perWorker: number[];
  /** Processes each worker works through (each holds `tasksPerProcess` completions). */
  processesPerWorker: number;
}

export function completionPlan(total: number, workers: number, tasksPerProcess: number): CompletionPlan {
  for (const [name, value] of [
    ['completions', total],
    ['workers', workers],
    ['tasks per process', tasksPerProcess],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, got ${value}`);
  }
  const perWorker = Array.from({ length: workers }, (_, w) => Math.floor(total / workers) + (w < total % workers ? 1 : 0));
  return { perWorker, processesPerWorker: Math.ceil(perWorker[0]! / tasksPerProcess) };
}

/** The inbox of a user who is a candidate of every task: read open tasks, complete one. */
export interface TaskInbox {
  openTasks(fileCode: string): Promise<OpenTask[]>;
  completeTask(taskId: string): Promise<void>;
}

export interface CompletionsResult {
  completions: number;
  /** Inbox reads made to find the next open tasks (counted in the time, as a user reads the inbox too). */
  inboxReads: number;
  elapsedMs: number;
  /** Completions per second over the whole run, inbox reads included. */
  perSec: number;
  /** Latency of each completion request alone, ms. */
  latenciesMs: number[];
}

/**
 * A fixed number of task completions, closed loop: worker `w` works through its own expedientes
 * (`codes[w]`, so no two workers touch one process), reading the expediente's open tasks and
 * completing each, again until its share is done. Throws if a worker runs out of open tasks first
 * (its processes ended early or stalled).
 */
export async function completeTasks(inbox: TaskInbox, codes: readonly (readonly string[])[], perWorker: readonly number[]): Promise<CompletionsResult> {
  if (codes.length !== perWorker.length) throw new Error(`${perWorker.length} workers but ${codes.length} sets of expedientes`);
  const latenciesMs: number[] = [];
  let inboxReads = 0;
  const started = performance.now();
  await Promise.all(
    perWorker.map(async (share, w) => {
      let done = 0;
      for (const code of codes[w]!) {
        while (done < share) {
          const open = await inbox.openTasks(code);
          inboxReads += 1;
          if (open.length === 0) break;
          for (const task of open.slice(0, share - done)) {
            const sent = performance.now();
            await inbox.completeTask(task.taskId);
            latenciesMs.push(performance.now() - sent);
            done += 1;
          }
        }
        if (done >= share) return;
      }
      throw new Error(`worker ${w + 1} ran out of open tasks after ${done} of ${share} completions on ${codes[w]!.join(', ')}`);
    }),
  );
  const elapsedMs = performance.now() - started;
  return { completions: latenciesMs.length, inboxReads, elapsedMs, perSec: (latenciesMs.length * 1000) / elapsedMs, latenciesMs };
}

/**
 * Hands `created` expedientes out to the workers of a completion plan, creating more (not timed)
 * when the closed loop made fewer than the plan needs. Each expediente goes to one worker only.
 */
export async function assignProcesses(ctx: ScenarioContext, created: readonly string[], plan: CompletionPlan): Promise<string[][]> {
  const needed = plan.perWorker.length * plan.processesPerWorker;
  const codes = created.slice(0, needed);
  while (codes.length < needed) codes.push(await createProcessInstance(ctx));
  return plan.perWorker.map((_, w) => codes.slice(w * plan.processesPerWorker, (w + 1) * plan.processesPerWorker));
}
