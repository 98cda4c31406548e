import { conflict, forbidden, illegalState, RecordedEvents, validationError, type Actor } from '@tramita/kernel';
import type { CodeName, PhaseDefinition, Procedure, TransitionDefinition } from './procedure.ts';

/** One stay in a phase: who entered it and when, and who closed it and when. */
export interface PhaseStep {
  phase: CodeName;
  enteredAt: Date;
  enteredBy: Actor;
  finishedAt: Date | null;
  finishedBy: Actor | null;
}

/** Everything persisted about a process instance. */
export interface ProcessState {
  /** Chosen by the create-expediente saga. */
  processId: string;
  fileCode: string;
  /** The organism (DIR3) of the expediente: only its members see the process (ADR 0013). */
  organism: string;
  /** The definition version the process started with; it keeps it for life. */
  procedure: { code: string; version: number };
  finished: boolean;
  startedAt: Date;
  updatedAt: Date;
  /** 1 at creation, +1 per change. */
  version: number;
  /** Oldest first; the last step is the current phase. Loops append new steps. */
  history: PhaseStep[];
}

export type ProcessEvent = { type: 'ProcessStarted' } | { type: 'ProcessAdvanced'; from: CodeName; by: Actor };

/** A transition out of the current phase and whether the caller may take it. */
export interface AvailableTransition {
  to: CodeName;
  role: string;
  /** The unit whose members alone may take it, when the procedure reserves it to one. */
  unit?: string;
  allowed: boolean;
}

/** A process instance: moves an expediente through the phases of its procedure. */
export class Process {
  readonly events = new RecordedEvents<ProcessEvent>();
  #state: ProcessState;

  private constructor(state: ProcessState) {
    if (state.history.length === 0) throw new Error(`Process ${state.processId} has no phase history`);
    this.#state = state;
  }

  /** Opens a process in the procedure's initial phase, entered by `actor`. */
  static start(input: { processId: string; fileCode: string; organism: string; procedure: Procedure; actor: Actor; now: Date }): Process {
    const initial = input.procedure.initialPhase;
    const process = new Process({
      processId: input.processId,
      fileCode: input.fileCode,
      organism: input.organism,
      procedure: { code: input.procedure.code, version: input.procedure.version },
      finished: false,
      startedAt: input.now,
      updatedAt: input.now,
      version: 1,
      history: [{ phase: { code: initial.code, name: initial.name }, enteredAt: input.now, enteredBy: input.actor, finishedAt: null, finishedBy: null }],
    });
    process.events.record({ type: 'ProcessStarted' });
    return process;
  }

  /**
   * Opens a process whose procedure the BPMN engine runs (ADR 0015): its history starts with the
   * phases (user tasks) the engine entered first — or, when it entered none, with the start event,
   * closed at once — and it is finished at once when the instance already ended.
   */
  static open(input: {
    processId: string;
    fileCode: string;
    organism: string;
    procedure: { code: string; version: number };
    start: CodeName;
    entered: CodeName[];
    finished: boolean;
    actor: Actor;
    now: Date;
  }): Process {
    const step = (phase: CodeName, closed: boolean): PhaseStep => ({
      phase: { ...phase },
      enteredAt: input.now,
      enteredBy: input.actor,
      finishedAt: closed ? input.now : null,
      finishedBy: closed ? input.actor : null,
    });
    const history = input.entered.length > 0 ? input.entered.map((phase) => step(phase, false)) : [step(input.start, true)];
    const process = new Process({
      processId: input.processId,
      fileCode: input.fileCode,
      organism: input.organism,
      procedure: { ...input.procedure },
      finished: input.finished,
      startedAt: input.now,
      updatedAt: input.now,
      version: 1,
      history,
    });
    process.events.record({ type: 'ProcessStarted' });
    return process;
  }

  static restore(state: ProcessState): Process {
    return new Process(state);
  }

  get processId(): string {
    return this.#state.processId;
  }
  get organism(): string {
    return this.#state.organism;
  }

  get fileCode(): string {
    return this.#state.fileCode;
  }
  get version(): number {
    return this.#state.version;
  }
  get finished(): boolean {
    return this.#state.finished;
  }
  get phase(): CodeName {
    return this.#current.phase;
  }

