import { describe, expect, it } from 'vitest';
import { fileListQuerystring } from './search-routes.ts';

/** The sort pattern the OpenAPI document states, as a client validating against it would apply it. */
const sortPattern = () => {
  const pattern = (fileListQuerystring.shape.sort.meta() as { pattern?: string } | undefined)?.pattern;
  if (!pattern) throw new Error('the sort parameter documents no pattern');
  return new RegExp(pattern);
};

describe('documented list query', () => {
  it.each(['plazo', '-plazo', 'plazo,asc', 'plazo,desc', '-createdAt', 'phase,desc'])('accepts sort=%s', (sort) => {
    expect(sortPattern().test(sort)).toBe(true);
  });

  it.each(['plazos', '-dueAt', 'plazo,sideways'])('refuses sort=%s', (sort) => {
    expect(sortPattern().test(sort)).toBe(false);
  });

  it('describes the plazo sort', () => {
    expect(fileListQuerystring.shape.sort.description).toContain('"plazo" sorts by the due date of the maximum plazo');
  });
});
