import { describe, expect, it } from 'vitest';
import { DomainError } from '@tramita/kernel';
import { assertRoomForRelation, FileRelation, MAX_RELATIONS, type RelationKind } from './file-relation.ts';

const agat = { username: 'agat', displayName: 'Gat Alba, Antonio' };
const at = new Date('2026-03-01T10:00:00.000Z');
const a = { organism: 'L01280796', code: 'EXP-A' };
const b = { organism: 'L01280796', code: 'EXP-B' };
const otherB = { organism: 'A01002820', code: 'EXP-B' };
const relate = (kind: RelationKind, from = a, to = b) => FileRelation.relate({ kind, from, to, by: agat, at });

describe('FileRelation', () => {
  it('never relates an expediente to itself, but may relate equal codes of two organisms', () => {
    try {
      relate('relacionado', a, a);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'self-relation', category: 'validation', details: { field: 'code' } });
    }
    expect(relate('relacionado', b, otherB).state.to).toEqual(otherB);
  });

  it('reads outgoing from the side that stated it and incoming from the other', () => {
    const relation = relate('recurso');
    expect(relation.seenFrom(a)).toEqual({ direction: 'outgoing', other: b });
    expect(relation.seenFrom(b)).toEqual({ direction: 'incoming', other: a });
    expect(relation.involves(a) && relation.involves(b)).toBe(true);
    expect(relation.involves(otherB)).toBe(false);
  });

  it('counts the reverse of a symmetric kind as the same relation, and of a directed kind as another', () => {
    expect(relate('acumulado', a, b).pairKey).toBe(relate('acumulado', b, a).pairKey);
    expect(relate('relacionado', a, b).pairKey).toBe(relate('relacionado', b, a).pairKey);
    expect(relate('antecedente', a, b).pairKey).not.toBe(relate('antecedente', b, a).pairKey);
    expect(relate('recurso', a, b).pairKey).not.toBe(relate('recurso', b, a).pairKey);
    expect(relate('recurso', a, b).pairKey).not.toBe(relate('antecedente', a, b).pairKey);
    expect(relate('relacionado', a, b).pairKey).not.toBe(relate('relacionado', a, otherB).pairKey);
  });

  it('holds at most MAX_RELATIONS per expediente', () => {
    expect(() => assertRoomForRelation(a, MAX_RELATIONS - 1)).not.toThrow();
    expect(() => assertRoomForRelation(a, MAX_RELATIONS)).toThrow(expect.objectContaining({ code: 'too-many-relations', category: 'conflict' }));
  });
});
