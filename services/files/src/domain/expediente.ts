import { actorOf, conflict, illegalState, RecordedEvents, validationError, type Actor } from '@tramita/kernel';

/** A coded value with its Spanish name (phases, initial options). */
export interface CodeName {
  code: string;
  name: string;
}

/** `creating` while the create-expediente saga runs; `finished` once bpm reports the process finished. */
export type FileStatus = 'creating' | 'active' | 'finished';

export const FILE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MAX_DESCRIPTION_LENGTH = 4000;
export const MAX_DOCUMENTS = 20;

/** Everything the expediente knows; the table mirrors it. */
export interface ExpedienteState {
  /** Unique code chosen by the case worker. */
  code: string;
  /** The organism (DIR3) the expediente belongs to: only its members see it (ADR 0013). */
  organism: string;
  /** The responsible unit (DIR3) within the organism; null when none was named (ADR 0013). */
  unit: string | null;
  /** bpm process instance driving the expediente (chosen by the saga before bpm creates it). */
  processId: string;
  initialOption: CodeName;
  description: string;
  status: FileStatus;
  /** bpm reported the process as finished (may arrive before activation). */
  finished: boolean;
  currentPhase: CodeName | null;
  /** Version of the last bpm process snapshot applied (0: none yet). */
  processVersion: number;
  documentIds: string[];
  createdAt: Date;
  createdBy: Actor;
  updatedAt: Date;
  updatedBy: Actor;
  /** 0 while creating, 1 once created, +1 per change of the expediente's own data. */
  version: number;
  /** The create-expediente saga that reserved this code. */
  sagaId: string;
}

/** The state-carrying snapshot published as FileCreated / FileUpdated. */
export interface ExpedienteSnapshot {
  code: string;
  organism: string;
  unit?: string;
  processId: string;
  initialOption: CodeName;
  description: string;
  createdAt: string;
  createdBy: Actor;
  updatedAt: string;
  updatedBy: Actor;
  documentIds: string[];
  version: number;
}

export type ExpedienteEvent = { type: 'FileCreated' | 'FileUpdated'; snapshot: ExpedienteSnapshot };

/** What bpm says about the process behind an expediente. */
export interface ProcessReport {
  phase: CodeName;
  finished: boolean;
  version: number;
}

export function assertFileCode(code: string): void {
  if (!FILE_CODE_PATTERN.test(code)) {
    throw validationError('invalid-file-code', 'The code must start with a letter or digit and use only letters, digits, ".", "_" or "-" (at most 64).', {
      field: 'code',
    });
  }
}

function assertDescription(description: string): void {
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    throw validationError('description-too-long', `The description may have at most ${MAX_DESCRIPTION_LENGTH} characters.`, {
      field: 'description',
    });
  }
}

function assertDocuments(documentIds: string[]): void {
  if (documentIds.length === 0) throw validationError('documents-required', 'An expediente needs at least one document.', { field: 'documents' });
  if (documentIds.length > MAX_DOCUMENTS) {
    throw validationError('too-many-documents', `An expediente is created with at most ${MAX_DOCUMENTS} documents.`, { field: 'documents' });
  }
  if (new Set(documentIds).size !== documentIds.length) {
    throw validationError('duplicate-document', 'A document is listed more than once.', { field: 'documents' });
  }
}

/** The expediente aggregate: master data of a case file and references to its process and documents. */
export class Expediente {
  readonly events = new RecordedEvents<ExpedienteEvent>();
  #state: ExpedienteState;

  private constructor(state: ExpedienteState) {
    this.#state = state;
  }

  /** Reserves a code for a saga: the expediente exists only for the saga until it is activated. */
  static reserve(input: {
    code: string;
    organism: string;
    unit?: string | null;
    processId: string;
    initialOption: CodeName;
    description: string;
    documentIds: string[];
    sagaId: string;
    by: Actor;
    at: Date;
  }): Expediente {
    assertFileCode(input.code);
    assertDescription(input.description);
    assertDocuments(input.documentIds);
    return new Expediente({
      code: input.code,
      organism: input.organism,
      unit: input.unit ?? null,
      processId: input.processId,
      initialOption: { ...input.initialOption },
      description: input.description,
      status: 'creating',
      finished: false,
      currentPhase: null,
      processVersion: 0,
      documentIds: [...input.documentIds],
      createdAt: input.at,
      createdBy: actorOf(input.by),
      updatedAt: input.at,
      updatedBy: actorOf(input.by),
      version: 0,
      sagaId: input.sagaId,
    });
  }

