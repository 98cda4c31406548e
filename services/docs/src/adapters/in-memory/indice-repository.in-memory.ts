import type { IndiceRepository, IndiceSnapshot } from '../../domain/indice-snapshot.ts';

/** Signed índices in an array, for unit tests. */
export class InMemoryIndiceRepository implements IndiceRepository {
  readonly rows: IndiceSnapshot[] = [];

  async insert(snapshot: IndiceSnapshot): Promise<void> {
    this.rows.push(structuredClone(snapshot));
  }

  async list(organism: string, fileCode: string): Promise<IndiceSnapshot[]> {
    return this.rows
      .filter((r) => r.organism === organism && r.fileCode === fileCode)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((r) => structuredClone(r));
  }
}
