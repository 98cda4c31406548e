import { describe, expect, it } from 'vitest';
import { isDomainError } from '@tramita/kernel';
import { catalogueName, dir3Code, membershipRoles, PLATFORM_ADMIN } from './organism.ts';

const PLATFORM = 'E00000001';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isDomainError(error) ? error.code : 'not-a-domain-error';
  }
  return undefined;
}

describe('dir3Code', () => {
  it('accepts a DIR3 code as typed, trimmed and upper-cased', () => {
    expect(dir3Code(' l01280796 ', 'code')).toBe('L01280796');
    expect(dir3Code('A01002820', 'code')).toBe('A01002820');
  });

  it('refuses a code that is not nine letters or digits starting with a letter, naming the field', () => {
    for (const bad of ['', '123', '101280796', 'L0128079', 'L012807960', 'L0128-796']) {
      expect(
        codeOf(() => dir3Code(bad, 'code')),
        bad,
      ).toBe('invalid-dir3-code');
    }
    try {
      dir3Code('x', 'units');
    } catch (error) {
      expect(isDomainError(error) && error.details).toEqual({ field: 'units' });
    }
  });
});

describe('catalogueName', () => {
  it('trims a name and keeps up to 200 characters', () => {
    expect(catalogueName('  Ayuntamiento de Prueba ')).toBe('Ayuntamiento de Prueba');
    expect(catalogueName('a'.repeat(200))).toHaveLength(200);
  });

  it('refuses an empty, too long or control-character name', () => {
    expect(codeOf(() => catalogueName('   '))).toBe('invalid-name');
    expect(codeOf(() => catalogueName('a'.repeat(201)))).toBe('invalid-name');
    expect(codeOf(() => catalogueName('Agencia\u0000'))).toBe('invalid-name');
    expect(codeOf(() => catalogueName('Agencia\u202Eoculta'))).toBe('invalid-name');
    expect(codeOf(() => catalogueName('Dos\u2028líneas'))).toBe('invalid-name');
  });
});

describe('membershipRoles', () => {
  it('keeps known roles in their canonical order, once each', () => {
    expect(membershipRoles(['consulta', 'tramitador', 'consulta'], 'L01280796', PLATFORM)).toEqual(['tramitador', 'consulta']);
  });

  it('refuses an unknown role, and a membership without roles', () => {
    expect(codeOf(() => membershipRoles([], 'L01280796', PLATFORM))).toBe('roles-required');
    expect(codeOf(() => membershipRoles(['alcalde'], 'L01280796', PLATFORM))).toBe('unknown-role');
  });

  it('allows platform-admin only in the platform organism', () => {
    expect(membershipRoles([PLATFORM_ADMIN, 'admin'], PLATFORM, PLATFORM)).toEqual(['admin', PLATFORM_ADMIN]);
    expect(codeOf(() => membershipRoles([PLATFORM_ADMIN], 'L01280796', PLATFORM))).toBe('platform-admin-elsewhere');
  });
});
