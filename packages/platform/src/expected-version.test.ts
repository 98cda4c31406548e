import { describe, expect, it } from 'vitest';
import { DomainError } from '@tramita/kernel';
import { requiredVersion } from './expected-version.ts';

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? `${error.category}:${error.code}` : String(error);
  }
  return 'no error';
};

describe('requiredVersion', () => {
  it('takes the body first, then the entity tag of If-Match', () => {
    expect(requiredVersion(4, '"9"', 'x')).toBe(4);
    expect(requiredVersion(undefined, '"3"', 'x')).toBe(3);
    expect(requiredVersion(undefined, ' W/"12" ', 'x')).toBe(12);
    expect(requiredVersion(undefined, '7', 'x')).toBe(7);
  });

  it('refuses a write naming no version (428), and a malformed tag (400)', () => {
    expect(failure(() => requiredVersion(undefined, undefined, 'x'))).toBe('precondition-required:version-required');
    expect(failure(() => requiredVersion(undefined, '*', 'x'))).toBe('precondition-required:version-required');
    expect(failure(() => requiredVersion(undefined, 'abc', 'x'))).toBe('validation:invalid-if-match');
    expect(failure(() => requiredVersion(undefined, '"1234567890"', 'x'))).toBe('validation:invalid-if-match');
  });
});
