import type { CsvRecord, CsvRepository } from '../../domain/csv-record.ts';

/** CSVs in a Map, for unit tests. */
export class InMemoryCsvRepository implements CsvRepository {
  readonly rows = new Map<string, CsvRecord>();

  async insert(record: CsvRecord): Promise<void> {
    if (this.rows.has(record.csv)) throw new Error(`Duplicate CSV`);
    if ([...this.rows.values()].some((r) => r.documentId === record.documentId && r.version === record.version)) {
      throw new Error(`Version ${record.version} of ${record.documentId} already has a CSV`);
    }
    this.rows.set(record.csv, { ...record });
  }

  async find(csv: string): Promise<CsvRecord | null> {
    const row = this.rows.get(csv);
    return row ? { ...row } : null;
  }

  async forDocument(documentId: string): Promise<Map<number, CsvRecord>> {
    return new Map([...this.rows.values()].filter((r) => r.documentId === documentId).map((r) => [r.version, { ...r }]));
  }

  async annulDocument(documentId: string, at: Date, reason: string): Promise<number> {
    let count = 0;
    for (const [csv, row] of this.rows) {
      if (row.documentId !== documentId || row.annulment !== null) continue;
      this.rows.set(csv, { ...row, annulment: { at, reason } });
      count++;
    }
    return count;
  }
}
