import { describe, expect, it } from 'vitest';
import type { EngineEffect, EngineEvent, RefusedEvent, Variables } from './engine-api.ts';
import type { InstanceState } from './instance.ts';
import type { ProcessModel } from './model.ts';
import { execute, MAX_STEPS } from './run-instance.ts';
import { bpmnProcess, standInServices } from './test-support/model-builder.ts';

/**
 * The engine against hand-written models and stand-in services (no reader, no real evaluator): each
 * element of the subset, every refusal, and the two promises every host relies on — the input
 * state is never changed, and the state survives a JSON round trip between any two events.
 */
class Driver {
  state: InstanceState | null = null;
  effects: EngineEffect[] = [];
  now = new Date('2026-03-02T08:00:00Z');
  readonly model: ProcessModel;

  constructor(model: ProcessModel) {
    this.model = model;
  }

  send(event: EngineEvent): EngineEffect[] {
    const copy = structuredClone(this.state);
    const result = execute(this.model, this.state, event, standInServices(this.now));
    expect(this.state, 'the input state is not changed').toStrictEqual(copy);
    if (!result.ok) throw new Error(`${result.refused.code}: ${result.refused.message}`);
    const stored = JSON.parse(JSON.stringify(result.state)) as InstanceState;
    expect(stored, 'the state is plain JSON').toStrictEqual(result.state);
    this.state = stored;
    this.effects.push(...result.effects);
    return result.effects;
  }

  /** Sends an event that must be refused with `code`, and checks nothing changed. */
  refused(event: EngineEvent, code: RefusedEvent['code']): void {
    const copy = structuredClone(this.state);
    const result = execute(this.model, this.state, event, standInServices(this.now));
    expect(result).toMatchObject({ ok: false, refused: { code, message: expect.any(String) as unknown } });
    expect(this.state).toStrictEqual(copy);
  }

  start(variables: Variables = {}, initiator: string | null = null): EngineEffect[] {
    return this.send({ type: 'start', variables, initiator });
  }

  /** The open task at `nodeId` (exactly one). */
  task(nodeId: string): string {
    const open = this.#waiting('task', nodeId);
    expect(open, `one open task at ${nodeId}`).toHaveLength(1);
    return open[0]!;
  }

  openTasks(): string[] {
    return (this.state?.tokens ?? [])
      .filter((t) => t.wait === 'task')
      .map((t) => t.nodeId)
      .sort();
  }

  complete(nodeId: string, variables: Variables = {}): EngineEffect[] {
    return this.send({ type: 'completeTask', taskId: this.task(nodeId), variables });
  }

  /** The scheduled timer of `nodeId` (a catch or boundary event; exactly one). */
  timer(nodeId: string): string {
    const live = (this.state?.timers ?? []).filter((t) => t.nodeId === nodeId).map((t) => t.id);
    expect(live, `one scheduled timer at ${nodeId}`).toHaveLength(1);
    return live[0]!;
  }

  fire(nodeId: string): EngineEffect[] {
    return this.send({ type: 'fireTimer', timerId: this.timer(nodeId) });
  }

  incident(nodeId: string): string {
    const open = (this.state?.incidents ?? []).filter((i) => i.nodeId === nodeId).map((i) => i.id);
    expect(open, `one incident at ${nodeId}`).toHaveLength(1);
    return open[0]!;
  }

  #waiting(wait: 'task' | 'call', nodeId: string): string[] {
    return (this.state?.tokens ?? []).filter((t) => t.wait === wait && t.nodeId === nodeId).map((t) => t.ref);
  }

  call(nodeId: string): string {
    const open = this.#waiting('call', nodeId);
    expect(open, `one running call at ${nodeId}`).toHaveLength(1);
    return open[0]!;
  }
}

const types = (effects: EngineEffect[]) => effects.map((e) => e.type);
const of = <T extends EngineEffect['type']>(effects: EngineEffect[], type: T) =>
  effects.filter((e): e is Extract<EngineEffect, { type: T }> => e.type === type);

