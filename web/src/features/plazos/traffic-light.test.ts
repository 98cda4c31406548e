import { describe, expect, it } from 'vitest';
import { listTrafficLight } from './traffic-light.ts';

const now = new Date('2026-04-01T10:00:00Z');
const running = { state: 'RUNNING' as const, dueAt: '2026-04-10T21:59:59.999Z', nearFrom: '2026-04-07T22:00:00Z' };

describe("a list row's traffic light", () => {
  it('is in time before the plazo turns near, near from then on, and overdue once the due instant has passed', () => {
    expect(listTrafficLight(running, now)).toBe('IN_TIME');
    expect(listTrafficLight(running, new Date('2026-04-07T22:00:00Z'))).toBe('NEAR');
    expect(listTrafficLight(running, new Date('2026-04-10T21:59:59.999Z'))).toBe('NEAR');
    expect(listTrafficLight(running, new Date('2026-04-10T22:00:00Z'))).toBe('OVERDUE');
  });

  it('follows the state when the plazo is suspended, expired or closed, whatever the clock says', () => {
    expect(listTrafficLight({ state: 'SUSPENDED', dueAt: null, nearFrom: null }, now)).toBe('SUSPENDED');
    expect(listTrafficLight({ ...running, state: 'EXPIRED' }, now)).toBe('OVERDUE');
    expect(listTrafficLight({ ...running, state: 'CLOSED' }, new Date('2030-01-01T00:00:00Z'))).toBe('CLOSED');
  });

  it('stays in time while a running plazo has no near instant or no due instant yet', () => {
    expect(listTrafficLight({ state: 'RUNNING', dueAt: '2026-04-10T21:59:59Z', nearFrom: null }, now)).toBe('IN_TIME');
    expect(listTrafficLight({ state: 'RUNNING', dueAt: null, nearFrom: null }, now)).toBe('IN_TIME');
  });
});
