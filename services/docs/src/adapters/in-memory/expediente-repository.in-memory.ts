import type { ExpedienteRecord, ExpedienteRepository } from '../../domain/expediente-record.ts';

/** The expedientes docs knows, in a Map, for unit tests. */
export class InMemoryExpedienteRepository implements ExpedienteRepository {
  readonly rows = new Map<string, ExpedienteRecord>();

  async get(organism: string, fileCode: string): Promise<ExpedienteRecord | null> {
    const row = this.rows.get(key(organism, fileCode));
    return row ? { ...row } : null;
  }

  async findByCode(fileCode: string, organisms: readonly string[] | 'all'): Promise<ExpedienteRecord[]> {
    return [...this.rows.values()].filter((r) => r.fileCode === fileCode && (organisms === 'all' || organisms.includes(r.organism))).map((r) => ({ ...r }));
  }

  async insertIfAbsent(record: ExpedienteRecord): Promise<ExpedienteRecord> {
    const existing = this.rows.get(key(record.organism, record.fileCode));
    if (existing) return { ...existing };
    if ([...this.rows.values()].some((r) => r.eniIdentifier === record.eniIdentifier)) throw new Error('Duplicate ENI identifier');
    this.rows.set(key(record.organism, record.fileCode), { ...record });
    return { ...record };
  }

  async update(record: ExpedienteRecord): Promise<void> {
    this.rows.set(key(record.organism, record.fileCode), { ...record });
  }
}

const key = (organism: string, fileCode: string) => `${organism}\u0000${fileCode}`;
