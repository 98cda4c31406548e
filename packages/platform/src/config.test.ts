import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commaSeparated, parseEnv } from './config.ts';

describe('configuration', () => {
  const schema = z.object({ HOSTS: commaSeparated(z.string().regex(/^[a-z]+:\d+$/, 'must be host:port')), PORT: z.coerce.number().int() });

  it('reads comma-separated lists, dropping blanks and spaces', () => {
    expect(parseEnv(schema, { HOSTS: ' a:1, ,b:2 ', PORT: '80' })).toEqual({ HOSTS: ['a:1', 'b:2'], PORT: 80 });
    expect(parseEnv(schema, { PORT: '80' }).HOSTS).toEqual([]);
  });

  it('names every bad value at once', () => {
    expect(() => parseEnv(schema, { HOSTS: 'a:1,nope', PORT: 'x' }, 'test configuration')).toThrow(
      /Invalid test configuration:\n {2}- HOSTS\.1: must be host:port\n {2}- PORT:/,
    );
  });
});
