import type { EngineEffect, EngineEvent, EngineServices, RefusedEvent, TaskToCreate, Variables } from './engine-api.ts';
import { splitList } from './expressions.ts';
import type { InstanceState, JoinArrival, Token } from './instance.ts';
import type { FlowNode, ProcessModel, SequenceFlowModel, UserTaskNode } from './model.ts';

/** The most steps one event may take without reaching a wait: a loop of automatic steps stops here, in an incident. */
export const MAX_STEPS = 10_000;

export type ExecuteResult = { ok: true; state: InstanceState; effects: EngineEffect[] } | { ok: false; refused: RefusedEvent };

/**
 * Applies one event to an instance of `model` (ADR 0015): pure — the given state is not changed,
 * no clock or random source is read (time is `services.now`, ids come from the state's counter).
 * Returns the next state and, in order, what the host must persist or do; or why the event cannot
 * be taken, with nothing changed.
 */
export function execute(model: ProcessModel, state: InstanceState | null, event: EngineEvent, services: EngineServices): ExecuteResult {
  if (event.type === 'start') {
    if (state !== null) return refuse('already-started', 'The instance has already started.');
    const run = new Run(model, emptyState(), services);
    run.start(event.variables, event.initiator);
    return run.result();
  }
  if (state === null) return refuse('instance-ended', 'The instance has not started.');
  if (state.status !== 'active') return refuse('instance-ended', `The instance is ${state.status}.`);
  const run = new Run(model, structuredClone(state), services);
  const refused = run.apply(event);
  return refused ?? run.result();
}

const refuse = (code: RefusedEvent['code'], message: string): ExecuteResult => ({ ok: false, refused: { code, message } });

function emptyState(): InstanceState {
  return { status: 'active', variables: {}, counter: 0, scopes: [], tokens: [], joins: [], timers: [], incidents: [], runs: {}, flowsTaken: {} };
}

type Arrival = { nodeId: string; scope: string; flow: string | null; retry?: 'gateway' };

class Run {
  readonly #model: ProcessModel;
  readonly #state: InstanceState;
  readonly #services: EngineServices;
  readonly #effects: EngineEffect[] = [];
  readonly #queue: Arrival[] = [];
  /** Steps taken by this event, across every settling of scopes and joins: the loop guard. */
  #steps = 0;

  constructor(model: ProcessModel, state: InstanceState, services: EngineServices) {
    this.#model = model;
    this.#state = state;
    this.#services = services;
  }

