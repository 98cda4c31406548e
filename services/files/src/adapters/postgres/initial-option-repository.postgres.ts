import { sql } from 'kysely';
import type { SqlExecutor } from '@tramita/messaging';
import type { InitialOption, InitialOptionRepository } from '../../domain/initial-option.ts';

interface OptionRow {
  code: string;
  name: string;
  procedure_code: string | null;
  active: boolean;
}

const toOption = (row: OptionRow): InitialOption => ({ code: row.code, name: row.name, procedureCode: row.procedure_code, active: row.active });

export class PostgresInitialOptionRepository implements InitialOptionRepository {
  readonly #db: SqlExecutor;

  constructor(db: SqlExecutor) {
    this.#db = db;
  }

  async listActive(): Promise<InitialOption[]> {
    const result = await sql<OptionRow>`select code, name, procedure_code, active from initial_options where active order by name, code`.execute(this.#db);
    return result.rows.map(toOption);
  }

  async findActive(code: string): Promise<InitialOption | null> {
    const result = await sql<OptionRow>`select code, name, procedure_code, active from initial_options where code = ${code} and active`.execute(this.#db);
    return result.rows[0] ? toOption(result.rows[0]) : null;
  }

  async add(option: InitialOption): Promise<boolean> {
    const result = await sql`insert into initial_options (code, name, procedure_code, active)
      values (${option.code}, ${option.name}, ${option.procedureCode}, ${option.active})
      on conflict (code) do nothing returning code`.execute(this.#db);
    return result.rows.length === 1;
  }
}
