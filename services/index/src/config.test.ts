import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('index configuration', () => {
  it('reads dates in Europe/Madrid unless told otherwise', () => {
    expect(loadConfig({}).INDEX_TIME_ZONE).toBe('Europe/Madrid');
    expect(loadConfig({ INDEX_TIME_ZONE: 'Atlantic/Canary' }).INDEX_TIME_ZONE).toBe('Atlantic/Canary');
  });

  it('refuses to start with an unknown time zone', () => {
    expect(() => loadConfig({ INDEX_TIME_ZONE: 'Mars/Olympus' })).toThrow(/INDEX_TIME_ZONE/);
  });
});
