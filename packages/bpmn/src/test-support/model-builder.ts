import type { EngineServices, Outcome, Variables } from '../engine-api.ts';
import type { FlowNode, ProcessModel, SequenceFlowModel, TaskAssignment, TimerDefinition } from '../model.ts';

/**
 * Writes ProcessModels by hand for engine tests, without going through a BPMN file: each element
 * is added in document order, and incoming/outgoing flows and boundary lists are derived from the
 * flows and boundaries as the reader would derive them.
 */
type Draft = Omit<FlowNode, 'incoming' | 'outgoing' | 'boundaries'>;
type DraftOf<K extends FlowNode['kind']> = Omit<Extract<FlowNode, { kind: K }>, 'incoming' | 'outgoing' | 'boundaries' | 'id' | 'kind' | 'scope'>;

export interface UserTaskOptions {
  name?: string;
  assignee?: string;
  candidateUsers?: string[];
  candidateGroups?: string[];
  dueDate?: string;
  priority?: string;
}

export class ModelBuilder {
  readonly #id: string;
  readonly #nodes: Draft[] = [];
  readonly #flows: SequenceFlowModel[] = [];
  #start: string | null = null;
  #scope: string;

  constructor(id = 'P') {
    this.#id = id;
    this.#scope = id;
  }

  start(id: string, initiator: string | null = null): this {
    if (this.#scope === this.#id) this.#start ??= id;
    return this.#add(id, 'start', { name: null, initiator });
  }

  end(id: string, terminate = false): this {
    return this.#add(id, 'end', { name: null, terminate });
  }

  userTask(id: string, options: UserTaskOptions = {}): this {
    const assignment: TaskAssignment = {
      assignee: options.assignee ?? null,
      candidateUsers: options.candidateUsers ?? [],
      candidateGroups: options.candidateGroups ?? [],
      source: 'extension',
    };
    return this.#add(id, 'userTask', {
      name: options.name ?? id,
      assignment,
      dueDate: options.dueDate ?? null,
      priority: options.priority ?? null,
      formKey: null,
      documentation: null,
      calendar: null,
    });
  }

  automatic(id: string, bpmnType = 'bpmn:ServiceTask'): this {
    return this.#add(id, 'automatic', { name: null, bpmnType });
  }

  throwEvent(id: string): this {
    return this.#add(id, 'throw', { name: null });
  }

  exclusive(id: string, defaultFlow: string | null = null): this {
    return this.#add(id, 'exclusiveGateway', { name: null, defaultFlow });
  }

  parallel(id: string): this {
    return this.#add(id, 'parallelGateway', { name: null });
  }

  /** An embedded sub-process: the elements `inside` adds belong to its scope; its first start event is its start. */
  subProcess(id: string, startId: string, inside: (b: this) => void): this {
    this.#add(id, 'subProcess', { name: null, start: startId });
    const outer = this.#scope;
    this.#scope = id;
    inside(this);
    this.#scope = outer;
    return this;
  }

  call(id: string, calledElement: string): this {
    return this.#add(id, 'callActivity', { name: null, calledElement });
  }

  timerCatch(id: string, timer: Partial<TimerDefinition> & Pick<TimerDefinition, 'text'>): this {
    return this.#add(id, 'timerCatch', { name: null, timer: timerOf(timer) });
  }

  timerBoundary(id: string, attachedTo: string, timer: Partial<TimerDefinition> & Pick<TimerDefinition, 'text'>, interrupting = true): this {
    return this.#add(id, 'timerBoundary', { name: null, attachedTo, interrupting, timer: timerOf(timer) });
  }

  errorBoundary(id: string, attachedTo: string, errorCode: string | null): this {
    return this.#add(id, 'errorBoundary', { name: null, attachedTo, errorCode });
  }

  flow(id: string, source: string, target: string, condition: string | null = null): this {
    this.#flows.push({ id, name: null, source, target, condition, candidateGroups: [], unit: null });
    return this;
  }

  /** A chain of unconditioned flows through the given nodes, named `<from>-<to>`. */
  chain(...ids: string[]): this {
    for (let i = 1; i < ids.length; i++) this.flow(`${ids[i - 1]}-${ids[i]}`, ids[i - 1]!, ids[i]!);
    return this;
  }

  build(): ProcessModel {
    if (this.#start === null) throw new Error(`Process ${this.#id} has no start event`);
    const nodes: Record<string, FlowNode> = {};
    for (const draft of this.#nodes) {
      const incoming = this.#flows.filter((f) => f.target === draft.id).map((f) => f.id);
      const outgoing = this.#flows.filter((f) => f.source === draft.id).map((f) => f.id);
      const boundaries = this.#nodes.filter((n) => 'attachedTo' in n && n.attachedTo === draft.id).map((n) => n.id);
      const activity = draft.kind === 'userTask' || draft.kind === 'automatic' || draft.kind === 'subProcess' || draft.kind === 'callActivity';
      nodes[draft.id] = { ...draft, incoming, outgoing, ...(activity ? { boundaries } : {}) } as FlowNode;
    }
    for (const flow of this.#flows) {
      if (!nodes[flow.source] || !nodes[flow.target]) throw new Error(`Flow ${flow.id} joins an unknown element`);
    }
    return { id: this.#id, name: null, dialect: 'standard', start: this.#start, nodes, flows: Object.fromEntries(this.#flows.map((f) => [f.id, f])) };
  }

  #add<K extends FlowNode['kind']>(id: string, kind: K, rest: DraftOf<K>): this {
    if (this.#nodes.some((n) => n.id === id)) throw new Error(`Element ${id} is added twice`);
    // A boundary event lives in the scope of the activity it is attached to, which is the current one.
    this.#nodes.push({ id, kind, scope: this.#scope, ...rest });
    return this;
  }
}

export const bpmnProcess = (id = 'P') => new ModelBuilder(id);

function timerOf(timer: Partial<TimerDefinition> & Pick<TimerDefinition, 'text'>): TimerDefinition {
  return { form: timer.form ?? 'duration', text: timer.text, calendar: timer.calendar ?? null };
}

/**
 * Stand-in services for engine tests. Conditions: `${name}` (a boolean variable) and
 * `${name == 'x'}`; a missing variable fails. Values: `${name}` looks a variable up (missing
 * fails), anything else is a literal. Timers and due dates: a number of milliseconds, or `${name}`
 * holding one; a cycle is `R<n>/<ms>` (n occurrences, each `ms` after the previous).
 */
export function standInServices(now: Date): EngineServices {
  return {
    now,
    evaluateCondition(text, variables) {
      const equality = /^\$\{\s*(\w+)\s*==\s*'([^']*)'\s*\}$/.exec(text);
      if (equality) {
        const value = lookup(equality[1]!, variables);
        return value.ok ? { ok: true, value: value.value === equality[2] } : value;
      }
      const bare = /^\$\{\s*(\w+)\s*\}$/.exec(text);
      if (!bare) return { ok: false, message: `cannot read the condition ${text}` };
      const value = lookup(bare[1]!, variables);
      if (!value.ok) return value;
      return typeof value.value === 'boolean' ? { ok: true, value: value.value } : { ok: false, message: `${bare[1]} is not a boolean` };
    },
    resolveValue(text, variables) {
      const bare = /^\$\{\s*(\w+)\s*\}$/.exec(text);
      return bare ? lookup(bare[1]!, variables) : { ok: true, value: text };
    },
    timerDue(timer, from, fired, variables) {
      const cycle = /^R(\d+)\/(.+)$/.exec(timer.text);
      if (timer.form === 'cycle' && cycle) {
        if (fired >= Number(cycle[1])) return { ok: true, value: null };
        const ms = milliseconds(cycle[2]!, variables);
        return ms.ok ? { ok: true, value: new Date(from.getTime() + ms.value * (fired + 1)) } : ms;
      }
      if (timer.form === 'date') return { ok: true, value: new Date(timer.text) };
      const ms = milliseconds(timer.text, variables);
      return ms.ok ? { ok: true, value: new Date(from.getTime() + ms.value) } : ms;
    },
    taskDue(text, _calendar, created, variables) {
      const ms = milliseconds(text, variables);
      return ms.ok ? { ok: true, value: new Date(created.getTime() + ms.value) } : ms;
    },
    // `<n> días` is n whole days later; anything else fails (as a host without that calendar would).
    plazoDue(text, from) {
      const days = /^(\d+) días$/.exec(text);
      return days ? { ok: true, value: new Date(from.getTime() + Number(days[1]) * 86_400_000) } : { ok: false, message: `no calendar counts ${text}` };
    },
  };
}

function lookup(name: string, variables: Variables): Outcome<unknown> {
  return Object.hasOwn(variables, name) ? { ok: true, value: variables[name] } : { ok: false, message: `the variable ${name} is not set` };
}

function milliseconds(text: string, variables: Variables): Outcome<number> {
  const bare = /^\$\{\s*(\w+)\s*\}$/.exec(text);
  const value = bare ? lookup(bare[1]!, variables) : { ok: true as const, value: text };
  if (!value.ok) return value;
  const ms = Number(value.value);
  return Number.isFinite(ms) ? { ok: true, value: ms } : { ok: false, message: `${String(value.value)} is not a number of milliseconds` };
}
