import { describe, expect, it } from 'vitest';
import { DomainError } from '@tramita/kernel';
import { assertAcceptablePassword, passwordProblems } from './password-policy.ts';

const ana = { username: 'agarcia', givenName: 'Ana María', familyName: 'García Núñez' };

describe('the password policy', () => {
  it.each(['banana-split-2026-x', 'correcto-caballo-bateria-grapa', 'Vq8#pL2!xZr5', 'e2e-Contraseña-larga-1', 'una contraseña larga de verdad'])(
    'accepts %j',
    (password) => {
      expect(passwordProblems(password, ana)).toEqual([]);
    },
  );

  it.each([
    ['short-1', 'too-short'],
    ['x'.repeat(257) + 'abcdef', 'too-long'],
    ['agarciaagarcia', 'contains-personal-data'],
    ['Agarcia-2026-xyz', 'contains-personal-data'],
    ['nunez-1990-abcd', 'contains-personal-data'],
    ['aaaaaaaaaaaaaaaa', 'too-few-characters'],
    ['abcabcabcabcabc', 'repeated-pattern'],
    ['12ab12ab12ab12ab', 'repeated-pattern'],
    ['123456789012', 'sequence'],
    ['qwertyuiopas', 'sequence'],
    ['zyxwvutsrqpo', 'sequence'],
    ['Password2024!', 'common-password'],
    ['contraseña12345', 'common-password'],
    ['Contrasena#2026', 'common-password'],
    ['tramita-tramita-2026', 'common-password'],
    // common words written with digits for letters, keyboard walks, seasons and first names with a year
    ['P@ssw0rd2024', 'common-password'],
    ['passw0rd1234', 'common-password'],
    ['C0ntr4s3n4!!', 'common-password'],
    ['Adm1n1strad0r', 'common-password'],
    ['zaq12wsxcde3', 'common-password'],
    ['123qweasdzxc', 'common-password'],
    ['1234qwerasdf', 'common-password'],
    ['qazwsxedcrfv', 'common-password'],
    ['Summer2024!!', 'common-password'],
    ['Verano2024!!', 'common-password'],
    ['Primavera2024', 'common-password'],
    ['michael12345', 'common-password'],
    ['jordan23jordan', 'common-password'],
    ['tab\there-is-long-enough', 'control-characters'],
  ])('refuses %j for %s', (password, rule) => {
    expect(passwordProblems(password, ana)).toContain(rule);
  });

  it('names every broken rule and never echoes the password', () => {
    let error: unknown;
    try {
      assertAcceptablePassword('agarcia', ana);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    const domainError = error as DomainError;
    expect(domainError.code).toBe('weak-password');
    expect(domainError.details).toEqual({ rules: ['too-short', 'contains-personal-data'] });
    expect(domainError.message).not.toContain('agarcia');
  });
});