  result(): ExecuteResult {
    return { ok: true, state: this.#state, effects: this.#effects };
  }

  start(variables: Variables, initiator: string | null): void {
    const s = this.#state;
    s.variables = { ...variables };
    const start = this.#model.nodes[this.#model.start];
    if (start?.kind === 'start' && start.initiator && initiator !== null) s.variables[start.initiator] = initiator;
    const root = this.#newScope(this.#model.id, null);
    this.#queue.push({ nodeId: this.#model.start, scope: root, flow: null });
    this.#drain();
  }

  apply(event: Exclude<EngineEvent, { type: 'start' }>): ExecuteResult | null {
    const s = this.#state;
    switch (event.type) {
      case 'completeTask': {
        const token = s.tokens.find((t) => t.wait === 'task' && t.ref === event.taskId);
        if (!token) return refuse('unknown-task', `There is no open task ${event.taskId}.`);
        Object.assign(s.variables, event.variables);
        this.#effects.push({ type: 'taskCompleted', taskId: token.ref });
        this.#finishToken(token);
        this.#leave(token.nodeId, token.scope);
        break;
      }
      case 'throwError': {
        const token = s.tokens.find((t) => t.wait === 'task' && t.ref === event.taskId);
        if (!token) return refuse('unknown-task', `There is no open task ${event.taskId}.`);
        const catcher = this.#errorCatcher(token, event.errorCode);
        if (!catcher) return refuse('error-not-caught', `No error boundary catches ${event.errorCode} at ${token.nodeId}.`);
        Object.assign(s.variables, event.variables);
        this.#cancelToken(catcher.holder);
        this.#throughBoundary(catcher.boundary, catcher.holder.scope);
        break;
      }
      case 'fireTimer': {
        const timer = s.timers.find((t) => t.id === event.timerId);
        if (!timer) return refuse('unknown-timer', `There is no scheduled timer ${event.timerId}.`);
        this.#fire(timer.id);
        break;
      }
      case 'callCompleted': {
        const token = s.tokens.find((t) => t.wait === 'call' && t.ref === event.callId);
        if (!token) return refuse('unknown-call', `There is no running call ${event.callId}.`);
        Object.assign(s.variables, event.variables);
        this.#finishToken(token);
        this.#leave(token.nodeId, token.scope);
        break;
      }
      case 'retryIncident': {
        const incident = s.incidents.find((i) => i.id === event.incidentId);
        if (!incident) return refuse('unknown-incident', `There is no open incident ${event.incidentId}.`);
        Object.assign(s.variables, event.variables);
        s.incidents = s.incidents.filter((i) => i.id !== incident.id);
        this.#effects.push({ type: 'incidentResolved', incidentId: incident.id });
        const token = s.tokens.find((t) => t.id === incident.token)!;
        if (incident.retry === 'timer') {
          this.#startBoundaryTimer(token, incident.nodeId);
          break;
        }
        s.tokens = s.tokens.filter((t) => t.id !== token.id);
        if (incident.retry === 'leave') this.#leave(incident.nodeId, token.scope, true);
        else
          this.#queue.push({ nodeId: incident.nodeId, scope: token.scope, flow: null, ...(incident.retry === 'gateway' ? { retry: 'gateway' as const } : {}) });
        break;
      }
      case 'cancel': {
        for (const token of [...s.tokens]) if (s.tokens.includes(token)) this.#cancelToken(token);
        s.joins = [];
        s.scopes = [];
        s.status = 'terminated';
        this.#effects.push({ type: 'instanceEnded', terminated: true });
        return null;
      }
    }
    this.#drain();
    return null;
  }

  // ---- moving tokens ---------------------------------------------------------------------------

  /**
   * Moves tokens until each waits, then lets finished scopes and joins go on, again and again until
   * nothing moves: iterative (a loop through a sub-process or a join never grows the stack) and
   * counted across the whole event.
   */
  #drain(): void {
    for (;;) {
      while (this.#queue.length > 0 && this.#state.status === 'active') {
        const arrival = this.#queue.shift()!;
        if (!this.#state.scopes.some((scope) => scope.id === arrival.scope)) continue; // its scope was cancelled meanwhile
        if (++this.#steps > MAX_STEPS) {
          // Every token still on its way stops where it is, visibly: none is dropped.
          const message = `The process passed ${MAX_STEPS} steps without waiting anywhere (a loop of automatic steps?).`;
          for (const stopped of [arrival, ...this.#queue.splice(0)]) this.#incident(stopped.nodeId, stopped.scope, message, 'enter');
          return;
        }
        this.#arrive(arrival);
      }
      if (!this.#settle()) return;
    }
  }

  #arrive({ nodeId, scope, flow, retry }: Arrival): void {
    const node = this.#node(nodeId);
    if (retry === undefined) this.#effects.push({ type: 'activityStarted', nodeId });
    switch (node.kind) {
      case 'start':
      case 'throw':
        this.#leave(node.id, scope);
        return;
      case 'automatic':
        this.#effects.push({ type: 'automaticStepSkipped', nodeId, bpmnType: node.bpmnType });
        this.#leave(node.id, scope);
        return;
      case 'end':
        this.#count(node.id);
        this.#effects.push({ type: 'activityEnded', nodeId, cancelled: false });
        if (node.terminate) this.#terminate(scope);
        return;
      case 'userTask':
        this.#openTask(node, scope);
        return;
      case 'exclusiveGateway':
        this.#decide(node, scope);
        return;
      case 'parallelGateway':
        this.#parallel(node, scope, flow);
        return;
      case 'subProcess': {
        const token = this.#newToken(node.id, scope, 'subprocess', '');
        const inner = this.#newScope(node.id, scope);
        token.ref = inner;
        this.#startBoundaryTimers(token);
        this.#queue.push({ nodeId: node.start, scope: inner, flow: null });
        return;
      }
      case 'callActivity': {
        const callId = this.#id('call');
        const token = this.#newToken(node.id, scope, 'call', callId);
        this.#effects.push({ type: 'callStarted', callId, nodeId, calledElement: node.calledElement, variables: structuredClone(this.#state.variables) });
        this.#startBoundaryTimers(token);
        return;
      }
      case 'timerCatch': {
        const due = this.#services.timerDue(node.timer, this.#services.now, 0, this.#state.variables);
        if (!due.ok || due.value === null) {
          this.#incident(node.id, scope, due.ok ? 'The timer gives no date to wait for.' : due.message, 'enter');
          return;
        }
        const token = this.#newToken(node.id, scope, 'timer', '');
        token.ref = this.#schedule(node.id, token.id, due.value, 0, this.#services.now);
        return;
      }
      case 'timerBoundary':
      case 'errorBoundary':
        // Reached only through their activity; a flow into one is a modelling fault the reader refuses.
        this.#leave(node.id, scope);
        return;
    }
  }

  /** Completes an element: counts it, then takes its outgoing flows (a gateway chooses before calling this). */
  #leave(nodeId: string, scope: string, retried = false): void {
    const node = this.#node(nodeId);
    if (!retried) {
      this.#count(nodeId);
      this.#effects.push({ type: 'activityEnded', nodeId, cancelled: false });
    }
    const flows = this.#flows(node.outgoing);
    const taken: SequenceFlowModel[] = [];
    for (const flow of flows) {
      if (flow.condition === null) {
        taken.push(flow);
        continue;
      }
      const holds = this.#services.evaluateCondition(flow.condition, this.#state.variables);
      if (!holds.ok) {
        this.#incident(nodeId, scope, `The condition of flow ${flow.id} cannot be evaluated: ${holds.message}`, 'leave');
        return;
      }
      if (holds.value) taken.push(flow);
    }
    if (flows.length > 0 && taken.length === 0) {
      // Every way out is conditional and none holds: the token would vanish and end its scope unseen.
      this.#incident(nodeId, scope, `No condition on the flows leaving ${node.name ?? node.id} holds.`, 'leave');
      return;
    }
    for (const flow of taken) this.#take(flow, scope);
  }

  #take(flow: SequenceFlowModel, scope: string): void {
    this.#state.flowsTaken[flow.id] = (this.#state.flowsTaken[flow.id] ?? 0) + 1;
    this.#effects.push({ type: 'flowTaken', flowId: flow.id });
    this.#queue.push({ nodeId: flow.target, scope, flow: flow.id });
  }

  #decide(node: Extract<FlowNode, { kind: 'exclusiveGateway' }>, scope: string): void {
    const flows = this.#flows(node.outgoing);
    let chosen: SequenceFlowModel | undefined;
    for (const flow of flows) {
      if (flow.id === node.defaultFlow) continue;
      if (flow.condition === null) {
        // A single unconditioned way out (a merging gateway) is taken as is.
        if (flows.length === 1) chosen = flow;
        continue;
      }
      const holds = this.#services.evaluateCondition(flow.condition, this.#state.variables);
      if (!holds.ok) {
        this.#incident(node.id, scope, `Gateway ${node.name ?? node.id}: ${holds.message}`, 'gateway');
        return;
      }
      if (holds.value) {
        chosen = flow;
        break;
      }
    }
    chosen ??= flows.find((flow) => flow.id === node.defaultFlow);
    if (!chosen) {
      this.#incident(node.id, scope, `Gateway ${node.name ?? node.id}: no condition holds and there is no default flow.`, 'gateway');
      return;
    }
    this.#count(node.id);
    this.#effects.push({ type: 'activityEnded', nodeId: node.id, cancelled: false });
    this.#take(chosen, scope);
  }

