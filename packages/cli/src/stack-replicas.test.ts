import { describe, expect, it } from 'vitest';
import { parseReplicas, replicaProcesses, serviceOf } from './stack-replicas.ts';

describe('stack replicas', () => {
  it('runs no extra process by default', () => {
    expect(replicaProcesses(8080)).toEqual([]);
  });

  it('names extra replicas <service>#<n> and gives them the ports after the block of six, in service order', () => {
    expect(replicaProcesses(8080, { index: 2, files: 3, bpm: 2 })).toEqual([
      ['files#2', 8086],
      ['files#3', 8087],
      ['bpm#2', 8088],
      ['index#2', 8089],
    ]);
  });

  it('takes the ports it is given and refuses ports for replicas it does not run', () => {
    expect(replicaProcesses(8080, { bpm: 2 }, { 'bpm#2': 9000 })).toEqual([['bpm#2', 9000]]);
    expect(() => replicaProcesses(8080, { bpm: 2 }, { 'files#2': 9000 })).toThrow(/files#2/);
  });

  it('refuses a replica count that is not a whole number from 1 to 9', () => {
    expect(() => replicaProcesses(8080, { files: 0 })).toThrow(/files replicas must be a whole number from 1 to 9/);
    expect(() => replicaProcesses(8080, { bpm: 1.5 })).toThrow(/bpm replicas/);
    expect(() => replicaProcesses(8080, { index: 10 })).toThrow(/index replicas/);
  });

  it('parses the --replicas flag and explains what is wrong with a bad one', () => {
    expect(parseReplicas('files=2, bpm=2,index=3')).toEqual({ files: 2, bpm: 2, index: 3 });
    expect(parseReplicas('')).toEqual({});
    expect(() => parseReplicas('gateway=2')).toThrow(/<service>=<count> pairs .* for files, bpm, docs, index .* not "gateway=2"/);
    expect(() => parseReplicas('files:2')).toThrow(/not "files:2"/);
    expect(() => parseReplicas('files=0')).toThrow(/files must run from 1 to 9 processes, not 0/);
  });

  it('knows which service a replica runs', () => {
    expect(serviceOf('files#2')).toBe('files');
    expect(serviceOf('gateway')).toBe('gateway');
  });
});
