import { Document } from '../../domain/document.ts';
import type { DocumentRepository } from '../../domain/document-repository.ts';

/** Documents in a Map (snapshots, so callers never share instances), for unit tests. */
export class InMemoryDocumentRepository implements DocumentRepository {
  readonly rows = new Map<string, ReturnType<Document['snapshot']>>();

  async insert(document: Document): Promise<void> {
    if (this.rows.has(document.id)) throw new Error(`Duplicate document ${document.id}`);
    this.rows.set(document.id, document.snapshot());
  }

  async get(id: string): Promise<Document | null> {
    const row = this.rows.get(id);
    return row ? Document.restore(row) : null;
  }

  async getManyForUpdate(ids: string[]): Promise<Document[]> {
    return ids.flatMap((id) => {
      const row = this.rows.get(id);
      return row ? [Document.restore(row)] : [];
    });
  }

  async update(document: Document): Promise<void> {
    if (!this.rows.has(document.id)) throw new Error(`Unknown document ${document.id}`);
    this.rows.set(document.id, document.snapshot());
  }

  async adoptUnowned(): Promise<number> {
    return 0; // every in-memory document is attached with its organism
  }

  async listByFileCode(fileCode: string, organisms: readonly string[] | 'all'): Promise<Document[]> {
    return [...this.rows.values()]
      .filter((row) => row.fileCode === fileCode && (organisms === 'all' || (row.organism !== null && organisms.includes(row.organism))))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
      .map((row) => Document.restore(row));
  }

  async listUnattachedCreatedBefore(cutoff: Date, limit: number): Promise<string[]> {
    return [...this.rows.values()]
      .filter((row) => row.fileCode === null && row.createdAt < cutoff)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, limit)
      .map((row) => row.id);
  }

  async removeIfUnattached(id: string): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row || row.fileCode !== null) return false;
    return this.rows.delete(id);
  }
}
