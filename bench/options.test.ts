import { describe, expect, it } from 'vitest';
import { parseModes, parseProfile, parseRuns, UsageError } from './options.ts';
import { PROFILES } from './profiles.ts';

describe('benchmark command line', () => {
  it('runs one topology, or both with all-in-one first', () => {
    expect(parseModes('all-in-one')).toEqual(['all-in-one']);
    expect(parseModes('distributed')).toEqual(['distributed']);
    expect(parseModes('both')).toEqual(['all-in-one', 'distributed']);
  });

  it('refuses an unknown mode with a sentence that lists the valid ones', () => {
    expect(() => parseModes('cluster')).toThrow(UsageError);
    expect(() => parseModes('cluster')).toThrow(/all-in-one, distributed or both/);
  });

  it('applies --rounds and --rows over the chosen profile and leaves the rest alone', () => {
    const profile = parseProfile({ profile: 'quick', rounds: '1', rows: '5000' });
    expect(profile).toEqual({ ...PROFILES.quick, rounds: 1, indexRows: 5000 });
    expect(parseProfile({ profile: 'full' })).toEqual(PROFILES.full);
  });

  it('refuses unknown profiles and counts that are not whole positive numbers', () => {
    expect(() => parseProfile({ profile: 'toString' })).toThrow(/unknown profile "toString"/);
    for (const bad of ['0', '-1', '2.5', 'three', '']) expect(() => parseProfile({ profile: 'quick', rounds: bad })).toThrow(UsageError);
    expect(() => parseProfile({ profile: 'quick', rows: '1e5' })).toThrow(/--rows must be a whole number/);
  });

  it('runs the distributed mode once per index store, all-in-one on its embedded store', () => {
    expect(parseRuns('distributed', 'postgres')).toEqual([{ mode: 'distributed', indexStore: 'postgres' }]);
    expect(parseRuns('distributed', 'both')).toEqual([
      { mode: 'distributed', indexStore: 'postgres' },
      { mode: 'distributed', indexStore: 'opensearch' },
    ]);
    expect(parseRuns('both', 'opensearch')).toEqual([
      { mode: 'all-in-one', indexStore: 'postgres' },
      { mode: 'distributed', indexStore: 'opensearch' },
    ]);
    expect(parseRuns('all-in-one', 'postgres')).toEqual([{ mode: 'all-in-one', indexStore: 'postgres' }]);
  });

  it('refuses OpenSearch without a distributed run, and unknown stores', () => {
    expect(() => parseRuns('all-in-one', 'opensearch')).toThrow(/needs --mode distributed or both/);
    expect(() => parseRuns('distributed', 'elastic')).toThrow(/use postgres, opensearch or both/);
  });
});
