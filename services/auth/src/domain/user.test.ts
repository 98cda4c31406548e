import { describe, expect, it } from 'vitest';
import { isDomainError } from '@tramita/kernel';
import { assertAcceptablePassword } from './password-policy.ts';
import { parseRoles, User, USER_ROLES } from './user.ts';

const now = new Date('2026-01-15T10:00:00Z');
const later = new Date('2026-01-16T10:00:00Z');
const valid = { username: 'agat', givenName: 'Antonio', familyName: 'Gat Alba', roles: ['tramitador'], passwordHash: 'h' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isDomainError(error) ? error.code : 'not-a-domain-error';
  }
  return undefined;
}

describe('User', () => {
  it('is created enabled, with a lowercase trimmed user name and trimmed names', () => {
    const user = User.create({ ...valid, username: '  Agat ', givenName: ' Antonio ' }, now);
    expect(user.username).toBe('agat');
    expect(user.givenName).toBe('Antonio');
    expect(user.enabled).toBe(true);
    expect(user.snapshot().createdAt).toEqual(now);
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows its name as "Apellidos, Nombre" and its full name as "Nombre Apellidos"', () => {
    const user = User.create(valid, now);
    expect(user.displayName).toBe('Gat Alba, Antonio');
    expect(user.fullName).toBe('Antonio Gat Alba');
  });

  it.each(['ab', 'a'.repeat(33), 'con espacio', 'ñandú', 'user@x', ''])('rejects the user name %j', (username) => {
    expect(codeOf(() => User.create({ ...valid, username }, now))).toBe('invalid-username');
  });

  it.each(['abc', 'a.b_c-9', 'x'.repeat(32)])('accepts the user name %j', (username) => {
    expect(User.create({ ...valid, username }, now).username).toBe(username);
  });

  it('rejects empty or overlong names', () => {
    expect(codeOf(() => User.create({ ...valid, givenName: '  ' }, now))).toBe('invalid-name');
    expect(codeOf(() => User.create({ ...valid, familyName: 'x'.repeat(101) }, now))).toBe('invalid-name');
  });

  it('rejects unknown roles and keeps known ones in canonical order without duplicates', () => {
    expect(codeOf(() => User.create({ ...valid, roles: ['tramitador', 'jefe'] }, now))).toBe('unknown-role');
    expect(parseRoles(['admin', 'tramitador', 'admin'])).toEqual(['tramitador', 'admin']);
    expect(parseRoles([...USER_ROLES].reverse())).toEqual([...USER_ROLES]);
  });

  it('updates names, roles and the enabled flag and records when', () => {
    const user = User.create(valid, now);
    user.update({ givenName: 'Toni', familyName: 'Gat', roles: ['admin'], enabled: false }, later);
    const s = user.snapshot();
    expect([s.givenName, s.familyName, s.roles, s.enabled, s.updatedAt]).toEqual(['Toni', 'Gat', ['admin'], false, later]);
    expect(s.createdAt).toEqual(now);
  });

  it('leaves the user unchanged when an update is invalid', () => {
    const user = User.create(valid, now);
    expect(codeOf(() => user.update({ givenName: 'Otro', roles: ['nope'] }, later))).toBe('unknown-role');
    expect(user.givenName).toBe('Antonio');
    expect(user.roles).toEqual(['tramitador']);
  });

  it('changes its password hash', () => {
    const user = User.create(valid, now);
    user.changePasswordHash('new-hash', later);
    expect(user.passwordHash).toBe('new-hash');
    expect(user.snapshot().updatedAt).toEqual(later);
  });

  it('restores from a snapshot without sharing the roles array', () => {
    const snapshot = User.create(valid, now).snapshot();
    const restored = User.restore(snapshot);
    snapshot.roles.push('admin');
    expect(restored.roles).toEqual(['tramitador']);
    expect(restored.familyName).toBe('Gat Alba');
  });
});

describe('password policy', () => {
  const owner = { username: 'agat' };
  it('refuses passwords shorter than 12 characters', () => {
    expect(codeOf(() => assertAcceptablePassword('corta-11chr', owner))).toBe('weak-password');
  });

  it('refuses absurdly long passwords', () => {
    expect(codeOf(() => assertAcceptablePassword('xy'.repeat(100) + 'z'.repeat(57) + 'abc', owner))).toBe('weak-password');
  });

  it('accepts 12 characters', () => {
    expect(codeOf(() => assertAcceptablePassword('doce-letras!', owner))).toBeUndefined();
  });
});

describe('names and roles', () => {
  const now = new Date('2026-03-01T10:00:00.000Z');
  const create = (changes: Record<string, unknown>) => () =>
    User.create({ username: 'ana', givenName: 'Ana', familyName: 'Pérez', roles: ['consulta'], passwordHash: 'h', ...changes }, now);

  it('keeps real names: accents, ñ, apostrophes, hyphens, spaces', () => {
    expect(create({ givenName: 'María José', familyName: "O'Neill-Núñez de la Peña" })().familyName).toBe("O'Neill-Núñez de la Peña");
  });

  it.each([
    ['an ANSI escape', 'Ana\u001b[31m'],
    ['a control character', 'Ana\u0007'],
    ['a bidi override', 'Ana\u202eacirémA'],
    ['a bidi isolate', 'Ana\u2066x\u2069'],
    ['a zero-width joiner', 'A\u200dna'],
    ['a line separator', 'Ana\u2028Luis'],
    ['no letters at all', '12345'],
  ])('refuses a name with %s', (_what, name) => {
    expect(codeOf(create({ givenName: name }))).toBe('invalid-name');
  });

  it('refuses a user without roles, at creation and on change', () => {
    expect(codeOf(create({ roles: [] }))).toBe('roles-required');
    const user = create({})();
    expect(codeOf(() => user.update({ roles: [] }, now))).toBe('roles-required');
  });

  it("lets a member of another organism hold no role in the platform's own, at creation and on change", () => {
    expect(create({ roles: [], memberElsewhere: true })().roles).toEqual([]);
    const user = create({})();
    user.update({ roles: [], memberElsewhere: true }, later);
    expect(user.roles).toEqual([]);
    expect(codeOf(() => user.update({ roles: [], memberElsewhere: false }, later))).toBe('roles-required');
  });
});
