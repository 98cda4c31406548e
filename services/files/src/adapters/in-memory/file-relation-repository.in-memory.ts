import type { FileKey } from '../../domain/file-key.ts';
import { FileRelation, type FileRelationState } from '../../domain/file-relation.ts';
import type { FileRelationRepository } from '../../domain/file-relation-repository.ts';

const isEnd = (end: FileKey, file: FileKey) => end.organism === file.organism && end.code === file.code;

/** Relations in memory, for unit tests; behaves as the PostgreSQL one. `snapshot`/`restore` let a fake transaction roll back. */
export class InMemoryFileRelationRepository implements FileRelationRepository {
  rows = new Map<string, FileRelationState>();

  async insert(relation: FileRelation): Promise<boolean> {
    const key = relation.pairKey;
    if (this.rows.has(relation.id) || [...this.rows.values()].some((row) => FileRelation.restore(row).pairKey === key)) return false;
    this.rows.set(relation.id, relation.state);
    return true;
  }

  async findById(id: string): Promise<FileRelation | null> {
    const row = this.rows.get(id);
    return row ? FileRelation.restore(row) : null;
  }

  async remove(id: string): Promise<void> {
    this.rows.delete(id);
  }

  async countOf(file: FileKey): Promise<number> {
    return [...this.rows.values()].filter((row) => isEnd(row.from, file) || isEnd(row.to, file)).length;
  }

  async listOf(file: FileKey, organisms: readonly string[] | null): Promise<FileRelation[]> {
    const visible = (end: FileKey) => organisms === null || organisms.includes(end.organism);
    return [...this.rows.values()]
      .filter((row) => (isEnd(row.from, file) && visible(row.to)) || (isEnd(row.to, file) && visible(row.from)))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
      .map((row) => FileRelation.restore(row));
  }

  snapshot(): Map<string, FileRelationState> {
    return structuredClone(this.rows);
  }

  restore(rows: Map<string, FileRelationState>): void {
    this.rows = rows;
  }
}