  get #current(): PhaseStep {
    const last = this.#state.history.at(-1);
    /* c8 ignore next */
    if (!last) throw new Error('unreachable: history is never empty');
    return last;
  }

  /** A copy of the state, safe to hand out. */
  state(): ProcessState {
    return {
      ...this.#state,
      procedure: { ...this.#state.procedure },
      history: this.#state.history.map((s) => ({ ...s, phase: { ...s.phase } })),
    };
  }

  /** Rejects a change made against a version the caller no longer sees. */
  ensureVersion(expected: number): void {
    if (expected !== this.#state.version) {
      throw conflict('version-conflict', `The process is at version ${this.#state.version}, not ${expected}; reload it and retry.`, {
        currentVersion: this.#state.version,
      });
    }
  }

  /**
   * The transitions out of the current phase, marking those `roles` may take — in a transition's
   * unit, when it names one, `units` must include it (none once finished).
   */
  availableTransitions(procedure: Procedure, roles: readonly string[], units: readonly string[] = []): AvailableTransition[] {
    this.#ensureProcedure(procedure);
    if (this.#state.finished) return [];
    return procedure.transitionsFrom(this.phase.code).map((t) => {
      const target = procedure.phase(t.to);
      return {
        to: { code: t.to, name: target?.name ?? t.to },
        role: t.role,
        ...(t.unit ? { unit: t.unit } : {}),
        allowed: roles.includes(t.role) && (!t.unit || units.includes(t.unit)),
      };
    });
  }

  /**
   * Moves to phase `to` on behalf of `actor`: closes the current step and opens the next one;
   * a terminal phase is closed at once by the same actor and finishes the process.
   */
  /**
   * Checks the caller may move from the current phase to `to` (the procedure allows it, they hold
   * its role, and its unit when it names one); the phase to enter and the transition taken.
   */
  checkTransition(
    procedure: Procedure,
    input: { to: string; roles: readonly string[]; units?: readonly string[] },
  ): { target: PhaseDefinition; transition: TransitionDefinition } {
    this.#ensureProcedure(procedure);
    const target = procedure.phase(input.to);
    if (!target) {
      throw validationError('unknown-phase', `Phase ${input.to} does not exist in procedure ${procedure.code} v${procedure.version}.`, {
        phase: input.to,
      });
    }
    if (this.#state.finished) throw illegalState('process-finished', `The process of ${this.#state.fileCode} is finished.`);
    const from = this.phase;
    const transition = procedure.transition(from.code, target.code);
    if (!transition) {
      throw illegalState('transition-not-allowed', `The procedure does not allow moving from ${from.code} to ${target.code}.`, {
        from: from.code,
        to: target.code,
      });
    }
    if (!input.roles.includes(transition.role)) {
      throw forbidden('transition-role-required', `Moving from ${from.code} to ${target.code} needs the role ${transition.role}.`, {
        requiredRoles: [transition.role],
      });
    }
    if (transition.unit && !(input.units ?? []).includes(transition.unit)) {
      throw forbidden('transition-unit-required', `Moving from ${from.code} to ${target.code} is reserved to the members of unit ${transition.unit}.`, {
        requiredUnit: transition.unit,
      });
    }
    return { target, transition };
  }

  advance(procedure: Procedure, input: { to: string; actor: Actor; roles: readonly string[]; units?: readonly string[]; now: Date }): void {
    const { target } = this.checkTransition(procedure, input);
    const from = this.phase;
    const current = this.#current;
    current.finishedAt = input.now;
    current.finishedBy = input.actor;
    const step: PhaseStep = {
      phase: { code: target.code, name: target.name },
      enteredAt: input.now,
      enteredBy: input.actor,
      finishedAt: null,
      finishedBy: null,
    };
    if (target.terminal) {
      step.finishedAt = input.now;
      step.finishedBy = input.actor;
      this.#state.finished = true;
    }
    this.#state.history.push(step);
    this.#state.updatedAt = input.now;
    this.#state.version += 1;
    this.events.record({ type: 'ProcessAdvanced', from, by: input.actor });
  }

  /**
   * Records what the BPMN engine did in one event (ADR 0015): the phases left (the latest open
   * step of each is closed by `actor`), those entered (a step each), and whether the instance
   * ended. A phase is a user task; with parallel branches several steps are open at once, and the
   * current phase is the latest entered.
   */
  recordProgress(input: { left: string[]; entered: CodeName[]; finished: boolean; actor: Actor; now: Date }): void {
    if (this.#state.finished) throw illegalState('process-finished', `The process of ${this.#state.fileCode} is finished.`);
    const from = this.phase;
    for (const code of input.left) {
      const open = this.#state.history.findLast((step) => step.phase.code === code && step.finishedAt === null);
      if (open) {
        open.finishedAt = input.now;
        open.finishedBy = input.actor;
      }
    }
    for (const phase of input.entered) {
      this.#state.history.push({ phase: { ...phase }, enteredAt: input.now, enteredBy: input.actor, finishedAt: null, finishedBy: null });
    }
    if (input.finished) {
      this.#state.finished = true;
      for (const step of this.#state.history) {
        if (step.finishedAt === null) {
          step.finishedAt = input.now;
          step.finishedBy = input.actor;
        }
      }
    }
    this.#state.updatedAt = input.now;
    this.#state.version += 1;
    this.events.record({ type: 'ProcessAdvanced', from, by: input.actor });
  }

  /**
   * Moves the process onto another version of its procedure whose phases are the same (the
   * shipped procedure's phase table becoming its BPMN file, ADR 0015): the history stays as it is.
   */
  moveToVersion(version: number, now: Date): void {
    this.#state.procedure = { ...this.#state.procedure, version };
    this.#state.updatedAt = now;
    this.#state.version += 1;
  }

  /** The phases (user tasks) open now, oldest first. */
  get openPhases(): CodeName[] {
    return this.#state.history.filter((step) => step.finishedAt === null).map((step) => ({ ...step.phase }));
  }

  #ensureProcedure(procedure: Procedure): void {
    const own = this.#state.procedure;
    if (procedure.code !== own.code || procedure.version !== own.version) {
      throw new Error(`Process ${this.#state.processId} follows ${own.code} v${own.version}, not ${procedure.code} v${procedure.version}`);
    }
  }
}
