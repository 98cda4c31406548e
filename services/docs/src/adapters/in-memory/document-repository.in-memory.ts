import { Document, type DocumentVersion } from '../../domain/document.ts';
import type { DocumentRepository } from '../../domain/document-repository.ts';

/** Documents in a Map (snapshots, so callers never share instances), for unit tests. */
export class InMemoryDocumentRepository implements DocumentRepository {
  readonly rows = new Map<string, ReturnType<Document['snapshot']>>();
  readonly versions: DocumentVersion[] = [];

  async insert(document: Document): Promise<void> {
    if (this.rows.has(document.id)) throw new Error(`Duplicate document ${document.id}`);
    this.rows.set(document.id, document.snapshot());
    await this.insertVersion(document.currentVersionRecord());
  }

  async getForUpdate(id: string): Promise<Document | null> {
    return this.get(id);
  }

  async insertVersion(version: DocumentVersion): Promise<void> {
    if (this.versions.some((v) => v.documentId === version.documentId && v.version === version.version)) {
      throw new Error(`Duplicate version ${version.version} of ${version.documentId}`);
    }
    this.versions.push({ ...version });
  }

  async listVersions(documentId: string): Promise<DocumentVersion[]> {
    return this.versions.filter((v) => v.documentId === documentId).sort((a, b) => a.version - b.version);
  }

  async getVersion(documentId: string, version: number): Promise<DocumentVersion | null> {
    return this.versions.find((v) => v.documentId === documentId && v.version === version) ?? null;
  }

  async nextPosition(organism: string, fileCode: string): Promise<number> {
    const positions = [...this.rows.values()].filter((row) => row.organism === organism && row.fileCode === fileCode).map((row) => row.position ?? 0);
    return Math.max(0, ...positions) + 1;
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

  async listByFileCode(fileCode: string, organisms: readonly string[] | 'all', options: { includeRemoved?: boolean } = {}): Promise<Document[]> {
    return [...this.rows.values()]
      .filter((row) => row.fileCode === fileCode && (organisms === 'all' || (row.organism !== null && organisms.includes(row.organism))))
      .filter((row) => options.includeRemoved === true || row.removal === null)
      .sort(
        (a, b) =>
          (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER) ||
          a.createdAt.getTime() - b.createdAt.getTime() ||
          a.id.localeCompare(b.id),
      )
      .map((row) => Document.restore(row));
  }

  async listUnattachedCreatedBefore(cutoff: Date, limit: number): Promise<string[]> {
    return [...this.rows.values()]
      .filter((row) => row.fileCode === null && row.createdAt < cutoff)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, limit)
      .map((row) => row.id);
  }

  async hasEniIdentifier(identifier: string): Promise<boolean> {
    return [...this.rows.values()].some((row) => row.eniIdentifier === identifier);
  }

  async removeIfUnattached(id: string): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row || row.fileCode !== null) return false;
    return this.rows.delete(id);
  }
}
