import { conflict, illegalState, type Actor } from '@tramita/kernel';
import { SUSPENSION_CAUSES, type DueDate, type ExpiryEffect, type Extension, type Initiation, type LegalDuration, type Suspension } from '@tramita/legal-time';

/** A suspension as recorded: the art. 22 cause and dates, with who recorded it and when. */
export interface RecordedSuspension extends Suspension {
  recordedBy: Actor;
  recordedAt: string;
}

/** An extension as recorded (arts. 23, 32, 68.2), with its motivation. */
export interface RecordedExtension extends Extension {
  reason: string;
  recordedBy: Actor;
  recordedAt: string;
}

/** The legal outcome recorded when the plazo ran out (arts. 24, 25). */
export interface PlazoOutcomeRecord {
  kind: 'SILENCIO_POSITIVO' | 'SILENCIO_NEGATIVO' | 'CADUCIDAD' | 'VENCIDO';
  declaredAt: string;
  effectiveFrom: string;
  article: string;
  text: string;
}

export type PlazoEvent = 'COMPUTED' | 'STARTED' | 'SUSPENDED' | 'RESUMED' | 'EXTENDED' | 'RECALCULATED' | 'EXPIRED' | 'CLOSED';

/** One computation or event: every earlier due date is kept (a calendar change must show what moved). */
export interface PlazoHistoryRecord {
  at: string;
  actor: Actor | null;
  event: PlazoEvent;
  due: string | null;
  status: 'FINAL' | 'PROVISIONAL' | null;
  previousDue: string | null;
  communicatedDateMoved: boolean;
  note: string;
}

/** What counting the plazo gave: running with its due date, or suspended (due unknown). */
export interface PlazoComputation {
  state: 'RUNNING' | 'SUSPENDED';
  due: DueDate | null;
  /** From when it is near its end (the traffic light turns amber); null while suspended. */
  nearFrom: string | null;
}

export interface PlazoState {
  plazoId: string;
  processId: string;
  organism: string;
  fileCode: string;
  /** MAXIMO: to resolve and notify (art. 21); TRAMITE: a user task's (`tramita:plazo`). */
  kind: 'MAXIMO' | 'TRAMITE';
  name: string;
  taskId: string | null;
  duration: LegalDuration;
  legalBasis: string;
  /** Dies a quo, an ISO instant: the registry entry's effective instant (art. 31.2.c) or the task's creation. */
  startedAt: string;
  initiation: Initiation | null;
  expiryEffect: ExpiryEffect;
  /** Roles that may suspend, resume and extend it (the procedure names them). */
  managers: string[];
  state: 'RUNNING' | 'SUSPENDED' | 'EXPIRED' | 'CLOSED';
  due: DueDate | null;
  nearFrom: string | null;
  suspensions: RecordedSuspension[];
  extensions: RecordedExtension[];
  outcome: PlazoOutcomeRecord | null;
  /** The due date last communicated to the interested party (art. 21.4: told with the receipt or the requirement). */
  communicatedDue: string | null;
  history: PlazoHistoryRecord[];
  /** 1 at creation, +1 per change. */
  version: number;
}

export type NewPlazo = Omit<PlazoState, 'state' | 'due' | 'nearFrom' | 'suspensions' | 'extensions' | 'outcome' | 'communicatedDue' | 'history' | 'version'>;

/** An expediente's plazo and the rules of suspending, extending, recomputing and closing it. */
export class Plazo {
  #state: PlazoState;

  private constructor(state: PlazoState) {
    this.#state = state;
  }

  /**
   * A plazo as first computed. Its due date is the one communicated to the interested party (art.
   * 21.4 for the maximum plazo, the requirement's notification for a trámite), so a later move is flagged.
   */
  static open(fields: NewPlazo, computation: PlazoComputation, actor: Actor | null, now: Date): Plazo {
    const plazo = new Plazo({
      ...fields,
      managers: [...fields.managers],
      state: computation.state,
      due: computation.due,
      nearFrom: computation.nearFrom,
      suspensions: [],
      extensions: [],
      outcome: null,
      communicatedDue: computation.due?.date ?? null,
      history: [],
      version: 1,
    });
    plazo.#record('COMPUTED', actor, now, null, '');
    return plazo;
  }

  static restore(state: PlazoState): Plazo {
    return new Plazo(structuredClone(state));
  }

