import type { FileKey } from '../../domain/file-key.ts';
import { Interesado, type InteresadoHistoryEntry, type InteresadoState } from '../../domain/interesado.ts';
import type { InteresadoRepository } from '../../domain/interesado-repository.ts';

interface Rows {
  interesados: Map<string, InteresadoState>;
  history: InteresadoHistoryEntry[];
}

const ofFile = (file: FileKey) => (row: { organism: string; fileCode: string }) => row.organism === file.organism && row.fileCode === file.code;
const byAdded = (a: InteresadoState, b: InteresadoState) => a.addedAt.getTime() - b.addedAt.getTime() || a.id.localeCompare(b.id);

/** Interesados in memory, for unit tests; behaves as the PostgreSQL one. `snapshot`/`restore` let a fake transaction roll back. */
export class InMemoryInteresadoRepository implements InteresadoRepository {
  rows: Rows = { interesados: new Map(), history: [] };

  async listByFile(file: FileKey): Promise<Interesado[]> {
    return [...this.rows.interesados.values()]
      .filter(ofFile(file))
      .sort(byAdded)
      .map((state) => Interesado.restore(state));
  }

  async findById(id: string): Promise<Interesado | null> {
    const row = this.rows.interesados.get(id);
    return row ? Interesado.restore(row) : null;
  }

  async insert(interesado: Interesado): Promise<boolean> {
    const s = interesado.state;
    const taken = [...this.rows.interesados.values()].some((row) => ofFile({ organism: s.organism, code: s.fileCode })(row) && row.document === s.document);
    if (taken || this.rows.interesados.has(s.id)) return false;
    this.rows.interesados.set(s.id, s);
    return true;
  }

  async update(interesado: Interesado): Promise<void> {
    if (!this.rows.interesados.has(interesado.id)) throw new Error(`Interesado ${interesado.id} vanished while saving`);
    this.rows.interesados.set(interesado.id, interesado.state);
  }

  async remove(id: string): Promise<void> {
    this.rows.interesados.delete(id);
  }

  async appendHistory(entry: InteresadoHistoryEntry): Promise<void> {
    this.rows.history.push(structuredClone(entry));
  }

  async history(file: FileKey): Promise<InteresadoHistoryEntry[]> {
    return structuredClone(this.rows.history.filter(ofFile(file)));
  }

  async searchByDocument(document: string, organisms: readonly string[] | null, limit: number): Promise<Interesado[]> {
    return [...this.rows.interesados.values()]
      .filter((row) => row.document === document && (organisms === null || organisms.includes(row.organism)))
      .sort((a, b) => byAdded(b, a))
      .slice(0, limit)
      .map((state) => Interesado.restore(state));
  }

  snapshot(): Rows {
    return structuredClone(this.rows);
  }

  restore(rows: Rows): void {
    this.rows = rows;
  }
}
