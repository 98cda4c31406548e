import { sql } from 'kysely';
import type { Actor } from '@tramita/kernel';
import type { SqlExecutor } from '@tramita/messaging';
import type { FileKey } from '../../domain/file-key.ts';
import { FileRelation, type RelationKind } from '../../domain/file-relation.ts';
import type { FileRelationRepository } from '../../domain/file-relation-repository.ts';

interface RelationRow {
  id: string;
  kind: RelationKind;
  from_organism: string;
  from_code: string;
  to_organism: string;
  to_code: string;
  created_at: Date | string;
  created_by: Actor | string;
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

const toRelation = (row: RelationRow): FileRelation =>
  FileRelation.restore({
    id: row.id,
    kind: row.kind,
    from: { organism: row.from_organism, code: row.from_code },
    to: { organism: row.to_organism, code: row.to_code },
    createdAt: new Date(row.created_at),
    createdBy: json(row.created_by),
  });

/** Relations between expedientes in PostgreSQL (migration 0007). */
export class PostgresFileRelationRepository implements FileRelationRepository {
  readonly #db: SqlExecutor;

  constructor(db: SqlExecutor) {
    this.#db = db;
  }

  async insert(relation: FileRelation): Promise<boolean> {
    const s = relation.state;
    // The unique pair_key makes a second copy of the relation (also a concurrent one) insert nothing.
    const result = await sql<{ id: string }>`insert into file_relations (id, kind, from_organism, from_code, to_organism, to_code, pair_key,
        created_at, created_by)
      values (${s.id}, ${s.kind}, ${s.from.organism}, ${s.from.code}, ${s.to.organism}, ${s.to.code}, ${relation.pairKey}, ${s.createdAt},
        ${JSON.stringify(s.createdBy)}::jsonb)
      on conflict (pair_key) do nothing
      returning id`.execute(this.#db);
    return result.rows.length === 1;
  }

  async findById(id: string): Promise<FileRelation | null> {
    const result = await sql<RelationRow>`select * from file_relations where id = ${id}`.execute(this.#db);
    return result.rows[0] ? toRelation(result.rows[0]) : null;
  }

  async remove(id: string): Promise<void> {
    await sql`delete from file_relations where id = ${id}`.execute(this.#db);
  }

  async countOf(file: FileKey): Promise<number> {
    const result = await sql<{ count: number | string }>`select count(*) as count from file_relations
      where (from_organism = ${file.organism} and from_code = ${file.code}) or (to_organism = ${file.organism} and to_code = ${file.code})`.execute(this.#db);
    return Number(result.rows[0]?.count ?? 0);
  }

  async listOf(file: FileKey, organisms: readonly string[] | null): Promise<FileRelation[]> {
    // Only relations whose other end is in the caller's organisms are read at all (ADR 0013).
    const visible = (side: 'from' | 'to') => (organisms === null ? sql`` : sql`and ${sql.ref(`${side}_organism`)} = any(${[...organisms]}::text[])`);
    const result = await sql<RelationRow>`select * from file_relations
      where (from_organism = ${file.organism} and from_code = ${file.code} ${visible('to')})
         or (to_organism = ${file.organism} and to_code = ${file.code} ${visible('from')})
      order by created_at, id`.execute(this.#db);
    return result.rows.map(toRelation);
  }
}
