import { sql } from 'kysely';
import { Procedure, type PhaseDefinition, type TransitionDefinition } from '../../domain/procedure.ts';
import type { ProcessModel } from '@tramita/bpmn';
import type { BpmnSource, CatalogueReach, ProcedureRepository, ProcedureSummary } from '../../domain/procedure-repository.ts';
import type { BpmDb } from './schema.ts';

/** The shared catalogue is stored as '' (a key column cannot be null). */
const SHARED = '';
const stored = (catalogue: string | null): string => catalogue ?? SHARED;
const catalogueOf = (stored: string): string | null => (stored === SHARED ? null : stored);

interface StoredDefinition {
  phases: PhaseDefinition[];
  transitions: TransitionDefinition[];
}

/** Procedure definitions in procedure_versions: one row per catalogue, code and version (migration 0007). */
export class PostgresProcedureRepository implements ProcedureRepository {
  readonly #db: BpmDb;

  constructor(db: BpmDb) {
    this.#db = db;
  }

  async list(reach: CatalogueReach): Promise<ProcedureSummary[]> {
    let query = this.#db.selectFrom('procedure_versions').select(['catalogue', 'code', 'version', 'name', 'content_sha256']);
    // The reach is applied in the query: another organism's procedures never leave the database.
    if (reach !== 'all') query = query.where('catalogue', 'in', [SHARED, ...reach]);
    const rows = await query.orderBy('code').orderBy('catalogue').orderBy('version').execute();
    const summaries = new Map<string, ProcedureSummary>();
    for (const row of rows) {
      const key = `${row.catalogue}\u0000${row.code}`;
      const summary: ProcedureSummary = summaries.get(key) ?? {
        code: row.code,
        name: row.name,
        latestVersion: 0,
        versions: [],
        organism: catalogueOf(row.catalogue),
        format: 'phases',
      };
      summary.name = row.name;
      summary.format = row.content_sha256 === null ? 'phases' : 'bpmn';
      summary.latestVersion = Number(row.version);
      summary.versions.push(Number(row.version));
      summaries.set(key, summary);
    }
    return [...summaries.values()];
  }

  async cataloguesOf(code: string): Promise<(string | null)[]> {
    const rows = await this.#db.selectFrom('procedure_versions').select('catalogue').distinct().where('code', '=', code).orderBy('catalogue').execute();
    return rows.map((row) => catalogueOf(row.catalogue));
  }

  async find(code: string, catalogue: string | null, version?: number): Promise<Procedure | null> {
    let query = this.#db
      .selectFrom('procedure_versions')
      .select(['code', 'version', 'name', 'definition'])
      .where('catalogue', '=', stored(catalogue))
      .where('code', '=', code);
    query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
    const row = await query.executeTakeFirst();
    if (!row) return null;
    const definition = row.definition as StoredDefinition;
    return Procedure.restore({ code: row.code, version: Number(row.version), name: row.name, phases: definition.phases, transitions: definition.transitions });
  }

  async findBpmn(code: string, catalogue: string | null, version: number): Promise<BpmnSource | null> {
    const row = await this.#db
      .selectFrom('procedure_versions')
      .select(['bpmn_xml', 'bpmn_model', 'content_sha256'])
      .where('catalogue', '=', stored(catalogue))
      .where('code', '=', code)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row || row.bpmn_xml === null || row.content_sha256 === null) return null;
    return { xml: row.bpmn_xml, model: row.bpmn_model as ProcessModel, sha256: row.content_sha256 };
  }

  async add(procedure: Procedure, catalogue: string | null, bpmn?: BpmnSource): Promise<boolean> {
    const { phases, transitions } = procedure.toData();
    const definition: StoredDefinition = {
      phases,
      transitions: transitions.map((t) => ({ from: t.from, to: t.to, role: t.role, ...(t.unit ? { unit: t.unit } : {}) })),
    };
    const inserted = await this.#db
      .insertInto('procedure_versions')
      .values({
        catalogue: stored(catalogue),
        code: procedure.code,
        version: procedure.version,
        name: procedure.name,
        definition: JSON.stringify(definition),
        published_at: sql<Date>`now()`,
        bpmn_xml: bpmn?.xml ?? null,
        bpmn_model: bpmn ? JSON.stringify(bpmn.model) : null,
        content_sha256: bpmn?.sha256 ?? null,
      })
      .onConflict((oc) => oc.columns(['catalogue', 'code', 'version']).doNothing())
      .returning('code')
      .executeTakeFirst();
    return inserted !== undefined;
  }
}
