import { describe, expect, it } from 'vitest';
import { FILE_CODE_PATTERN as contractPattern } from '@tramita/contracts';
import { FILE_CODE_PATTERN as domainPattern } from '../../domain/expediente.ts';

describe('the expediente code at the boundary', () => {
  it('is the rule the aggregate enforces (the domain may not import contracts, so both are checked here)', () => {
    expect(contractPattern.source).toBe(domainPattern.source);
    expect(contractPattern.flags).toBe(domainPattern.flags);
  });
});
