import { beforeEach, describe, expect, it } from 'vitest';
import { steppingClock } from '@tramita/kernel';
import { InMemoryPasswordHasher } from '../adapters/in-memory/password-hasher.in-memory.ts';
import { InMemoryUserRepository } from '../adapters/in-memory/user-repository.in-memory.ts';
import { accessChangeReason, type AccessRevocations } from './access-revocations.ts';
import { createUser } from './create-user.ts';
import { updateUser } from './update-user.ts';

class RecordingRevocations implements AccessRevocations {
  readonly changes: { username: string; notBefore: Date; reason: string }[] = [];
  async userAccessChanged(username: string, notBefore: Date, reason: string): Promise<void> {
    this.changes.push({ username, notBefore, reason });
  }
  async accessTokenRevoked(): Promise<void> {}
}

describe('accessChangeReason', () => {
  const worker = { enabled: true, roles: ['tramitador'] };
  it('names what takes access away', () => {
    expect(accessChangeReason(worker, { ...worker, enabled: false }, false)).toBe('disabled');
    expect(accessChangeReason(worker, { ...worker, roles: ['consulta'] }, false)).toBe('roles-changed');
    expect(accessChangeReason(worker, { ...worker, roles: ['tramitador', 'admin'] }, false)).toBe('roles-changed');
    expect(accessChangeReason(worker, worker, true)).toBe('password-changed');
    expect(accessChangeReason(worker, { ...worker, roles: ['consulta'] }, true)).toBe('password-changed');
    expect(accessChangeReason(worker, { enabled: false, roles: ['consulta'] }, true)).toBe('disabled');
  });

  it('ignores what does not: same roles in another order, enabling a user, names', () => {
    expect(accessChangeReason({ enabled: true, roles: ['a', 'b'] }, { enabled: true, roles: ['b', 'a'] }, false)).toBeUndefined();
    expect(accessChangeReason({ ...worker, enabled: false }, worker, false)).toBeUndefined();
  });
});

describe('updateUser announces access changes', () => {
  let revocations: RecordingRevocations;
  let deps: Parameters<typeof updateUser>[0];

  beforeEach(async () => {
    revocations = new RecordingRevocations();
    deps = { users: new InMemoryUserRepository(), hasher: new InMemoryPasswordHasher(), clock: steppingClock(new Date('2026-02-01T09:00:00Z')), revocations };
    await createUser(deps, {
      username: 'lucia',
      givenName: 'Lucía',
      familyName: 'Martínez Romero',
      roles: ['tramitador'],
      password: 'Caracol-Bermejo-Doce-58',
    });
  });

  it('with the saved updatedAt as notBefore when a user is demoted or disabled', async () => {
    const demoted = await updateUser(deps, 'lucia', { roles: ['consulta'] });
    const disabled = await updateUser(deps, 'lucia', { enabled: false });
    expect(revocations.changes).toEqual([
      { username: 'lucia', notBefore: new Date(demoted.updatedAt), reason: 'roles-changed' },
      { username: 'lucia', notBefore: new Date(disabled.updatedAt), reason: 'disabled' },
    ]);
  });

  it('not for a change of names', async () => {
    await updateUser(deps, 'lucia', { givenName: 'Lucía María' });
    expect(revocations.changes).toEqual([]);
  });

  it('not when the change is refused', async () => {
    await expect(updateUser(deps, 'lucia', { password: 'lucialucialucia' })).rejects.toMatchObject({ code: 'weak-password' });
    expect(revocations.changes).toEqual([]);
  });
});
