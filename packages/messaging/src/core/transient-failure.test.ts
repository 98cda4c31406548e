import { describe, expect, it } from 'vitest';
import { isTransientFailure } from './transient-failure.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isTransientFailure', () => {
  it('recognises a database that is down, restarting or cut off', () => {
    expect(isTransientFailure(withCode('connect ECONNREFUSED 127.0.0.1:55432', 'ECONNREFUSED'))).toBe(true);
    expect(isTransientFailure(withCode('read ECONNRESET', 'ECONNRESET'))).toBe(true);
    expect(isTransientFailure(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isTransientFailure(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isTransientFailure(withCode('connection failure', '08006'))).toBe(true);
    expect(isTransientFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientFailure(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
    expect(isTransientFailure(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('treats a deadlock or serialization failure as worth another try', () => {
    expect(isTransientFailure(withCode('deadlock detected', '40P01'))).toBe(true);
    expect(isTransientFailure(withCode('could not serialize access', '40001'))).toBe(true);
  });

  it('looks through causes and aggregated errors', () => {
    expect(isTransientFailure(new Error('handler failed', { cause: withCode('x', 'ECONNREFUSED') }))).toBe(true);
    expect(isTransientFailure(new AggregateError([new Error('first'), withCode('y', '57P01')], 'several'))).toBe(true);
  });

  it('leaves failures of the message itself to the retry policy and the dead-letter topic', () => {
    expect(isTransientFailure(new Error('Invalid FileCreated payload: code is required'))).toBe(false);
    expect(isTransientFailure(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isTransientFailure(withCode('invalid input syntax for type uuid', '22P02'))).toBe(false);
    expect(isTransientFailure('a string')).toBe(false);
    expect(isTransientFailure(undefined)).toBe(false);
  });

  it('does not loop on a cause that points back at itself', () => {
    const error = new Error('loop') as Error & { cause?: unknown };
    error.cause = error;
    expect(isTransientFailure(error)).toBe(false);
  });
});
