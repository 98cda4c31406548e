/** The source of "now" for the domain; tests pass a fixed or stepping clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at `start` and advances `stepMs` on every reading. */
export function steppingClock(start: Date, stepMs = 1000): Clock {
  let current = start.getTime();
  return {
    now() {
      const value = new Date(current);
      current += stepMs;
      return value;
    },
  };
}