describe('execute (hand-written models)', () => {
  it('runs a sequence step by step, with history effects in order, the initiator stored and ids from the counter', () => {
    const d = new Driver(
      bpmnProcess()
        .start('s', 'starter')
        .userTask('A', { candidateGroups: ['tramitador'] })
        .end('e')
        .chain('s', 'A', 'e')
        .build(),
    );
    const started = d.start({ expediente: 'EXP-1' }, 'ana');
    expect(started).toEqual([
      { type: 'activityStarted', nodeId: 's' },
      { type: 'activityEnded', nodeId: 's', cancelled: false },
      { type: 'flowTaken', flowId: 's-A' },
      { type: 'activityStarted', nodeId: 'A' },
      {
        type: 'taskCreated',
        task: {
          taskId: expect.stringMatching(/^task-\d+$/) as unknown,
          nodeId: 'A',
          name: 'A',
          assignee: null,
          candidateUsers: [],
          candidateGroups: ['tramitador'],
          dueAt: null,
          priority: null,
          formKey: null,
        },
      },
    ]);
    expect(d.state?.variables).toEqual({ expediente: 'EXP-1', starter: 'ana' });
    const ended = d.complete('A', { resuelto: true });
    expect(ended).toEqual([
      { type: 'taskCompleted', taskId: d.effects.flatMap((e) => (e.type === 'taskCreated' ? [e.task.taskId] : []))[0] },
      { type: 'activityEnded', nodeId: 'A', cancelled: false },
      { type: 'flowTaken', flowId: 'A-e' },
      { type: 'activityStarted', nodeId: 'e' },
      { type: 'activityEnded', nodeId: 'e', cancelled: false },
      { type: 'instanceEnded', terminated: false },
    ]);
    expect(d.state).toMatchObject({
      status: 'ended',
      variables: { resuelto: true },
      tokens: [],
      runs: { s: 1, A: 1, e: 1 },
      flowsTaken: { 's-A': 1, 'A-e': 1 },
    });
  });

  it('resolves assignee, candidate lists (split on commas), priority and due date when a task is created', () => {
    const d = new Driver(
      bpmnProcess()
        .start('s')
        .userTask('A', {
          assignee: '${responsable}',
          candidateUsers: ['${revisores}'],
          candidateGroups: ['tecnico', '${unidad}'],
          priority: '${prioridad}',
          dueDate: '${plazo}',
        })
        .end('e')
        .chain('s', 'A', 'e')
        .build(),
    );
    d.start({ responsable: 'tomas', revisores: 'ana, luis', unidad: 'urbanismo', prioridad: '70', plazo: 86_400_000 });
    expect(of(d.effects, 'taskCreated')[0]?.task).toMatchObject({
      assignee: 'tomas',
      candidateUsers: ['ana', 'luis'],
      candidateGroups: ['tecnico', 'urbanismo'],
      priority: 70,
      dueAt: new Date('2026-03-03T08:00:00Z'),
    });
  });

  it('parks a task whose values cannot be resolved in an incident, and creates it on retry with the data fixed', () => {
    const d = new Driver(bpmnProcess().start('s').userTask('A', { dueDate: '${plazo}' }).end('e').chain('s', 'A', 'e').build());
    const started = d.start();
    expect(types(started).slice(-1)).toEqual(['incidentRaised']);
    expect(of(started, 'incidentRaised')[0]).toMatchObject({ nodeId: 'A', message: expect.stringMatching(/plazo/) as unknown });
    expect(d.state?.status).toBe('active');
    const retried = d.send({ type: 'retryIncident', incidentId: d.incident('A'), variables: { plazo: 1000 } });
    expect(types(retried)).toContain('taskCreated');
    expect(of(retried, 'taskCreated')[0]?.task.dueAt).toEqual(new Date('2026-03-02T08:00:01Z'));
    expect(d.state?.incidents).toEqual([]);
  });

  it('takes a rework loop three times and counts each run and flow', () => {
    const d = new Driver(
      bpmnProcess()
        .start('s')
        .userTask('REVISAR')
        .exclusive('gw', 'ok')
        .userTask('SUBSANAR')
        .end('e')
        .chain('s', 'REVISAR', 'gw')
        .flow('rework', 'gw', 'SUBSANAR', "${completa == 'no'}")
        .flow('ok', 'gw', 'e')
        .chain('SUBSANAR', 'REVISAR')
        .build(),
    );
    d.start();
    for (let i = 0; i < 3; i++) {
      d.complete('REVISAR', { completa: 'no' });
      d.complete('SUBSANAR');
    }
    d.complete('REVISAR', { completa: 'si' });
    expect(d.state).toMatchObject({ status: 'ended', runs: { REVISAR: 4, SUBSANAR: 3, gw: 4, e: 1 }, flowsTaken: { rework: 3, ok: 1, 'SUBSANAR-REVISAR': 3 } });
  });

  describe('exclusive gateway', () => {
    const gateway = (defaultFlow: string | null) =>
      bpmnProcess()
        .start('s')
        .exclusive('gw', defaultFlow)
        .userTask('A')
        .userTask('B')
        .userTask('C')
        .end('e')
        .chain('s', 'gw')
        .flow('toA', 'gw', 'A', '${a}')
        .flow('toB', 'gw', 'B', '${b}')
        .flow('toC', 'gw', 'C')
        .chain('A', 'e')
        .chain('B', 'e')
        .chain('C', 'e')
        .build();

    it('takes the first flow whose condition holds, in document order', () => {
      const d = new Driver(gateway('toC'));
      const started = d.start({ a: false, b: true });
      expect(d.openTasks()).toEqual(['B']);
      expect(of(started, 'flowTaken').map((e) => e.flowId)).toEqual(['s-gw', 'toB']);
      const both = new Driver(gateway('toC'));
      both.start({ a: true, b: true });
      expect(both.openTasks()).toEqual(['A']);
    });

    it('takes the default flow when no condition holds', () => {
      const d = new Driver(gateway('toC'));
      d.start({ a: false, b: false });
      expect(d.openTasks()).toEqual(['C']);
      expect(d.state?.flowsTaken).toEqual({ 's-gw': 1, toC: 1 });
    });

    it('takes a single unconditioned way out as is (a merge)', () => {
      const d = new Driver(bpmnProcess().start('s').exclusive('merge').userTask('A').end('e').chain('s', 'merge', 'A', 'e').build());
      d.start();
      expect(d.openTasks()).toEqual(['A']);
    });

    it('raises an incident when nothing holds and there is no default, and goes on when a retry fixes the data', () => {
      const d = new Driver(gateway(null));
      const started = d.start({ a: false, b: false });
      expect(of(started, 'incidentRaised')).toEqual([
        { type: 'incidentRaised', incidentId: expect.stringMatching(/^incident-\d+$/) as unknown, nodeId: 'gw', message: expect.any(String) as unknown },
      ]);
      expect(d.openTasks()).toEqual([]);
      expect(d.state?.status).toBe('active');
      const first = d.incident('gw');
      const retried = d.send({ type: 'retryIncident', incidentId: first, variables: { b: true } });
      expect(retried[0]).toEqual({ type: 'incidentResolved', incidentId: first });
      expect(d.openTasks()).toEqual(['B']);
      expect(d.state).toMatchObject({ incidents: [], runs: { gw: 1 } });
      d.refused({ type: 'retryIncident', incidentId: first, variables: {} }, 'unknown-incident');
    });

    it('raises an incident when a condition cannot be evaluated (a missing variable), never reading it as false', () => {
      const d = new Driver(gateway('toC'));
      const started = d.start({ b: true });
      expect(of(started, 'incidentRaised')[0]).toMatchObject({ nodeId: 'gw', message: expect.stringMatching(/\ba\b/) as unknown });
      expect(d.openTasks()).toEqual([]);
      d.send({ type: 'retryIncident', incidentId: d.incident('gw'), variables: { a: true } });
      expect(d.openTasks()).toEqual(['A']);
    });
  });

  it('takes every outgoing flow of a non-gateway node, conditional ones only when they hold', () => {
    const d = new Driver(
      bpmnProcess()
        .start('s')
        .userTask('A')
        .userTask('B')
        .userTask('C')
        .userTask('D')
        .end('e')
        .chain('s', 'A')
        .flow('toB', 'A', 'B')
        .flow('toC', 'A', 'C', '${c}')
        .flow('toD', 'A', 'D', '${d}')
        .chain('B', 'e')
        .chain('C', 'e')
        .chain('D', 'e')
        .build(),
    );
    d.start();
    d.complete('A', { c: false, d: true });
    expect(d.openTasks()).toEqual(['B', 'D']);
    d.complete('B');
    expect(d.state?.status).toBe('active');
    d.complete('D');
    expect(d.state?.status).toBe('ended');
  });

  describe('parallel gateway', () => {
    const threeBranches = () =>
      bpmnProcess()
        .start('s')
        .parallel('fork')
        .userTask('A')
        .userTask('B')
        .userTask('C')
        .parallel('join')
        .userTask('D')
        .end('e')
        .chain('s', 'fork')
        .chain('fork', 'A', 'join')
        .chain('fork', 'B', 'join')
        .chain('fork', 'C', 'join')
        .chain('join', 'D', 'e')
        .build();

    for (const order of [
      ['A', 'B', 'C'],
      ['C', 'A', 'B'],
      ['B', 'C', 'A'],
    ]) {
      it(`forks three branches and joins them when completed in the order ${order.join(', ')}`, () => {
        const d = new Driver(threeBranches());
        d.start();
        expect(d.openTasks()).toEqual(['A', 'B', 'C']);
        d.complete(order[0]!);
        d.complete(order[1]!);
        expect(d.openTasks()).toEqual([order[2]]);
        expect(d.state?.joins).toEqual([{ gateway: 'join', scope: expect.any(String) as unknown, flows: [`${order[0]}-join`, `${order[1]}-join`] }]);
        const last = d.complete(order[2]!);
        expect(types(last)).toEqual([
          'taskCompleted',
          'activityEnded',
          'flowTaken',
          'activityStarted',
          'activityEnded',
          'flowTaken',
          'activityStarted',
          'taskCreated',
        ]);
        expect(d.openTasks()).toEqual(['D']);
        expect(d.state).toMatchObject({ joins: [], runs: { fork: 1, join: 1 } });
      });
    }

    it('keeps an extra token on one incoming flow for the next round of the join', () => {
      // Each branch may send another token round (a non-gateway step with a conditional way back).
      const d = new Driver(
        bpmnProcess()
          .start('s')
          .parallel('fork')
          .userTask('A')
          .automatic('afterA')
          .userTask('B')
          .automatic('afterB')
          .parallel('join')
          .userTask('D')
          .end('e')
          .chain('s', 'fork')
          .chain('fork', 'A', 'afterA', 'join')
          .flow('againA', 'afterA', 'A', '${otraA}')
          .chain('fork', 'B', 'afterB', 'join')
          .flow('againB', 'afterB', 'B', '${otraB}')
          .chain('join', 'D', 'e')
          .build(),
      );
      d.start();
      d.complete('A', { otraA: true, otraB: true });
      d.complete('A', { otraA: false });
      expect(d.state?.joins.map((j) => j.flows)).toEqual([['afterA-join', 'afterA-join']]);
      expect(d.openTasks()).toEqual(['B']);
      d.complete('B');
      expect(d.openTasks()).toEqual(['B', 'D']);
      expect(d.state?.runs.join).toBe(1);
      expect(d.state?.joins.map((j) => j.flows)).toEqual([['afterA-join']]);
      d.complete('B', { otraB: false });
      expect(d.openTasks()).toEqual(['D', 'D']);
      expect(d.state).toMatchObject({ joins: [], runs: { join: 2 } });
    });

    it('completes a join whose branch was cancelled by an interrupting timer and reached it through the boundary path', () => {
      const d = new Driver(
        bpmnProcess()
          .start('s')
          .parallel('fork')
          .userTask('CATASTRO')
          .userTask('INFORME')
          .timerBoundary('plazo', 'INFORME', { text: '5000' })
          .userTask('RECLAMAR')
          .parallel('join')
          .userTask('RESOLVER')
          .end('e')
          .chain('s', 'fork')
          .chain('fork', 'CATASTRO', 'join')
          .chain('fork', 'INFORME', 'join')
          .chain('plazo', 'RECLAMAR', 'join')
          .chain('join', 'RESOLVER', 'e')
          .build(),
      );
      d.start();
      expect(of(d.effects, 'timerScheduled')).toEqual([
        { type: 'timerScheduled', timerId: d.timer('plazo'), nodeId: 'plazo', dueAt: new Date('2026-03-02T08:00:05Z') },
      ]);
      d.complete('CATASTRO');
      const fired = d.fire('plazo');
      expect(types(fired).slice(0, 3)).toEqual(['taskCancelled', 'activityEnded', 'activityStarted']);
      expect(fired[1]).toEqual({ type: 'activityEnded', nodeId: 'INFORME', cancelled: true });
      expect(d.openTasks()).toEqual(['RECLAMAR']);
      expect(d.state?.runs.join).toBeUndefined();
      d.complete('RECLAMAR');
      expect(d.openTasks()).toEqual(['RESOLVER']);
      expect(d.state).toMatchObject({ joins: [], runs: { join: 1, plazo: 1 } });
      expect(d.state?.runs.INFORME).toBeUndefined();
    });
  });

  describe('timers', () => {
    it('fires a non-interrupting cycle as often as it repeats, the task staying open, and stops it with the task', () => {
      const d = new Driver(
        bpmnProcess()
          .start('s')
          .userTask('A')
          .timerBoundary('aviso', 'A', { form: 'cycle', text: 'R3/1000' }, false)
          .automatic('avisar', 'bpmn:SendTask')
          .end('e')
          .end('e2')
          .chain('s', 'A', 'e')
          .chain('aviso', 'avisar', 'e2')
          .build(),
      );
      d.start();
      const dues: Date[] = [];
      for (let i = 0; i < 3; i++) {
        const due = new Date(d.state!.timers[0]!.dueAt);
        dues.push(due);
        const fired = d.fire('aviso');
        expect(types(fired)).toContain('automaticStepSkipped');
        expect(d.openTasks()).toEqual(['A']);
      }
      expect(dues.map((x) => x.toISOString())).toEqual(['2026-03-02T08:00:01.000Z', '2026-03-02T08:00:02.000Z', '2026-03-02T08:00:03.000Z']);
      expect(d.state?.timers).toEqual([]);
      expect(d.state?.runs).toMatchObject({ aviso: 3, avisar: 3, e2: 3 });
      d.complete('A');
      expect(d.state?.status).toBe('ended');
    });

    it('cancels a boundary timer when its task completes, and refuses the timer afterwards', () => {
      const d = new Driver(
        bpmnProcess().start('s').userTask('A').timerBoundary('t', 'A', { text: '1000' }).end('e').end('te').chain('s', 'A', 'e').chain('t', 'te').build(),
      );
      d.start();
      const timer = d.timer('t');
      const done = d.complete('A');
      expect(done.slice(0, 2)).toEqual([
        { type: 'taskCompleted', taskId: expect.any(String) as unknown },
        { type: 'timerCancelled', timerId: timer },
      ]);
      d.refused({ type: 'fireTimer', timerId: timer }, 'instance-ended');
    });

    it('waits at a timer catch event until it fires, then goes on', () => {
      const d = new Driver(
        bpmnProcess()
          .start('s')
          .timerCatch('espera', { form: 'date', text: '2026-04-01T00:00:00Z' })
          .userTask('A')
          .end('e')
          .chain('s', 'espera', 'A', 'e')
          .build(),
      );
      const started = d.start();
      expect(of(started, 'timerScheduled')).toEqual([
        { type: 'timerScheduled', timerId: d.timer('espera'), nodeId: 'espera', dueAt: new Date('2026-04-01T00:00:00Z') },
      ]);
      expect(d.openTasks()).toEqual([]);
      const timer = d.timer('espera');
      d.fire('espera');
      expect(d.openTasks()).toEqual(['A']);
      expect(d.state?.timers).toEqual([]);
      d.refused({ type: 'fireTimer', timerId: timer }, 'unknown-timer');
    });

    it('parks a timer catch event whose time cannot be computed in an incident', () => {
      const d = new Driver(bpmnProcess().start('s').timerCatch('espera', { text: '${plazo}' }).end('e').chain('s', 'espera', 'e').build());
      d.start();
      expect(d.state?.timers).toEqual([]);
      d.send({ type: 'retryIncident', incidentId: d.incident('espera'), variables: { plazo: 60_000 } });
      expect(d.state?.timers[0]?.dueAt).toBe('2026-03-02T08:01:00.000Z');
    });
  });

  describe('sub-processes', () => {
    const nested = () =>
      bpmnProcess()
        .start('s')
        .subProcess('outer', 'os', (b) =>
          b
            .start('os')
            .subProcess('inner', 'is', (c) =>
              c
                .start('is')
                .parallel('fk')
                .userTask('X')
                .userTask('Y')
                .timerBoundary('recordar', 'Y', { text: '9000' }, false)
                .call('fiscalizar', 'FISCALIZACION')
                .end('ie')
                .end('ie2')
                .end('ie3')
                .end('ie4')
                .chain('is', 'fk')
                .chain('fk', 'X', 'ie')
                .chain('fk', 'Y', 'ie2')
                .chain('fk', 'fiscalizar', 'ie3')
                .chain('recordar', 'ie4'),
            )
            .end('oe')
            .chain('os', 'inner', 'oe'),
        )
        .timerBoundary('caduca', 'outer', { text: '30000' })
        .userTask('after')
        .userTask('CADUCIDAD')
        .end('e')
        .end('e2')
        .chain('s', 'outer', 'after', 'e')
        .chain('caduca', 'CADUCIDAD', 'e2')
        .build();

    it('runs two nested levels and continues after the outer one once everything inside has ended', () => {
      const d = new Driver(nested());
      d.start();
      expect(d.openTasks()).toEqual(['X', 'Y']);
      expect(d.state?.scopes.map((s) => s.nodeId)).toEqual(['P', 'outer', 'inner']);
      d.complete('X');
      d.complete('Y');
      expect(d.openTasks()).toEqual([]);
      const back = d.send({ type: 'callCompleted', callId: d.call('fiscalizar'), variables: { fiscalizado: true } });
      expect(back.filter((e) => e.type === 'activityEnded').map((e) => (e as { nodeId: string }).nodeId)).toEqual([
        'fiscalizar',
        'ie3',
        'inner',
        'oe',
        'outer',
      ]);
      expect(of(back, 'timerCancelled')).toHaveLength(1);
      expect(d.openTasks()).toEqual(['after']);
      expect(d.state).toMatchObject({ variables: { fiscalizado: true }, runs: { inner: 1, outer: 1 }, timers: [] });
      expect(d.state?.scopes.map((s) => s.nodeId)).toEqual(['P']);
    });

    it('cancels every task, timer and call inside both levels when an interrupting timer on the outer one fires', () => {
      const d = new Driver(nested());
      d.start();
      const x = d.task('X');
      const y = d.task('Y');
      const call = d.call('fiscalizar');
      const reminder = d.timer('recordar');
      const fired = d.fire('caduca');
      expect(
        of(fired, 'taskCancelled')
          .map((e) => e.taskId)
          .sort(),
      ).toEqual([x, y].sort());
      expect(of(fired, 'callCancelled')).toEqual([{ type: 'callCancelled', callId: call }]);
      expect(of(fired, 'timerCancelled')).toEqual([{ type: 'timerCancelled', timerId: reminder }]);
      expect(
        of(fired, 'activityEnded')
          .filter((e) => e.cancelled)
          .map((e) => e.nodeId)
          .sort(),
      ).toEqual(['X', 'Y', 'fiscalizar', 'inner', 'outer'].sort());
      expect(d.openTasks()).toEqual(['CADUCIDAD']);
      expect(d.state).toMatchObject({ timers: [], joins: [], incidents: [] });
      expect(d.state?.scopes.map((s) => s.nodeId)).toEqual(['P']);
      d.refused({ type: 'completeTask', taskId: x, variables: {} }, 'unknown-task');
      d.refused({ type: 'callCompleted', callId: call, variables: {} }, 'unknown-call');
      d.refused({ type: 'fireTimer', timerId: reminder }, 'unknown-timer');
    });

    it('resolves the incidents and drops the join arrivals inside a sub-process an interrupting timer cancels', () => {
      const d = new Driver(
        bpmnProcess()
          .start('s')
          .subProcess('sp', 'ss', (b) =>
            b
              .start('ss')
              .parallel('fk')
              .exclusive('gw')
              .userTask('A')
              .parallel('jn')
              .end('se')
              .chain('ss', 'fk')
              .chain('fk', 'gw')
              .flow('cond', 'gw', 'jn', '${listo}')
              .chain('fk', 'A', 'jn')
              .chain('fk', 'jn')
              .chain('jn', 'se'),
          )
          .timerBoundary('vence', 'sp', { text: '1000' })
          .end('e')
          .end('e2')
          .chain('s', 'sp', 'e')
          .chain('vence', 'e2')
          .build(),
      );
      d.start();
      const incident = d.incident('gw');
      expect(d.state?.joins).toHaveLength(1);
      const fired = d.fire('vence');
      expect(of(fired, 'incidentResolved')).toEqual([{ type: 'incidentResolved', incidentId: incident }]);
      expect(of(fired, 'taskCancelled')).toHaveLength(1);
      expect(d.state?.status).toBe('ended');
      expect(d.state).toMatchObject({ joins: [], incidents: [], tokens: [] });
    });

    it('lets a non-interrupting timer on a sub-process start a branch while the sub-process runs on', () => {
      const d = new Driver(
        bpmnProcess()
          .start('s')
          .subProcess('sp', 'ss', (b) => b.start('ss').userTask('A').end('se').chain('ss', 'A', 'se'))
          .timerBoundary('aviso', 'sp', { text: '1000' }, false)
          .userTask('AVISO')
          .end('e')
          .end('e2')
          .chain('s', 'sp', 'e')
          .chain('aviso', 'AVISO', 'e2')
          .build(),
      );
      d.start();
      d.fire('aviso');
      expect(d.openTasks()).toEqual(['A', 'AVISO']);
      d.complete('A');
      expect(d.state?.status).toBe('active');
      d.complete('AVISO');
      expect(d.state?.status).toBe('ended');
    });
  });

  describe('terminate end events', () => {
    it('ends the whole instance at the top level, cancelling every other task, timer and call', () => {
      const d = new Driver(
        bpmnProcess()
          .start('s')
          .parallel('fk')
          .userTask('A')
          .userTask('B')
          .timerBoundary('t', 'B', { text: '1000' })
          .call('c', 'OTRO')
          .end('fin', true)
          .end('e')
          .end('e2')
          .end('e3')
          .chain('s', 'fk')
          .chain('fk', 'A', 'fin')
          .chain('fk', 'B', 'e')
          .chain('fk', 'c', 'e2')
          .chain('t', 'e3')
          .build(),
      );
      d.start();
      const b = d.task('B');
      const timer = d.timer('t');
      const call = d.call('c');
      const ended = d.complete('A');
      expect(of(ended, 'taskCancelled')).toEqual([{ type: 'taskCancelled', taskId: b }]);
      expect(of(ended, 'timerCancelled')).toEqual([{ type: 'timerCancelled', timerId: timer }]);
      expect(of(ended, 'callCancelled')).toEqual([{ type: 'callCancelled', callId: call }]);
      expect(ended.at(-1)).toEqual({ type: 'instanceEnded', terminated: true });
      expect(of(ended, 'instanceEnded')).toHaveLength(1);
      expect(d.state).toMatchObject({ status: 'terminated', tokens: [], timers: [], runs: { fin: 1 } });
      d.refused({ type: 'completeTask', taskId: b, variables: {} }, 'instance-ended');
    });

    it('ends only its own sub-process inside one, which then completes normally and continues', () => {
      const d = new Driver(
        bpmnProcess()
          .start('s')
          .subProcess('sp', 'ss', (b) =>
            b
              .start('ss')
              .parallel('fk')
              .userTask('X')
              .userTask('Y')
              .subProcess('deep', 'ds', (c) => c.start('ds').userTask('Z').end('de').chain('ds', 'Z', 'de'))
              .end('term', true)
              .end('se')
              .end('se2')
              .chain('ss', 'fk')
              .chain('fk', 'X', 'term')
              .chain('fk', 'Y', 'se')
              .chain('fk', 'deep', 'se2'),
          )
          .userTask('after')
          .userTask('outside')
          .parallel('pf')
          .end('e')
          .end('e2')
          .chain('s', 'pf')
          .chain('pf', 'sp', 'after', 'e')
          .chain('pf', 'outside', 'e2')
          .build(),
      );
      d.start();
      expect(d.openTasks()).toEqual(['X', 'Y', 'Z', 'outside'].sort());
      const ended = d.complete('X');
      expect(of(ended, 'taskCancelled')).toHaveLength(2);
      expect(of(ended, 'instanceEnded')).toEqual([]);
      expect(of(ended, 'activityEnded').find((e) => e.nodeId === 'sp')).toEqual({ type: 'activityEnded', nodeId: 'sp', cancelled: false });
      expect(d.openTasks()).toEqual(['after', 'outside']);
      expect(d.state).toMatchObject({ status: 'active', runs: { sp: 1, term: 1 } });
    });
  });

  describe('call activities', () => {
    const calling = () =>
      bpmnProcess()
        .start('s')
        .call('llamada', 'FISCALIZACION')
        .timerBoundary('plazo', 'llamada', { text: '1000' })
        .userTask('A')
        .userTask('B')
        .end('e')
        .end('e2')
        .chain('s', 'llamada', 'A', 'e')
        .chain('plazo', 'B', 'e2')
        .build();

    it('starts a call with a copy of the variables, and goes on with the returned ones merged when it completes', () => {
      const d = new Driver(calling());
      const started = d.start({ importe: 10, datos: { parcela: 'P-1' } });
      const call = of(started, 'callStarted')[0]!;
      expect(call).toEqual({
        type: 'callStarted',
        callId: d.call('llamada'),
        nodeId: 'llamada',
        calledElement: 'FISCALIZACION',
        variables: { importe: 10, datos: { parcela: 'P-1' } },
      });
      (call.variables.datos as { parcela: string }).parcela = 'changed by the host';
      expect(d.state?.variables).toEqual({ importe: 10, datos: { parcela: 'P-1' } });
      d.refused({ type: 'callCompleted', callId: 'call-404', variables: {} }, 'unknown-call');
      const back = d.send({ type: 'callCompleted', callId: call.callId, variables: { fiscalizado: true, importe: 12 } });
      expect(types(back).slice(0, 2)).toEqual(['timerCancelled', 'activityEnded']);
      expect(d.openTasks()).toEqual(['A']);
      expect(d.state?.variables).toEqual({ importe: 12, fiscalizado: true, datos: { parcela: 'P-1' } });
      d.refused({ type: 'callCompleted', callId: call.callId, variables: {} }, 'unknown-call');
    });

    it('cancels the call when an interrupting timer ends its activity', () => {
      const d = new Driver(calling());
      d.start();
      const call = d.call('llamada');
      const fired = d.fire('plazo');
      expect(fired.slice(0, 2)).toEqual([
        { type: 'callCancelled', callId: call },
        { type: 'activityEnded', nodeId: 'llamada', cancelled: true },
      ]);
      expect(d.openTasks()).toEqual(['B']);
      d.refused({ type: 'callCompleted', callId: call, variables: {} }, 'unknown-call');
    });
  });

  describe('error boundaries', () => {
    const withError = () =>
      bpmnProcess()
        .start('s')
        .subProcess('sp', 'ss', (b) =>
          b
            .start('ss')
            .userTask('ANALIZAR')
            .errorBoundary('desiste', 'ANALIZAR', 'DESISTIMIENTO')
            .userTask('ARCHIVAR')
            .end('se')
            .end('se2')
            .chain('ss', 'ANALIZAR', 'se')
            .chain('desiste', 'ARCHIVAR', 'se2'),
        )
        .errorBoundary('cualquiera', 'sp', null)
        .userTask('REVISAR')
        .end('e')
        .end('e2')
        .chain('s', 'sp', 'e')
        .chain('cualquiera', 'REVISAR', 'e2')
        .build();

    it('lets the boundary on the task whose code matches catch the error, with the variables merged', () => {
      const d = new Driver(withError());
      d.start();
      const task = d.task('ANALIZAR');
      const thrown = d.send({ type: 'throwError', taskId: task, errorCode: 'DESISTIMIENTO', variables: { motivo: 'escrito' } });
      expect(thrown.slice(0, 3)).toEqual([
        { type: 'taskCancelled', taskId: task },
        { type: 'activityEnded', nodeId: 'ANALIZAR', cancelled: true },
        { type: 'activityStarted', nodeId: 'desiste' },
      ]);
      expect(d.openTasks()).toEqual(['ARCHIVAR']);
      expect(d.state).toMatchObject({ variables: { motivo: 'escrito' }, runs: { desiste: 1 } });
    });

    it('lets a catch-all boundary of the enclosing sub-process catch a code the task does not, cancelling the sub-process', () => {
      const d = new Driver(withError());
      d.start();
      const thrown = d.send({ type: 'throwError', taskId: d.task('ANALIZAR'), errorCode: 'OTRO', variables: {} });
      expect(
        of(thrown, 'activityEnded')
          .filter((e) => e.cancelled)
          .map((e) => e.nodeId),
      ).toEqual(['ANALIZAR', 'sp']);
      expect(d.openTasks()).toEqual(['REVISAR']);
      expect(d.state?.scopes.map((s) => s.nodeId)).toEqual(['P']);
    });

    it('refuses an error nothing catches, with nothing changed', () => {
      const d = new Driver(
        bpmnProcess().start('s').userTask('A').errorBoundary('err', 'A', 'UNO').end('e').end('e2').chain('s', 'A', 'e').chain('err', 'e2').build(),
      );
      d.start();
      d.refused({ type: 'throwError', taskId: d.task('A'), errorCode: 'DOS', variables: { x: 1 } }, 'error-not-caught');
      d.refused({ type: 'throwError', taskId: 'task-404', errorCode: 'UNO', variables: {} }, 'unknown-task');
    });
  });

  it('passes automatic tasks and throw events through at once, never scheduling their boundaries', () => {
    const kinds = ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:ScriptTask', 'bpmn:BusinessRuleTask', 'bpmn:ManualTask', 'bpmn:Task'];
    const b = bpmnProcess().start('s');
    kinds.forEach((kind, i) => b.automatic(`auto${i}`, kind));
    b.timerBoundary('never', 'auto0', { text: '1000' }).end('te').chain('never', 'te');
    b.throwEvent('hito').userTask('A').end('e');
    b.chain('s', ...kinds.map((_, i) => `auto${i}`), 'hito', 'A', 'e');
    const d = new Driver(b.build());
    const started = d.start();
    expect(of(started, 'automaticStepSkipped')).toEqual(kinds.map((bpmnType, i) => ({ type: 'automaticStepSkipped', nodeId: `auto${i}`, bpmnType })));
    expect(of(started, 'timerScheduled')).toEqual([]);
    expect(d.state?.runs).toMatchObject({ auto0: 1, auto5: 1, hito: 1 });
    expect(d.openTasks()).toEqual(['A']);
  });

  it('stops a loop of automatic steps that never waits with an incident on the node where it stopped', () => {
    const d = new Driver(bpmnProcess().start('s').automatic('x').automatic('y').chain('s', 'x', 'y', 'x').build());
    const started = d.start();
    const raised = of(started, 'incidentRaised');
    expect(raised).toHaveLength(1);
    expect(['x', 'y']).toContain(raised[0]!.nodeId);
    expect(d.state?.status).toBe('active');
    expect((d.state?.runs.x ?? 0) + (d.state?.runs.y ?? 0)).toBeLessThanOrEqual(MAX_STEPS);
    expect(d.state?.incidents).toHaveLength(1);
  });

  it('cancels everything open on request and ends terminated', () => {
    const d = new Driver(
      bpmnProcess()
        .start('s')
        .parallel('fk')
        .userTask('A')
        .timerBoundary('t', 'A', { text: '1000' })
        .call('c', 'OTRO')
        .timerCatch('espera', { text: '5000' })
        .exclusive('gw')
        .end('e')
        .end('e2')
        .end('e3')
        .end('e4')
        .end('e5')
        .chain('s', 'fk')
        .chain('fk', 'A', 'e')
        .chain('fk', 'c', 'e2')
        .chain('fk', 'espera', 'e3')
        .chain('fk', 'gw')
        .flow('never', 'gw', 'e4', '${nunca}')
        .chain('t', 'e5')
        .build(),
    );
    d.start();
    const task = d.task('A');
    const boundary = d.timer('t');
    const wait = d.timer('espera');
    const call = d.call('c');
    const incident = d.incident('gw');
    const cancelled = d.send({ type: 'cancel' });
    expect(of(cancelled, 'taskCancelled')).toEqual([{ type: 'taskCancelled', taskId: task }]);
    expect(
      of(cancelled, 'timerCancelled')
        .map((e) => e.timerId)
        .sort(),
    ).toEqual([boundary, wait].sort());
    expect(of(cancelled, 'callCancelled')).toEqual([{ type: 'callCancelled', callId: call }]);
    expect(of(cancelled, 'incidentResolved')).toEqual([{ type: 'incidentResolved', incidentId: incident }]);
    expect(cancelled.at(-1)).toEqual({ type: 'instanceEnded', terminated: true });
    expect(d.state).toMatchObject({ status: 'terminated', tokens: [], timers: [], incidents: [], joins: [] });
  });

  it('refuses every event it cannot take, with nothing changed', () => {
    const d = new Driver(
      bpmnProcess().start('s').userTask('A').timerBoundary('t', 'A', { text: '1000' }).end('e').end('te').chain('s', 'A', 'e').chain('t', 'te').build(),
    );
    for (const event of [
      { type: 'completeTask', taskId: 'task-1', variables: {} },
      { type: 'throwError', taskId: 'task-1', errorCode: 'X', variables: {} },
      { type: 'fireTimer', timerId: 'timer-1' },
      { type: 'callCompleted', callId: 'call-1', variables: {} },
      { type: 'retryIncident', incidentId: 'incident-1', variables: {} },
      { type: 'cancel' },
    ] as EngineEvent[]) {
      const result = execute(d.model, null, event, standInServices(d.now));
      expect(result.ok, `${event.type} before the start`).toBe(false);
    }
    d.start();
    d.refused({ type: 'start', variables: {}, initiator: null }, 'already-started');
    d.refused({ type: 'completeTask', taskId: 'task-404', variables: {} }, 'unknown-task');
    d.refused({ type: 'throwError', taskId: 'task-404', errorCode: 'X', variables: {} }, 'unknown-task');
    d.refused({ type: 'fireTimer', timerId: 'timer-404' }, 'unknown-timer');
    d.refused({ type: 'callCompleted', callId: 'call-404', variables: {} }, 'unknown-call');
    d.refused({ type: 'retryIncident', incidentId: 'incident-404', variables: {} }, 'unknown-incident');
    // An id of another kind is not taken for one of this kind.
    d.refused({ type: 'fireTimer', timerId: d.task('A') }, 'unknown-timer');
    d.refused({ type: 'completeTask', taskId: d.timer('t'), variables: {} }, 'unknown-task');
    const task = d.task('A');
    d.complete('A');
    expect(d.state?.status).toBe('ended');
    d.refused({ type: 'completeTask', taskId: task, variables: {} }, 'instance-ended');
    d.refused({ type: 'cancel' }, 'instance-ended');
    d.refused({ type: 'start', variables: {}, initiator: null }, 'already-started');
  });

  it('refuses a task already completed on a running instance', () => {
    const d = new Driver(bpmnProcess().start('s').userTask('A').userTask('B').end('e').chain('s', 'A', 'B', 'e').build());
    d.start();
    const a = d.task('A');
    d.complete('A');
    d.refused({ type: 'completeTask', taskId: a, variables: {} }, 'unknown-task');
    d.refused({ type: 'throwError', taskId: a, errorCode: 'X', variables: {} }, 'unknown-task');
  });

  it('gives the same result for the same model, state and event (no clock, no random source)', () => {
    const model = bpmnProcess()
      .start('s')
      .parallel('fk')
      .userTask('A')
      .timerCatch('t', { text: '1000' })
      .end('e')
      .end('e2')
      .chain('s', 'fk')
      .chain('fk', 'A', 'e')
      .chain('fk', 't', 'e2')
      .build();
    const event: EngineEvent = { type: 'start', variables: { a: 1 }, initiator: 'ana' };
    const one = execute(model, null, event, standInServices(new Date('2026-03-02T08:00:00Z')));
    const two = execute(model, null, event, standInServices(new Date('2026-03-02T08:00:00Z')));
    expect(one).toStrictEqual(two);
    expect(one.ok && one.state.counter).toBeGreaterThan(0);
  });
});
