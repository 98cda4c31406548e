import { describe, expect, it } from 'vitest';
import { displayName } from './actor.ts';
import { steppingClock, systemClock } from './clock.ts';
import type { DomainError } from './errors.ts';
import { conflict, forbidden, illegalState, isDomainError, notFound, validationError } from './errors.ts';
import { isUuid, newId } from './ids.ts';
import { RecordedEvents } from './recorded-events.ts';

describe('ids', () => {
  it('are version 7 UUIDs that sort by creation time', () => {
    const first = newId(Date.UTC(2026, 0, 1));
    const second = newId(Date.UTC(2026, 0, 2));
    expect(isUuid(first)).toBe(true);
    expect(first[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(first[19]);
    expect(first < second).toBe(true);
    expect(isUuid('not-a-uuid')).toBe(false);
  });
});

describe('display names', () => {
  it('read "Apellidos, Nombre" and fall back to what exists', () => {
    expect(displayName('Antonio', 'Gat Alba', 'agat')).toBe('Gat Alba, Antonio');
    expect(displayName(undefined, 'Gat Alba', 'agat')).toBe('Gat Alba');
    expect(displayName('Antonio', '  ', 'agat')).toBe('Antonio');
    expect(displayName(undefined, undefined, 'agat')).toBe('agat');
  });
});

describe('domain errors', () => {
  it('carry a stable code and a category', () => {
    const cases: [DomainError, string][] = [
      [validationError('a', 'm'), 'validation'],
      [notFound('b', 'm'), 'not-found'],
      [conflict('c', 'm', { x: 1 }), 'conflict'],
      [forbidden('d', 'm'), 'forbidden'],
      [illegalState('e', 'm'), 'illegal-state'],
    ];
    for (const [error, category] of cases) {
      expect(error.category).toBe(category);
      expect(isDomainError(error)).toBe(true);
    }
    expect(conflict('c', 'm', { x: 1 }).details).toEqual({ x: 1 });
    expect(isDomainError(new Error('plain'))).toBe(false);
  });
});

describe('clocks and recorded events', () => {
  it('step a clock by a fixed amount per reading', () => {
    const clock = steppingClock(new Date('2026-01-01T00:00:00Z'), 500);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.500Z');
    expect(systemClock.now()).toBeInstanceOf(Date);
  });

  it('hand recorded events out once', () => {
    const events = new RecordedEvents<string>();
    events.record('a');
    events.record('b');
    expect(events.pending).toEqual(['a', 'b']);
    expect(events.pull()).toEqual(['a', 'b']);
    expect(events.pull()).toEqual([]);
  });
});
