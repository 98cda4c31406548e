import { actorOf, conflict, newId, notFound, validationError, type Actor } from '@tramita/kernel';
import type { FileKey } from './file-key.ts';

/**
 * How two expedientes are related, read from the side that states it (`from`):
 * - acumulado: processed together (Ley 39/2015 art. 57); symmetric;
 * - antecedente: `to` came before and informs `from`;
 * - recurso: `from` is an appeal against `to`'s resolution (Ley 39/2015 arts. 112 to 126);
 * - relacionado: any other link; symmetric.
 */
export type RelationKind = 'acumulado' | 'antecedente' | 'recurso' | 'relacionado';

/** Kinds that read the same from both sides: A related to B is B related to A. */
export const SYMMETRIC_KINDS: readonly RelationKind[] = ['acumulado', 'relacionado'];

/** An expediente holds at most this many relations (stated from it or to it). */
export const MAX_RELATIONS = 100;

export interface FileRelationState {
  id: string;
  kind: RelationKind;
  from: FileKey;
  to: FileKey;
  createdAt: Date;
  createdBy: Actor;
}

/** A relation as one of its expedientes sees it. */
export interface RelationView {
  direction: 'outgoing' | 'incoming';
  other: FileKey;
}

const sameFile = (a: FileKey, b: FileKey) => a.code === b.code && a.organism === b.organism;
const keyOf = (file: FileKey) => `${file.organism}/${file.code}`;

export const relationNotFound = (id: string) => notFound('relation-not-found', `The expediente has no relation ${id}.`, { relationId: id });

export const relationExists = (relation: FileRelation) =>
  conflict('relation-exists', `Expedientes ${relation.state.from.code} and ${relation.state.to.code} are already related as ${relation.state.kind}.`, {
    kind: relation.state.kind,
  });

/** Refuses a relation when either expediente already holds MAX_RELATIONS. */
export function assertRoomForRelation(file: FileKey, count: number): void {
  if (count >= MAX_RELATIONS) {
    throw conflict('too-many-relations', `Expediente ${file.code} already holds ${MAX_RELATIONS} relations, the most one may hold.`, {
      fileCode: file.code,
      limit: MAX_RELATIONS,
    });
  }
}

/** A stated link between two expedientes, shown on both. */
export class FileRelation {
  readonly #state: FileRelationState;

  private constructor(state: FileRelationState) {
    this.#state = state;
  }

  /** Relates `from` to `to`; an expediente is never related to itself. */
  static relate(input: { kind: RelationKind; from: FileKey; to: FileKey; by: Actor; at: Date; id?: string }): FileRelation {
    if (sameFile(input.from, input.to)) throw validationError('self-relation', 'An expediente cannot be related to itself.', { field: 'code' });
    return new FileRelation({
      id: input.id ?? newId(input.at.getTime()),
      kind: input.kind,
      from: { ...input.from },
      to: { ...input.to },
      createdAt: input.at,
      createdBy: actorOf(input.by),
    });
  }

  static restore(state: FileRelationState): FileRelation {
    return new FileRelation(structuredClone(state));
  }

  get state(): Readonly<FileRelationState> {
    return structuredClone(this.#state);
  }

  get id(): string {
    return this.#state.id;
  }

  /**
   * What makes two relations the same one: kind and both ends, and for a symmetric kind the ends
   * in either order. Stored with a unique index, so the rule also holds between concurrent requests.
   */
  get pairKey(): string {
    const { kind, from, to } = this.#state;
    const ends = [keyOf(from), keyOf(to)];
    if (SYMMETRIC_KINDS.includes(kind)) ends.sort();
    return `${kind}|${ends.join('|')}`;
  }

  involves(file: FileKey): boolean {
    return sameFile(this.#state.from, file) || sameFile(this.#state.to, file);
  }

  /** The relation from `file`'s side (which must be one of its ends). */
  seenFrom(file: FileKey): RelationView {
    return sameFile(this.#state.from, file)
      ? { direction: 'outgoing', other: { ...this.#state.to } }
      : { direction: 'incoming', other: { ...this.#state.from } };
  }
}
