import { Expediente, type ExpedienteState } from '../../domain/expediente.ts';
import type { FileRepository } from '../../domain/file-repository.ts';

/** Codes are unique per organism (ADR 0013). */
const keyOf = (code: string, organism: string) => `${organism}\u0000${code}`;

/** Expedientes in a map, for unit tests. `snapshot`/`restore` let a fake transaction roll back. */
export class InMemoryFileRepository implements FileRepository {
  rows = new Map<string, ExpedienteState>();

  async findByCode(code: string, organism: string): Promise<Expediente | null> {
    const row = this.rows.get(keyOf(code, organism));
    return row ? Expediente.restore(row) : null;
  }

  async organismsHolding(code: string): Promise<string[]> {
    return [...this.rows.values()]
      .filter((row) => row.code === code && row.status !== 'creating')
      .map((row) => row.organism)
      .sort();
  }

  async findReservation(code: string, sagaId: string): Promise<Expediente | null> {
    const row = [...this.rows.values()].find((r) => r.code === code && r.sagaId === sagaId);
    return row ? Expediente.restore(row) : null;
  }

  async findByProcessId(processId: string): Promise<Expediente | null> {
    const row = [...this.rows.values()].find((r) => r.processId === processId);
    return row ? Expediente.restore(row) : null;
  }

  async isCodeTaken(code: string, organism: string): Promise<boolean> {
    return [...this.rows.values()].some((row) => row.organism === organism && row.code.toUpperCase() === code.toUpperCase());
  }

  async reserve(expediente: Expediente): Promise<boolean> {
    if (await this.isCodeTaken(expediente.code, expediente.organism)) return false;
    this.rows.set(keyOf(expediente.code, expediente.organism), expediente.state);
    return true;
  }

  async save(expediente: Expediente): Promise<void> {
    const key = keyOf(expediente.code, expediente.organism);
    if (!this.rows.has(key)) throw new Error(`No expediente ${expediente.code} to save`);
    this.rows.set(key, expediente.state);
  }

  async deleteReservation(code: string, sagaId: string): Promise<boolean> {
    const entry = [...this.rows].find(([, row]) => row.code === code && row.sagaId === sagaId && row.status === 'creating');
    return entry ? this.rows.delete(entry[0]) : false;
  }

  async adoptUnowned(): Promise<number> {
    return 0; // every in-memory expediente is created with its organism
  }

  /** For tests: the state of the one expediente with this code, whatever its organism. */
  rowOf(code: string): ExpedienteState | undefined {
    const found = [...this.rows.values()].filter((row) => row.code === code);
    if (found.length > 1) throw new Error(`${code} is held by ${found.length} organisms: name one`);
    return found[0];
  }

  snapshot(): Map<string, ExpedienteState> {
    return structuredClone(this.rows);
  }

  restore(rows: Map<string, ExpedienteState>): void {
    this.rows = rows;
  }
}