  #parallel(node: Extract<FlowNode, { kind: 'parallelGateway' }>, scope: string, flow: string | null): void {
    if (node.incoming.length > 1) {
      const s = this.#state;
      let join = s.joins.find((j) => j.gateway === node.id && j.scope === scope);
      if (!join) {
        join = { gateway: node.id, scope, flows: [] };
        s.joins.push(join);
      }
      join.flows.push(flow ?? '');
      if (!this.#joinReady(node, join)) return;
      this.#consumeJoin(node, join);
    }
    this.#count(node.id);
    this.#effects.push({ type: 'activityEnded', nodeId: node.id, cancelled: false });
    for (const out of this.#flows(node.outgoing)) this.#take(out, scope);
  }

  /**
   * A join goes on when each incoming flow has delivered a token — or when the flows still missing
   * can no longer deliver one, because no token left in the scope can reach them (a branch
   * cancelled by an interrupting timer that reached the join another way, or ended elsewhere).
   */
  #joinReady(node: Extract<FlowNode, { kind: 'parallelGateway' }>, join: JoinArrival): boolean {
    const missing = node.incoming.filter((id) => !join.flows.includes(id));
    if (missing.length === 0) return true;
    const reachable = this.#reachableFlows(join.scope, join);
    return !missing.some((id) => reachable.has(id));
  }

