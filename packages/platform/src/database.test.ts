import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { postgresPool } from './database.ts';

describe('postgresPool', () => {
  // No server: the pool connects lazily, and the events a dropped connection raises are emitted by hand.
  const url = 'postgres://tramita:secret@127.0.0.1:1/tramita';

  it('reports a checked-out connection the server ended instead of crashing on its error event', async () => {
    const lost: Error[] = [];
    const pool = postgresPool(url, 2, (error) => void lost.push(error));
    const client = new EventEmitter();
    pool.emit('connect', client);
    const ended = new Error('terminating connection due to administrator command');
    expect(() => client.emit('error', ended)).not.toThrow();
    expect(lost).toEqual([ended]);
    await pool.end();
  });

  it("swallows the pool's re-emitted error of an idle client (its own listener reported it already)", async () => {
    const lost: Error[] = [];
    const pool = postgresPool(url, 2, (error) => void lost.push(error));
    expect(() => pool.emit('error', new Error('Connection terminated unexpectedly'), {})).not.toThrow();
    expect(lost).toEqual([]);
    await pool.end();
  });
});
