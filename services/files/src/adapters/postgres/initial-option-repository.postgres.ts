import { sql } from 'kysely';
import type { SqlExecutor } from '@tramita/messaging';
import type { CatalogueReach, InitialOption, InitialOptionRepository } from '../../domain/initial-option.ts';

interface OptionRow {
  code: string;
  name: string;
  procedure_code: string | null;
  active: boolean;
  organism: string | null;
}

const toOption = (row: OptionRow): InitialOption => ({
  code: row.code,
  name: row.name,
  procedureCode: row.procedure_code,
  active: row.active,
  organism: row.organism,
});

export class PostgresInitialOptionRepository implements InitialOptionRepository {
  readonly #db: SqlExecutor;

  constructor(db: SqlExecutor) {
    this.#db = db;
  }

  async listActive(reach: CatalogueReach): Promise<InitialOption[]> {
    // The reach is applied in the query: another organism's options never leave the database.
    const visible = reach === 'all' ? sql`true` : sql`(organism is null or organism = any(${[...reach]}::text[]))`;
    const result = await sql<OptionRow>`select code, name, procedure_code, active, organism from initial_options
      where active and ${visible} order by name, code`.execute(this.#db);
    return result.rows.map(toOption);
  }

  async findActive(code: string, organism: string): Promise<InitialOption | null> {
    const result = await sql<OptionRow>`select code, name, procedure_code, active, organism from initial_options
      where code = ${code} and active and (organism is null or organism = ${organism})
      order by organism nulls first limit 1`.execute(this.#db);
    return result.rows[0] ? toOption(result.rows[0]) : null;
  }

  async add(option: InitialOption): Promise<boolean> {
    // The lock serialises additions (reads go on): the check below and the insert see the same catalogue.
    await sql`lock table initial_options in share row exclusive mode`.execute(this.#db);
    const taken = await sql<{ code: string }>`select code from initial_options
      where code = ${option.code} and (${option.organism}::text is null or organism is null or organism = ${option.organism})
      limit 1`.execute(this.#db);
    if (taken.rows.length > 0) return false;
    await sql`insert into initial_options (code, name, procedure_code, active, organism)
      values (${option.code}, ${option.name}, ${option.procedureCode}, ${option.active}, ${option.organism})`.execute(this.#db);
    return true;
  }
}
