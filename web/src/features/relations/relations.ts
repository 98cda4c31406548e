import type { RelationKind, RelationResource } from '@tramita/contracts';

export type Relation = RelationResource;

/** The contract's kinds, in the order the form offers them (the web imports only types from contracts). */
export const KINDS = ['acumulado', 'antecedente', 'recurso', 'relacionado'] as const satisfies readonly RelationKind[];

/**
 * The catalogue key of a relation as this expediente reads it. A relation is stated from one
 * expediente; the other one reads its inverse: an antecedente's other side is a consecuente, an
 * appeal's (Ley 39/2015 arts. 112 to 126) the appealed one. Acumulación (art. 57) and a plain
 * link read the same from both.
 */
export function relationLabelKey(relation: Pick<Relation, 'kind' | 'direction'>): string {
  return `relations.kinds.${relation.kind}.${relation.direction}`;
}

/** The other expediente's detail page. */
export function otherFilePath(relation: Relation): string {
  return `/expedientes/${encodeURIComponent(relation.other.code)}`;
}
