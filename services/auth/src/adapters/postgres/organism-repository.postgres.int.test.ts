import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '@tramita/platform';
import { postgresUrlBase, useFreshDatabases } from '@tramita/platform/testing-postgres';
import { User } from '../../domain/user.ts';
import type { AuthDatabase } from './database.ts';
import { PostgresOrganismRepository } from './organism-repository.postgres.ts';
import { PostgresUserRepository } from './user-repository.postgres.ts';

const now = new Date('2026-05-01T10:00:00.000Z');
const TOWN = 'L01280796';
const AGENCY = 'A01002820';
const UNIT = 'LA0012345';

describe.skipIf(!postgresUrlBase)('PostgresOrganismRepository on PostgreSQL', () => {
  const freshDatabase = useFreshDatabases();

  it('keeps organisms, units and memberships, one per user and organism, and forgets a deleted user’s memberships', async () => {
    const database = await openDatabase<AuthDatabase>({ kind: 'postgres', url: await freshDatabase('auth_organisms'), poolSize: 2 });
    try {
      await migrate(database.db, [{ name: 'auth', directory: fileURLToPath(new URL('./migrations', import.meta.url)) }]);
      const organisms = new PostgresOrganismRepository(database.db);
      const users = new PostgresUserRepository(database.db);
      for (const username of ['ana', 'luis']) {
        await users.add(User.create({ username, givenName: 'Ana', familyName: 'Pérez', roles: ['consulta'], passwordHash: 'h' }, now));
      }

      expect(await organisms.add({ code: TOWN, name: 'Ayuntamiento', active: true, createdAt: now })).toBe(true);
      expect(await organisms.add({ code: TOWN, name: 'Otra vez', active: true, createdAt: now })).toBe(false);
      await organisms.ensure({ code: TOWN, name: 'No la pisa', active: true, createdAt: now });
      await organisms.ensure({ code: AGENCY, name: 'Agencia', active: true, createdAt: now });
      await organisms.update({ code: AGENCY, name: 'Agencia de Prueba', active: false, createdAt: now });
      expect(await organisms.list()).toEqual([
        { code: AGENCY, name: 'Agencia de Prueba', active: false, createdAt: now },
        { code: TOWN, name: 'Ayuntamiento', active: true, createdAt: now },
      ]);

      expect(await organisms.addUnit({ organism: TOWN, code: UNIT, name: 'Urbanismo', active: true })).toBe(true);
      expect(await organisms.addUnit({ organism: TOWN, code: UNIT, name: 'Otra', active: true })).toBe(false);
      // The same unit code in another organism is another unit.
      expect(await organisms.addUnit({ organism: AGENCY, code: UNIT, name: 'Ajena', active: true })).toBe(true);
      await organisms.updateUnit({ organism: TOWN, code: UNIT, name: 'Urbanismo y Obras', active: false });
      expect(await organisms.units(TOWN)).toEqual([{ organism: TOWN, code: UNIT, name: 'Urbanismo y Obras', active: false }]);

      await organisms.setMembership('ana', { organism: TOWN, roles: ['admin'], units: [] });
      await organisms.setMembership('ana', { organism: TOWN, roles: ['tramitador', 'admin'], units: [UNIT] });
      await organisms.setMembership('ana', { organism: AGENCY, roles: ['consulta'], units: [] });
      await organisms.setMembership('luis', { organism: TOWN, roles: ['consulta'], units: [] });
      expect(await organisms.membershipsOf('ana')).toEqual([
        { organism: AGENCY, roles: ['consulta'], units: [] },
        { organism: TOWN, roles: ['tramitador', 'admin'], units: [UNIT] },
      ]);
      expect((await organisms.members(TOWN)).map((member) => [member.username, member.roles])).toEqual([
        ['ana', ['tramitador', 'admin']],
        ['luis', ['consulta']],
      ]);

      expect(await organisms.removeMembership('luis', TOWN)).toBe(true);
      expect(await organisms.removeMembership('luis', TOWN)).toBe(false);
      await sql`delete from users where username = 'ana'`.execute(database.db);
      expect(await organisms.members(TOWN)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('refuses in the database a code that is not DIR3 and a unit or membership of a missing organism', async () => {
    const database = await openDatabase<AuthDatabase>({ kind: 'postgres', url: await freshDatabase('auth_organisms'), poolSize: 2 });
    try {
      await migrate(database.db, [{ name: 'auth', directory: fileURLToPath(new URL('./migrations', import.meta.url)) }]);
      const organisms = new PostgresOrganismRepository(database.db);
      await new PostgresUserRepository(database.db).add(
        User.create({ username: 'ana', givenName: 'Ana', familyName: 'Pérez', roles: ['consulta'], passwordHash: 'h' }, now),
      );
      await expect(organisms.add({ code: '123', name: 'Mal', active: true, createdAt: now })).rejects.toThrow();
      await expect(organisms.addUnit({ organism: TOWN, code: UNIT, name: 'Huérfana', active: true })).rejects.toThrow();
      await expect(organisms.setMembership('ana', { organism: TOWN, roles: ['consulta'], units: [] })).rejects.toThrow();
      expect(await organisms.list()).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