  #consumeJoin(node: Extract<FlowNode, { kind: 'parallelGateway' }>, join: JoinArrival): void {
    // One token per incoming flow is used up; extra ones wait for the next round.
    for (const id of node.incoming) {
      const at = join.flows.indexOf(id);
      if (at >= 0) join.flows.splice(at, 1);
    }
    if (join.flows.length === 0 || node.incoming.every((id) => !join.flows.includes(id))) {
      this.#state.joins = this.#state.joins.filter((j) => j !== join);
    }
  }

  /** The flows any token still alive in a scope (waiting, or on its way) could yet take. */
  #reachableFlows(scope: string, except: JoinArrival): Set<string> {
    const s = this.#state;
    const starts = [
      ...s.tokens.filter((t) => t.scope === scope).map((t) => t.nodeId),
      ...this.#queue.filter((a) => a.scope === scope).map((a) => a.nodeId),
      // Tokens waiting at another join go on from it later (when it completes or is released).
      ...s.joins.filter((j) => j !== except && j.scope === scope && j.flows.length > 0).map((j) => j.gateway),
    ];
    const flows = new Set<string>();
    const seen = new Set<string>();
    const stack = [...starts];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const node = this.#model.nodes[id];
      if (!node) continue;
      const outgoing = [...node.outgoing, ...('boundaries' in node ? node.boundaries.flatMap((b) => this.#model.nodes[b]?.outgoing ?? []) : [])];
      for (const flowId of outgoing) {
        if (flows.has(flowId)) continue;
        flows.add(flowId);
        const target = this.#model.flows[flowId]?.target;
        if (target) stack.push(target);
      }
    }
    return flows;
  }

  /** Joins that waited for branches which can no longer come go on (checked once a run has settled). */
  #releaseJoins(): boolean {
    for (const join of [...this.#state.joins]) {
      const node = this.#node(join.gateway);
      if (node.kind !== 'parallelGateway' || !this.#joinReady(node, join)) continue;
      this.#consumeJoin(node, join);
      this.#count(node.id);
      this.#effects.push({ type: 'activityEnded', nodeId: node.id, cancelled: false });
      for (const out of this.#flows(node.outgoing)) this.#take(out, join.scope);
      return true;
    }
    return false;
  }

  #openTask(node: UserTaskNode, scope: string): void {
    const resolved = this.#taskFields(node);
    if (!resolved.ok) {
      this.#incident(node.id, scope, `Task ${node.name ?? node.id}: ${resolved.message}`, 'enter');
      return;
    }
    const taskId = this.#id('task');
    const token = this.#newToken(node.id, scope, 'task', taskId);
    this.#effects.push({ type: 'taskCreated', task: { ...resolved.value, taskId } });
    this.#startBoundaryTimers(token);
  }

  #taskFields(node: UserTaskNode): { ok: true; value: Omit<TaskToCreate, 'taskId'> } | { ok: false; message: string } {
    const vars = this.#state.variables;
    const value = (text: string | null) => (text === null ? ({ ok: true, value: null } as const) : this.#services.resolveValue(text, vars));
    const list = (texts: string[]): { ok: true; value: string[] } | { ok: false; message: string } => {
      const out: string[] = [];
      for (const text of texts) {
        const one = value(text);
        if (!one.ok) return one;
        out.push(...splitList(one.value));
      }
      return { ok: true, value: [...new Set(out)] };
    };
    const assignee = value(node.assignment.assignee);
    if (!assignee.ok) return assignee;
    const users = list(node.assignment.candidateUsers);
    if (!users.ok) return users;
    const groups = list(node.assignment.candidateGroups);
    if (!groups.ok) return groups;
    const priority = value(node.priority);
    if (!priority.ok) return priority;
    const numeric = priority.value === null ? null : Number(priority.value);
    if (numeric !== null && !Number.isInteger(numeric)) return { ok: false, message: `the priority ${JSON.stringify(priority.value)} is not a whole number` };
    let dueAt: Date | null = null;
    if (node.plazo !== undefined && node.plazo !== null) {
      const due = this.#services.plazoDue(node.plazo, this.#services.now);
      if (!due.ok) return due;
      dueAt = due.value;
    } else if (node.dueDate !== null) {
      const due = this.#services.taskDue(node.dueDate, node.calendar, this.#services.now, vars);
      if (!due.ok) return due;
      dueAt = due.value;
    }
    // An assignee is one user name: a list or an object is a modelling fault the incident names.
    const who = assignee.value;
    if (who !== null && typeof who !== 'string' && typeof who !== 'number')
      return { ok: false, message: `the assignee ${JSON.stringify(who)} is not a user name` };
    const assigned = who === null || who === '' ? null : String(who);
    return {
      ok: true,
      value: {
        nodeId: node.id,
        name: node.name,
        assignee: assigned,
        candidateUsers: users.value,
        candidateGroups: groups.value,
        dueAt,
        priority: numeric,
        formKey: node.formKey,
      },
    };
  }

  // ---- timers and boundaries -------------------------------------------------------------------

  #startBoundaryTimers(token: Token): void {
    const node = this.#node(token.nodeId);
    if (!('boundaries' in node)) return;
    for (const id of node.boundaries) if (this.#node(id).kind === 'timerBoundary') this.#startBoundaryTimer(token, id);
  }

  #startBoundaryTimer(token: Token, boundaryId: string): void {
    const boundary = this.#node(boundaryId);
    if (boundary.kind !== 'timerBoundary') return;
    const due = this.#services.timerDue(boundary.timer, this.#services.now, 0, this.#state.variables);
    if (!due.ok) {
      // The activity runs on; its deadline is what cannot be computed: an incident says so.
      this.#timerIncident(token, boundary, due.message);
      return;
    }
    if (due.value !== null) token.boundaryTimers.push(this.#schedule(boundary.id, token.id, due.value, 0, this.#services.now));
  }

  #schedule(nodeId: string, token: string, dueAt: Date, fired: number, startedAt: Date): string {
    const id = this.#id('timer');
    this.#state.timers.push({ id, nodeId, token, startedAt: startedAt.toISOString(), dueAt: dueAt.toISOString(), fired });
    this.#effects.push({ type: 'timerScheduled', timerId: id, nodeId, dueAt });
    return id;
  }

  #fire(timerId: string): void {
    const s = this.#state;
    const timer = s.timers.find((t) => t.id === timerId)!;
    s.timers = s.timers.filter((t) => t.id !== timerId);
    const token = s.tokens.find((t) => t.id === timer.token)!;
    const node = this.#node(timer.nodeId);
    if (node.kind === 'timerCatch') {
      s.tokens = s.tokens.filter((t) => t.id !== token.id);
      this.#leave(node.id, token.scope);
      return;
    }
    if (node.kind !== 'timerBoundary') return;
    token.boundaryTimers = token.boundaryTimers.filter((id) => id !== timerId);
    if (node.interrupting) {
      this.#cancelToken(token);
      this.#throughBoundary(node.id, token.scope);
      return;
    }
    // Non-interrupting: the activity stays; a cycle schedules its next occurrence.
    const next = this.#services.timerDue(node.timer, new Date(timer.startedAt), timer.fired + 1, s.variables);
    if (next.ok && next.value !== null) token.boundaryTimers.push(this.#schedule(node.id, token.id, next.value, timer.fired + 1, new Date(timer.startedAt)));
    if (!next.ok) {
      // The next occurrence cannot be computed (a variable gone): said in an incident, not dropped.
      this.#timerIncident(token, node, next.message);
    }
    this.#throughBoundary(node.id, token.scope);
  }

  /** A boundary event that caught something: it runs and its outgoing flows start in the activity's scope. */
  #throughBoundary(boundaryId: string, scope: string): void {
    this.#effects.push({ type: 'activityStarted', nodeId: boundaryId });
    this.#leave(boundaryId, scope);
  }

  /** The error boundary that catches `code` thrown at the token's task: on the task, else on an enclosing sub-process. */
  #errorCatcher(token: Token, code: string): { boundary: string; holder: Token } | undefined {
    let holder: Token | undefined = token;
    while (holder) {
      const node = this.#node(holder.nodeId);
      const boundaries = 'boundaries' in node ? node.boundaries : [];
      const boundary = boundaries.map((id) => this.#node(id)).find((b) => b.kind === 'errorBoundary' && (b.errorCode === null || b.errorCode === code));
      if (boundary) return { boundary: boundary.id, holder };
      const scope = this.#state.scopes.find((sc) => sc.id === holder!.scope);
      holder = scope?.parent === null || scope === undefined ? undefined : this.#state.tokens.find((t) => t.wait === 'subprocess' && t.ref === scope.id);
    }
    return undefined;
  }

  // ---- ending and cancelling -------------------------------------------------------------------

  /** A token's wait is over normally: its boundary timers stop and it goes. */
  #finishToken(token: Token): void {
    const s = this.#state;
    this.#resolveTimerIncidents(token);
    for (const id of token.boundaryTimers) this.#effects.push({ type: 'timerCancelled', timerId: id });
    s.timers = s.timers.filter((t) => !token.boundaryTimers.includes(t.id));
    s.tokens = s.tokens.filter((t) => t.id !== token.id);
  }

  /** Cancels a waiting token and everything it holds (a sub-process's whole scope). */
  #cancelToken(token: Token): void {
    const s = this.#state;
    this.#resolveTimerIncidents(token);
    switch (token.wait) {
      case 'task':
        this.#effects.push({ type: 'taskCancelled', taskId: token.ref });
        break;
      case 'call':
        this.#effects.push({ type: 'callCancelled', callId: token.ref });
        break;
      case 'timer':
        this.#effects.push({ type: 'timerCancelled', timerId: token.ref });
        s.timers = s.timers.filter((t) => t.id !== token.ref);
        break;
      case 'subprocess':
        this.#cancelScope(token.ref);
        break;
      case 'incident':
        this.#effects.push({ type: 'incidentResolved', incidentId: token.ref });
        s.incidents = s.incidents.filter((i) => i.id !== token.ref);
        break;
    }
    for (const id of token.boundaryTimers) this.#effects.push({ type: 'timerCancelled', timerId: id });
    s.timers = s.timers.filter((t) => !token.boundaryTimers.includes(t.id));
    s.tokens = s.tokens.filter((t) => t.id !== token.id);
    if (token.wait !== 'incident') this.#effects.push({ type: 'activityEnded', nodeId: token.nodeId, cancelled: true });
  }

  /** A boundary timer of the token's activity cannot be computed: an incident a retry computes again, ended with the activity. */
  #timerIncident(token: Token, boundary: FlowNode, reason: string): void {
    const incidentId = this.#id('incident');
    const message = `Timer ${boundary.name ?? boundary.id}: ${reason}`;
    this.#state.incidents.push({ id: incidentId, token: token.id, nodeId: boundary.id, message, retry: 'timer' });
    this.#effects.push({ type: 'incidentRaised', incidentId, nodeId: boundary.id, message });
  }

  /** The incidents of a boundary timer that could not be computed end with its activity. */
  #resolveTimerIncidents(token: Token): void {
    const s = this.#state;
    for (const incident of s.incidents.filter((i) => i.token === token.id && i.retry === 'timer')) {
      this.#effects.push({ type: 'incidentResolved', incidentId: incident.id });
    }
    s.incidents = s.incidents.filter((i) => !(i.token === token.id && i.retry === 'timer'));
  }

  #cancelScope(scopeId: string): void {
    const s = this.#state;
    for (const token of s.tokens.filter((t) => t.scope === scopeId)) if (s.tokens.includes(token)) this.#cancelToken(token);
    s.joins = s.joins.filter((j) => j.scope !== scopeId);
    s.scopes = s.scopes.filter((scope) => scope.id !== scopeId);
    this.#queue.splice(0, this.#queue.length, ...this.#queue.filter((a) => a.scope !== scopeId));
  }

  /** A terminate end event: everything else in its scope stops; the process itself ends terminated. */
  #terminate(scopeId: string): void {
    const s = this.#state;
    const scope = s.scopes.find((sc) => sc.id === scopeId);
    for (const token of s.tokens.filter((t) => t.scope === scopeId)) if (s.tokens.includes(token)) this.#cancelToken(token);
    s.joins = s.joins.filter((j) => j.scope !== scopeId);
    this.#queue.splice(0, this.#queue.length, ...this.#queue.filter((a) => a.scope !== scopeId));
    if (scope?.parent === null) {
      for (const token of [...s.tokens]) if (s.tokens.includes(token)) this.#cancelToken(token);
      s.scopes = [];
      s.joins = [];
      s.status = 'terminated';
      this.#effects.push({ type: 'instanceEnded', terminated: true });
    }
  }

  /**
   * Lets one waiting thing go on once the tokens have settled: a join whose missing branches can no
   * longer come, or a scope with nothing left in it (a sub-process moves on, the process ends;
   * innermost first). True when something moved and the run must drain again.
   */
  #settle(): boolean {
    const s = this.#state;
    if (s.status !== 'active') return false;
    if (this.#releaseJoins()) return true;
    const done = s.scopes.find(
      (scope) =>
        !s.tokens.some((t) => t.scope === scope.id) &&
        !s.joins.some((j) => j.scope === scope.id) &&
        !s.scopes.some((inner) => inner.parent === scope.id) &&
        !this.#queue.some((a) => a.scope === scope.id),
    );
    if (!done) return false;
    s.scopes = s.scopes.filter((scope) => scope.id !== done.id);
    if (done.parent === null) {
      s.status = 'ended';
      this.#effects.push({ type: 'instanceEnded', terminated: false });
      return false;
    }
    const holder = s.tokens.find((t) => t.wait === 'subprocess' && t.ref === done.id);
    if (holder) {
      this.#finishToken(holder);
      this.#leave(holder.nodeId, holder.scope);
    }
    return true;
  }

  // ---- bookkeeping -----------------------------------------------------------------------------

  #incident(nodeId: string, scope: string, message: string, retry: 'enter' | 'gateway' | 'leave'): void {
    const incidentId = this.#id('incident');
    this.#newToken(nodeId, scope, 'incident', incidentId);
    const token = this.#state.tokens.at(-1)!;
    this.#state.incidents.push({ id: incidentId, token: token.id, nodeId, message, retry });
    this.#effects.push({ type: 'incidentRaised', incidentId, nodeId, message });
  }

  #newToken(nodeId: string, scope: string, wait: Token['wait'], ref: string): Token {
    const token: Token = { id: this.#id('token'), nodeId, scope, wait, ref, boundaryTimers: [] };
    this.#state.tokens.push(token);
    return token;
  }

  #newScope(nodeId: string, parent: string | null): string {
    const id = this.#id('scope');
    this.#state.scopes.push({ id, nodeId, parent });
    return id;
  }

  #id(kind: string): string {
    this.#state.counter += 1;
    return `${kind}-${this.#state.counter}`;
  }

  #count(nodeId: string): void {
    this.#state.runs[nodeId] = (this.#state.runs[nodeId] ?? 0) + 1;
  }

  #node(id: string): FlowNode {
    const node = this.#model.nodes[id];
    if (!node) throw new Error(`Element ${id} is not in process ${this.#model.id}`);
    return node;
  }

  #flows(ids: string[]): SequenceFlowModel[] {
    return ids.map((id) => this.#model.flows[id]).filter((flow): flow is SequenceFlowModel => flow !== undefined);
  }
}
