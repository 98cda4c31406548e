import { sql } from 'kysely';
import type { Actor, IdentityDocumentKind } from '@tramita/kernel';
import type { SqlExecutor } from '@tramita/messaging';
import type { FileKey } from '../../domain/file-key.ts';
import {
  Interesado,
  type ContactChannel,
  type InteresadoChange,
  type InteresadoHistoryEntry,
  type InteresadoRole,
  type InteresadoState,
  type PostalAddress,
} from '../../domain/interesado.ts';
import type { InteresadoRepository } from '../../domain/interesado-repository.ts';

interface InteresadoRow {
  id: string;
  organism: string;
  file_code: string;
  document: string;
  document_kind: IdentityDocumentKind;
  name: string;
  role: InteresadoRole;
  channel: ContactChannel;
  email: string | null;
  phone: string | null;
  address: PostalAddress | string | null;
  version: number;
  added_at: Date | string;
  added_by: Actor | string;
  updated_at: Date | string;
  updated_by: Actor | string;
}

/** A snapshot as the history stores it (dates as ISO strings). */
type StoredState = Omit<InteresadoState, 'addedAt' | 'updatedAt'> & { addedAt: string; updatedAt: string };

interface HistoryRow {
  interesado_id: string;
  organism: string;
  file_code: string;
  change: InteresadoChange;
  at: Date | string;
  by_actor: Actor | string;
  before: StoredState | string | null;
  after: StoredState | string | null;
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

const toState = (row: InteresadoRow): InteresadoState => ({
  id: row.id,
  fileCode: row.file_code,
  organism: row.organism,
  document: row.document,
  documentKind: row.document_kind,
  name: row.name,
  role: row.role,
  channel: row.channel,
  email: row.email,
  phone: row.phone,
  address: row.address === null ? null : json(row.address),
  version: Number(row.version),
  addedAt: new Date(row.added_at),
  addedBy: json(row.added_by),
  updatedAt: new Date(row.updated_at),
  updatedBy: json(row.updated_by),
});

const fromStored = (stored: StoredState | string | null): InteresadoState | null => {
  if (stored === null) return null;
  const state = json(stored);
  return { ...state, addedAt: new Date(state.addedAt), updatedAt: new Date(state.updatedAt) };
};

const addressJson = (address: PostalAddress | null): string | null => (address === null ? null : JSON.stringify(address));
const stored = (state: InteresadoState | null): string | null => (state === null ? null : JSON.stringify(state));

/** Interesados and their history in PostgreSQL (migration 0006). */
export class PostgresInteresadoRepository implements InteresadoRepository {
  readonly #db: SqlExecutor;

  constructor(db: SqlExecutor) {
    this.#db = db;
  }

  async listByFile(file: FileKey): Promise<Interesado[]> {
    const result = await sql<InteresadoRow>`select * from interesados where organism = ${file.organism} and file_code = ${file.code}
      order by added_at, id`.execute(this.#db);
    return result.rows.map((row) => Interesado.restore(toState(row)));
  }

  async findById(id: string): Promise<Interesado | null> {
    const result = await sql<InteresadoRow>`select * from interesados where id = ${id}`.execute(this.#db);
    return result.rows[0] ? Interesado.restore(toState(result.rows[0])) : null;
  }

  async insert(interesado: Interesado): Promise<boolean> {
    const s = interesado.state;
    const result = await sql<{ id: string }>`insert into interesados (id, organism, file_code, document, document_kind, name, role, channel,
        email, phone, address, version, added_at, added_by, updated_at, updated_by)
      values (${s.id}, ${s.organism}, ${s.fileCode}, ${s.document}, ${s.documentKind}, ${s.name}, ${s.role}, ${s.channel}, ${s.email},
        ${s.phone}, ${addressJson(s.address)}::jsonb, ${s.version}, ${s.addedAt}, ${JSON.stringify(s.addedBy)}::jsonb, ${s.updatedAt},
        ${JSON.stringify(s.updatedBy)}::jsonb)
      on conflict (organism, file_code, document) do nothing
      returning id`.execute(this.#db);
    return result.rows.length === 1;
  }

  async update(interesado: Interesado): Promise<void> {
    const s = interesado.state;
    const result = await sql`update interesados set document = ${s.document}, document_kind = ${s.documentKind}, name = ${s.name}, role = ${s.role},
        channel = ${s.channel}, email = ${s.email}, phone = ${s.phone}, address = ${addressJson(s.address)}::jsonb, version = ${s.version},
        updated_at = ${s.updatedAt}, updated_by = ${JSON.stringify(s.updatedBy)}::jsonb
      where id = ${s.id}`.execute(this.#db);
    if (Number(result.numAffectedRows ?? 0) !== 1) throw new Error(`Interesado ${s.id} vanished while saving`);
  }

  async remove(id: string): Promise<void> {
    await sql`delete from interesados where id = ${id}`.execute(this.#db);
  }

  async appendHistory(entry: InteresadoHistoryEntry): Promise<void> {
    await sql`insert into interesado_history (interesado_id, organism, file_code, change, at, by_actor, before, after)
      values (${entry.interesadoId}, ${entry.organism}, ${entry.fileCode}, ${entry.change}, ${entry.at}, ${JSON.stringify(entry.by)}::jsonb,
        ${stored(entry.before)}::jsonb, ${stored(entry.after)}::jsonb)`.execute(this.#db);
  }

  async history(file: FileKey): Promise<InteresadoHistoryEntry[]> {
    const result = await sql<HistoryRow>`select * from interesado_history where organism = ${file.organism} and file_code = ${file.code}
      order by seq`.execute(this.#db);
    return result.rows.map((row) => ({
      interesadoId: row.interesado_id,
      organism: row.organism,
      fileCode: row.file_code,
      change: row.change,
      at: new Date(row.at),
      by: json(row.by_actor),
      before: fromStored(row.before),
      after: fromStored(row.after),
    }));
  }

  async searchByDocument(document: string, organisms: readonly string[] | null, limit: number): Promise<Interesado[]> {
    // The caller's organisms are part of the query: rows of other organisms are never read.
    const scope = organisms === null ? sql`` : sql`and organism = any(${[...organisms]}::text[])`;
    const result = await sql<InteresadoRow>`select * from interesados where document = ${document} ${scope}
      order by added_at desc, id desc limit ${limit}`.execute(this.#db);
    return result.rows.map((row) => Interesado.restore(toState(row)));
  }
}
