import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '@tramita/kernel';
import { migrate, openDatabase } from '@tramita/platform';
import { postgresUrlBase, useFreshDatabases } from '@tramita/platform/testing-postgres';
import { User } from '../../domain/user.ts';
import type { AuthDatabase } from './database.ts';
import { PostgresUserRepository } from './user-repository.postgres.ts';

const now = new Date('2026-03-01T10:00:00.000Z');
const person = (username: string, roles: string[]) => User.create({ username, givenName: 'Ana', familyName: 'Pérez', roles, passwordHash: 'h' }, now);

describe.skipIf(!postgresUrlBase)('PostgresUserRepository on PostgreSQL', () => {
  const freshDatabase = useFreshDatabases();

  it('keeps one enabled administrator when two demote each other at the same time, over separate connections', async () => {
    const url = await freshDatabase('auth_admins');
    const database = await openDatabase<AuthDatabase>({ kind: 'postgres', url, poolSize: 4 });
    try {
      await migrate(database.db, [{ name: 'auth', directory: fileURLToPath(new URL('./migrations', import.meta.url)) }]);
      const repository = new PostgresUserRepository(database.db);
      await repository.add(person('ana', ['admin']));
      await repository.add(person('luis', ['admin', 'tecnico']));
      for (let round = 0; round < 5; round++) {
        const [ana, luis] = [(await repository.findByUsername('ana'))!, (await repository.findByUsername('luis'))!];
        ana.update({ roles: ['consulta'] }, now);
        luis.update({ enabled: false }, now);
        const outcomes = await Promise.allSettled([repository.save(ana), repository.save(luis)]);
        const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
        expect(refused).toHaveLength(1);
        expect(isDomainError((refused[0] as PromiseRejectedResult).reason) && (refused[0] as PromiseRejectedResult).reason.code).toBe('last-administrator');
        const admins = (await repository.list()).filter((user) => user.isActiveAdministrator);
        expect(admins).toHaveLength(1);
        // restore both for the next round
        for (const username of ['ana', 'luis']) {
          const user = (await repository.findByUsername(username))!;
          user.update({ roles: ['admin'], enabled: true }, now);
          await repository.save(user);
        }
      }
    } finally {
      await database.close();
    }
  });
});
