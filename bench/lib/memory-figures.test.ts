import { describe, expect, it } from 'vitest';
import { memoryFigures, toMiB } from './memory-figures.ts';

const definition = { unit: 'MiB', description: 'peak RSS' };

describe('memory figures', () => {
  it('keeps the plain name for a one-process system, so all-in-one runs stay comparable', () => {
    expect(memoryFigures(['all-in-one'], 'memory.underLoad.rssPeak', definition, { 'all-in-one': 1200 }, 1200)).toEqual([
      { name: 'memory.underLoad.rssPeak', definition, value: 1200 },
    ]);
  });

  it('names one figure per process plus the total, each marked with its process', () => {
    const figures = memoryFigures(['gateway', 'docs'], 'docs.rssPerUpload', definition, { gateway: 3, docs: 11 }, 13);
    expect(figures.map((f) => [f.name, f.definition.process, f.value])).toEqual([
      ['docs.rssPerUpload.gateway', 'gateway', 3],
      ['docs.rssPerUpload.docs', 'docs', 11],
      ['docs.rssPerUpload.total', 'total', 13],
    ]);
    expect(definition).not.toHaveProperty('process');
  });

  it('refuses a missing process instead of reporting nothing for it', () => {
    expect(() => memoryFigures(['gateway', 'docs'], 'x', definition, { gateway: 1 }, 1)).toThrow(/no x value for process docs/);
  });

  it('converts bytes to MiB', () => {
    expect(toMiB({ a: 2 ** 20, b: 3 * 2 ** 19 })).toEqual({ a: 1, b: 1.5 });
  });
});
