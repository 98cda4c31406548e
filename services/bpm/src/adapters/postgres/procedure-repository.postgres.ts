import { sql } from 'kysely';
import { Procedure } from '../../domain/procedure.ts';
import type { CatalogueReach, ProcedureRepository, ProcedureSummary } from '../../domain/procedure-repository.ts';
import type { BpmDb } from './schema.ts';

/** Procedure definitions in the procedures, procedure_phases and procedure_transitions tables. */
export class PostgresProcedureRepository implements ProcedureRepository {
  readonly #db: BpmDb;

  constructor(db: BpmDb) {
    this.#db = db;
  }

  async list(reach: CatalogueReach): Promise<ProcedureSummary[]> {
    let query = this.#db.selectFrom('procedures').select(['code', 'version', 'name', 'organism']);
    // The reach is applied in the query: another organism's procedures never leave the database.
    if (reach !== 'all') query = query.where((eb) => eb.or([eb('organism', 'is', null), ...(reach.length > 0 ? [eb('organism', 'in', [...reach])] : [])]));
    const rows = await query.orderBy('code').orderBy('version').execute();
    const summaries = new Map<string, ProcedureSummary>();
    for (const row of rows) {
      const summary = summaries.get(row.code) ?? { code: row.code, name: row.name, latestVersion: 0, versions: [], organism: row.organism };
      summary.name = row.name;
      summary.latestVersion = Number(row.version);
      summary.versions.push(Number(row.version));
      summaries.set(row.code, summary);
    }
    return [...summaries.values()];
  }

  async ownerOf(code: string): Promise<{ organism: string | null } | null> {
    const row = await this.#db.selectFrom('procedures').select('organism').where('code', '=', code).orderBy('version', 'desc').limit(1).executeTakeFirst();
    return row ? { organism: row.organism } : null;
  }

  async find(code: string, version?: number): Promise<Procedure | null> {
    let query = this.#db.selectFrom('procedures').select(['code', 'version', 'name']).where('code', '=', code);
    query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
    const head = await query.executeTakeFirst();
    if (!head) return null;
    const phases = await this.#db
      .selectFrom('procedure_phases')
      .select(['code', 'name', 'ordering', 'initial', 'terminal'])
      .where('procedure_code', '=', head.code)
      .where('procedure_version', '=', head.version)
      .orderBy('ordering')
      .execute();
    const transitions = await this.#db
      .selectFrom('procedure_transitions')
      .select(['from_phase', 'to_phase', 'role', 'unit'])
      .where('procedure_code', '=', head.code)
      .where('procedure_version', '=', head.version)
      .orderBy('from_phase')
      .orderBy('to_phase')
      .execute();
    return Procedure.restore({
      code: head.code,
      version: Number(head.version),
      name: head.name,
      phases: phases.map((p) => ({ ...p, ordering: Number(p.ordering) })),
      transitions: transitions.map((t) => ({ from: t.from_phase, to: t.to_phase, role: t.role, ...(t.unit ? { unit: t.unit } : {}) })),
    });
  }

  async add(procedure: Procedure, organism: string | null): Promise<boolean> {
    const inserted = await this.#db
      .insertInto('procedures')
      .values({ code: procedure.code, version: procedure.version, name: procedure.name, published_at: sql<Date>`now()`, organism })
      .onConflict((oc) => oc.columns(['code', 'version']).doNothing())
      .returning('code')
      .executeTakeFirst();
    if (!inserted) return false;
    await this.#db
      .insertInto('procedure_phases')
      .values(procedure.phases.map((p) => ({ procedure_code: procedure.code, procedure_version: procedure.version, ...p })))
      .execute();
    if (procedure.transitions.length > 0) {
      await this.#db
        .insertInto('procedure_transitions')
        .values(
          procedure.transitions.map((t) => ({
            procedure_code: procedure.code,
            procedure_version: procedure.version,
            from_phase: t.from,
            to_phase: t.to,
            role: t.role,
            unit: t.unit ?? null,
          })),
        )
        .execute();
    }
    return true;
  }
}