  state(): PlazoState {
    return structuredClone(this.#state);
  }

  get plazoId(): string {
    return this.#state.plazoId;
  }
  get version(): number {
    return this.#state.version;
  }
  get kind(): PlazoState['kind'] {
    return this.#state.kind;
  }
  get isOpen(): boolean {
    return this.#state.state === 'RUNNING' || this.#state.state === 'SUSPENDED';
  }

  /** Whether someone holding `roles` in the expediente's organism may suspend, resume and extend it. */
  managedBy(roles: readonly string[]): boolean {
    return this.#state.managers.some((role) => roles.includes(role));
  }

  /**
   * States the maximum plazo's dies a quo (art. 21.3): the acuerdo de iniciación, or the entry in the
   * competent registry, when either came before the expediente was opened here.
   */
  restart(startedAt: string, actor: Actor, note: string, computeWith: (state: PlazoState) => PlazoComputation, now: Date): void {
    this.#requireOpen();
    if (this.#state.kind !== 'MAXIMO') throw illegalState('not-restartable', "Only the maximum plazo's start (art. 21.3) can be stated.");
    this.#state.startedAt = startedAt;
    this.#apply(computeWith(this.#state), 'STARTED', actor, now, note);
  }

  /** Art. 22: suspends the maximum plazo; several may overlap (their union counts once). */
  suspend(suspension: RecordedSuspension, computeWith: (state: PlazoState) => PlazoComputation, now: Date): void {
    this.#requireOpen();
    if (this.#state.kind !== 'MAXIMO') throw illegalState('not-suspendable', 'Art. 22 suspends the maximum plazo to resolve, not a trámite plazo.');
    // Art. 25 governs procedures started de oficio: its 25.2 interruption has no place in one started by a solicitud.
    if (SUSPENSION_CAUSES[suspension.cause].oficioOnly && this.#state.initiation !== 'OFICIO')
      throw illegalState('cause-not-applicable', `Art. ${suspension.cause} interrupts the plazo of a procedure started de oficio; this one was not.`, {
        cause: suspension.cause,
      });
    this.#state.suspensions.push(suspension);
    this.#apply(computeWith(this.#state), 'SUSPENDED', suspension.recordedBy, now, `${suspension.cause}: ${suspension.note}`);
  }

  /** The suspension's cause ended: the clock runs again. */
  resume(suspensionId: string, endedAt: string, actor: Actor, note: string, computeWith: (state: PlazoState) => PlazoComputation, now: Date): void {
    this.#requireOpen();
    const suspension = this.#state.suspensions.find((entry) => entry.id === suspensionId);
    if (!suspension) throw illegalState('unknown-suspension', `The plazo has no suspension ${suspensionId}.`);
    if (suspension.endedAt !== null) throw conflict('suspension-not-open', `The suspension ${suspensionId} already ended.`);
    suspension.endedAt = endedAt;
    this.#apply(computeWith(this.#state), 'RESUMED', actor, now, note);
  }

  /** Arts. 23, 32, 68.2: the caller has checked the limits against the current due date. */
  extend(extension: RecordedExtension, computeWith: (state: PlazoState) => PlazoComputation, now: Date): void {
    this.#requireOpen();
    this.#state.extensions.push(extension);
    this.#apply(computeWith(this.#state), 'EXTENDED', extension.recordedBy, now, extension.reason);
  }

  /** A calendar or the interested party's residence changed: the same plazo counted again. */
  recompute(computation: PlazoComputation, actor: Actor | null, now: Date, note: string): boolean {
    if (!this.isOpen) return false;
    const before = this.#state.due;
    const same = before?.date === computation.due?.date && before?.status === computation.due?.status && this.#state.state === computation.state;
    if (same) return false;
    this.#apply(computation, 'RECALCULATED', actor, now, note);
    return true;
  }

  /** The due instant passed with no qualifying notification: its legal outcome is recorded. */
  expire(outcome: PlazoOutcomeRecord, now: Date): void {
    if (this.#state.state !== 'RUNNING') throw conflict('plazo-not-running', 'Only a running plazo expires.');
    this.#state.state = 'EXPIRED';
    this.#state.outcome = outcome;
    this.#record('EXPIRED', null, now, this.#state.due?.date ?? null, outcome.text);
  }

  /** The trámite was done, or the expediente ended: the plazo no longer runs. */
  close(actor: Actor | null, now: Date, note: string): void {
    if (!this.isOpen) return;
    this.#state.state = 'CLOSED';
    this.#state.nearFrom = null;
    this.#record('CLOSED', actor, now, this.#state.due?.date ?? null, note);
  }

  /** Whether the last recomputation moved a date already communicated to the interested party. */
  get communicatedDateMoved(): boolean {
    return this.#state.history.at(-1)?.communicatedDateMoved ?? false;
  }

  #requireOpen(): void {
    if (!this.isOpen) throw conflict('plazo-closed', `The plazo is ${this.#state.state === 'EXPIRED' ? 'expired' : 'closed'}; it can no longer change.`);
  }

  #apply(computation: PlazoComputation, event: PlazoEvent, actor: Actor | null, now: Date, note: string): void {
    const previous = this.#state.due?.date ?? null;
    this.#state.state = computation.state;
    this.#state.due = computation.due;
    this.#state.nearFrom = computation.nearFrom;
    this.#record(event, actor, now, previous, note);
  }

  /**
   * The dies a quo stated, a suspension, a resumption and an extension are acts notified to the interested party (arts.
   * 22, 23, 32), and the new date goes with them; a recomputation (a calendar corrected, the
   * residence stated) is not, so a communicated date it moves is flagged for someone to tell them.
   */
  #record(event: PlazoEvent, actor: Actor | null, now: Date, previousDue: string | null, note: string): void {
    const due = this.#state.due;
    const communicated = this.#state.communicatedDue;
    const moved = event === 'RECALCULATED' && communicated !== null && due !== null && due.date !== communicated;
    if ((event === 'STARTED' || event === 'SUSPENDED' || event === 'RESUMED' || event === 'EXTENDED') && due !== null) this.#state.communicatedDue = due.date;
    this.#state.history.push({
      at: now.toISOString(),
      actor,
      event,
      due: due?.date ?? null,
      status: due?.status ?? null,
      previousDue,
      communicatedDateMoved: moved,
      note,
    });
    if (event !== 'COMPUTED') this.#state.version += 1;
  }
}
