/** A result that can fail, the same shape as the BPMN engine's: the message is plain English for developers. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export function success<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function failure<T>(message: string): Outcome<T> {
  return { ok: false, message };
}
