import { Expediente, type ExpedienteState } from '../../domain/expediente.ts';
import type { FileRepository } from '../../domain/file-repository.ts';

/** Expedientes in a map, for unit tests. `snapshot`/`restore` let a fake transaction roll back. */
export class InMemoryFileRepository implements FileRepository {
  rows = new Map<string, ExpedienteState>();

  async findByCode(code: string): Promise<Expediente | null> {
    const row = this.rows.get(code);
    return row ? Expediente.restore(row) : null;
  }

  async findByProcessId(processId: string): Promise<Expediente | null> {
    const row = [...this.rows.values()].find((r) => r.processId === processId);
    return row ? Expediente.restore(row) : null;
  }

  async isCodeTaken(code: string): Promise<boolean> {
    return [...this.rows.keys()].some((taken) => taken.toUpperCase() === code.toUpperCase());
  }

  async reserve(expediente: Expediente): Promise<boolean> {
    if (await this.isCodeTaken(expediente.code)) return false;
    this.rows.set(expediente.code, expediente.state);
    return true;
  }

  async save(expediente: Expediente): Promise<void> {
    if (!this.rows.has(expediente.code)) throw new Error(`No expediente ${expediente.code} to save`);
    this.rows.set(expediente.code, expediente.state);
  }

  async deleteReservation(code: string, sagaId: string): Promise<boolean> {
    const row = this.rows.get(code);
    if (!row || row.sagaId !== sagaId || row.status !== 'creating') return false;
    return this.rows.delete(code);
  }

  async adoptUnowned(): Promise<number> {
    return 0; // every in-memory expediente is created with its organism
  }

  snapshot(): Map<string, ExpedienteState> {
    return structuredClone(this.rows);
  }

  restore(rows: Map<string, ExpedienteState>): void {
    this.rows = rows;
  }
}
