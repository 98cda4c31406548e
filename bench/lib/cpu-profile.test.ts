import { describe, expect, it } from 'vitest';
import { originOf, summarizeCpuProfile, type CpuProfile } from './cpu-profile.ts';

const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 });

describe('summarizeCpuProfile', () => {
  // root → handler (service) → query (kysely) → exec (wasm); root → idle
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
      { id: 2, callFrame: frame('createFile', 'file:///w/services/files/src/application/create-file.ts'), children: [3] },
      { id: 3, callFrame: frame('executeQuery', 'file:///w/node_modules/kysely/dist/esm/query.js'), children: [4] },
      { id: 4, callFrame: frame('exec', 'wasm://wasm/pglite-1234'), children: [] },
      { id: 5, callFrame: frame('(idle)', ''), children: [] },
    ],
    samples: [4, 4, 3, 2, 5, 5],
    timeDeltas: [1000, 2000, 1000, 1000, 3000, 2000],
    startTime: 0,
    endTime: 10_000,
  };

  it('charges each sample its time delta by origin, own caller and function', () => {
    const summary = summarizeCpuProfile(profile);
    expect(summary.totalMs).toBe(10);
    expect(summary.busyMs).toBe(5);
    expect(Object.fromEntries(summary.byOrigin.map((s) => [s.name, s.ms]))).toEqual({
      'WebAssembly (PGlite, the XML validator)': 3,
      kysely: 1,
      'services/files': 1,
      '(idle)': 5,
    });
    expect(summary.byOwnCaller).toEqual([{ name: 'createFile services/files/src/application/create-file.ts:10', ms: 5, fraction: 0.5 }]);
    expect(summary.topFunctions[0]).toEqual({ name: 'exec wasm://wasm/pglite-1234:10', ms: 3, fraction: 0.3 });
  });

  it('names scoped dependencies, workspace packages and Node internals', () => {
    expect(originOf(frame('parse', 'file:///w/node_modules/@fastify/ajv-compiler/index.js'))).toBe('@fastify/ajv-compiler');
    expect(originOf(frame('run', 'file:///w/packages/messaging/src/postgres/unit-of-work.ts'))).toBe('@tramita/messaging');
    expect(originOf(frame('write', 'node:net'))).toBe('Node.js internals');
    expect(originOf(frame('(garbage collector)', ''))).toBe('(garbage collector)');
  });
});
