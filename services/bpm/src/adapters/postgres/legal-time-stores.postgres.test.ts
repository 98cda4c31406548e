import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { afterAll } from 'vitest';
import { migrate, openDatabase, type Database } from '@tramita/platform';
import { legalTimeStoresContract, sqlLegalTimeStoresContract, type SqlLegalTimeStores } from '../legal-time-stores.contract.ts';
import { PostgresCalendarRepository } from './calendar-repository.postgres.ts';
import { PostgresNoticeRepository } from './notice-repository.postgres.ts';
import { PostgresPlazoRepository } from './plazo-repository.postgres.ts';
import type { BpmDatabase } from './schema.ts';

const migrations = [{ name: 'bpm', directory: fileURLToPath(new URL('./migrations', import.meta.url)) }];
let database: Database<BpmDatabase> | undefined;

afterAll(async () => {
  await database?.close();
});

/**
 * One migrated in-memory database (PGlite: the real SQL engine, one connection) for the file,
 * emptied before each test: a fresh engine per test would take a second each.
 */
async function emptied(): Promise<SqlLegalTimeStores> {
  if (!database) {
    database = await openDatabase<BpmDatabase>({ kind: 'memory' });
    await migrate(database.db, migrations);
  }
  await sql`truncate processes, plazos, plazo_contexts, calendar_settings, calendar_corrections, notices, notice_reads cascade`.execute(database.db);
  return storesOver(database.db);
}

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

legalTimeStoresContract('PGlite', emptied);
// One connection: two transactions cannot overlap, so the concurrent claim runs on the real server only.
sqlLegalTimeStoresContract('PGlite', emptied, { concurrentTransactions: false });