  static restore(state: ExpedienteState): Expediente {
    return new Expediente(structuredClone(state));
  }

  get state(): Readonly<ExpedienteState> {
    return structuredClone(this.#state);
  }

  get code(): string {
    return this.#state.code;
  }

  get organism(): string {
    return this.#state.organism;
  }

  get version(): number {
    return this.#state.version;
  }

  /** Visible to users once created (a reservation is the saga's business only). */
  get isVisible(): boolean {
    return this.#state.status !== 'creating';
  }

  /** Ends the saga: the expediente exists, at version 1. A phase reported by bpm meanwhile wins. */
  activate(input: { documentIds: string[]; phase: CodeName | null }): void {
    if (this.#state.status !== 'creating') {
      throw illegalState('file-not-creating', `The expediente ${this.#state.code} is not being created.`);
    }
    const s = this.#state;
    s.documentIds = [...input.documentIds];
    if (s.processVersion === 0 && input.phase) s.currentPhase = { ...input.phase };
    s.status = s.finished ? 'finished' : 'active';
    s.version = 1;
    s.updatedAt = s.createdAt;
    s.updatedBy = { ...s.createdBy };
    this.events.record({ type: 'FileCreated', snapshot: this.snapshot() });
  }

  /**
   * Changes description and/or initial option until the expediente is finished. Returns false
   * (and records nothing) when the values are already the ones given.
   */
  edit(changes: { description?: string; initialOption?: CodeName }, by: Actor, at: Date, expectedVersion: number): boolean {
    const s = this.#state;
    if (s.status === 'creating') throw illegalState('file-creating', `The expediente ${s.code} is still being created.`);
    if (s.status === 'finished') throw illegalState('file-finished', `The expediente ${s.code} is finished and can no longer be edited.`);
    if (expectedVersion !== s.version) {
      throw conflict('version-conflict', `The expediente ${s.code} is at version ${s.version}, not ${expectedVersion}.`, {
        currentVersion: s.version,
      });
    }
    if (changes.description !== undefined) assertDescription(changes.description);
    const description = changes.description ?? s.description;
    const option = changes.initialOption ?? s.initialOption;
    const same = description === s.description && option.code === s.initialOption.code && option.name === s.initialOption.name;
    if (same) return false;
    s.description = description;
    s.initialOption = { ...option };
    s.updatedAt = at;
    s.updatedBy = actorOf(by);
    s.version += 1;
    this.events.record({ type: 'FileUpdated', snapshot: this.snapshot() });
    return true;
  }

  /**
   * Follows bpm: phase and finished flag, if the report is newer than the last one applied.
   * The expediente's own version does not move: the phase is bpm's data, not the snapshot's.
   */
  applyProcess(report: ProcessReport): boolean {
    const s = this.#state;
    if (report.version <= s.processVersion) return false;
    s.processVersion = report.version;
    s.currentPhase = { ...report.phase };
    s.finished = report.finished;
    if (s.status === 'active' && report.finished) s.status = 'finished';
    if (s.status === 'finished' && !report.finished) s.status = 'active';
    return true;
  }

  snapshot(): ExpedienteSnapshot {
    const s = this.#state;
    return {
      code: s.code,
      organism: s.organism,
      ...(s.unit ? { unit: s.unit } : {}),
      processId: s.processId,
      initialOption: { ...s.initialOption },
      description: s.description,
      createdAt: s.createdAt.toISOString(),
      createdBy: { ...s.createdBy },
      updatedAt: s.updatedAt.toISOString(),
      updatedBy: { ...s.updatedBy },
      documentIds: [...s.documentIds],
      version: s.version,
    };
  }
}
