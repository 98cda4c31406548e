import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe } from 'vitest';
import { migrate, openDatabase, type Database } from '@tramita/platform';
import { postgresUrlBase, useFreshDatabases } from '@tramita/platform/testing-postgres';
import { legalTimeStoresContract, sqlLegalTimeStoresContract, type SqlLegalTimeStores } from '../legal-time-stores.contract.ts';
import { PostgresCalendarRepository } from './calendar-repository.postgres.ts';
import { PostgresNoticeRepository } from './notice-repository.postgres.ts';
import { PostgresPlazoRepository } from './plazo-repository.postgres.ts';
import type { BpmDatabase } from './schema.ts';

const migrations = [{ name: 'bpm', directory: fileURLToPath(new URL('./migrations', import.meta.url)) }];

/**
 * The same suite against a real PostgreSQL server (`npm run test:infra` sets TRAMITA_TEST_PG_URL_BASE),
 * plus what only a server with several connections shows: two transactions claiming at once.
 */
describe.skipIf(!postgresUrlBase)('legal-time stores on PostgreSQL', () => {
  const freshDatabase = useFreshDatabases();
  let database: Database<BpmDatabase> | undefined;

  afterAll(async () => {
    await database?.close();
  });

  /** One migrated database for the suite, emptied before each test; two connections so transactions can overlap. */
  async function emptied(): Promise<SqlLegalTimeStores> {
    if (!database) {
      database = await openDatabase<BpmDatabase>({ kind: 'postgres', url: await freshDatabase('bpm_legal_time'), poolSize: 3 });
      await migrate(database.db, migrations);
    }
    await sql`truncate processes, plazos, plazo_contexts, calendar_settings, calendar_corrections, notices, notice_reads cascade`.execute(database.db);
    return storesOver(database.db);
  }

  legalTimeStoresContract('PostgreSQL server', emptied);
  sqlLegalTimeStoresContract('PostgreSQL server', emptied, { concurrentTransactions: true });
});

function storesOver(db: Kysely<BpmDatabase>): SqlLegalTimeStores {
  return {
    plazos: new PostgresPlazoRepository(db),
    calendars: new PostgresCalendarRepository(db),
    notices: new PostgresNoticeRepository(db),
    // A plain row, as the process store would write it: the plazos and contexts reference it.
    addProcess: async ({ processId, organism, startedAt, finished }) => {
      await sql`insert into processes (process_id, file_code, organism, procedure_code, procedure_version, phase_code, finished, started_at, updated_at, version)
        values (${processId}, ${`EXP-${processId}`}, ${organism}, 'EXPEDIENTE', 1, 'INICIAL', ${finished}, ${startedAt}, ${startedAt}, 1)`.execute(db);
    },
    plazoColumns: async (plazoId) => {
      const row = await db.selectFrom('plazos').select(['state', 'ends_at', 'due_status']).where('plazo_id', '=', plazoId).executeTakeFirst();
      return row ? { state: row.state, endsAt: row.ends_at, dueStatus: row.due_status } : null;
    },
    inTransaction: (work) => db.transaction().execute((trx) => work(new PostgresPlazoRepository(trx))),
  };
}
