import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { SqlExecutor, TransactionalDatabase } from '@tramita/messaging';

/** A named, ordered set of forward-only SQL migrations (files named `NNNN_title.sql`). */
export interface MigrationSet {
  name: string;
  directory: string;
}

const FILE = /^(\d{4})_[a-z0-9_-]+\.sql$/;

/**
 * Applies every migration not yet applied, each in its own transaction, in order. Sets are
 * independent (the messaging tables and a service's own tables evolve separately).
 */
export async function migrate(db: SqlExecutor & TransactionalDatabase<SqlExecutor>, sets: MigrationSet[]): Promise<string[]> {
  await sql`create table if not exists schema_migrations (
    set_name text not null,
    version integer not null,
    file_name text not null,
    applied_at timestamptz not null default now(),
    primary key (set_name, version)
  )`.execute(db);
  const applied: string[] = [];
  for (const set of sets) {
    const files = (await readdir(set.directory)).filter((f) => FILE.test(f)).sort();
    const done = await sql<{ version: number }>`select version from schema_migrations where set_name = ${set.name}`.execute(db);
    const doneVersions = new Set(done.rows.map((r) => Number(r.version)));
    for (const file of files) {
      const version = Number(file.slice(0, 4));
      if (doneVersions.has(version)) continue;
      const text = await readFile(join(set.directory, file), 'utf8');
      await db.transaction().execute(async (trx) => {
        await sql.raw(text).execute(trx);
        await sql`insert into schema_migrations (set_name, version, file_name) values (${set.name}, ${version}, ${file})`.execute(trx);
      });
      applied.push(`${set.name}/${file}`);
    }
  }
  return applied;
}
