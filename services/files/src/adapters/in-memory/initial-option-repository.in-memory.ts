import type { CatalogueReach, InitialOption, InitialOptionRepository } from '../../domain/initial-option.ts';

const inReach = (option: InitialOption, reach: CatalogueReach) => option.organism === null || reach === 'all' || reach.includes(option.organism);

/** The option catalogue in memory, seeded like the migration (shared options). */
export class InMemoryInitialOptionRepository implements InitialOptionRepository {
  readonly rows: InitialOption[] = [
    { code: 'SEDE', name: 'Sede electrónica', procedureCode: null, active: true, organism: null },
    { code: 'PETICION_DTO', name: 'A petición departamento', procedureCode: null, active: true, organism: null },
  ];

  async listActive(reach: CatalogueReach): Promise<InitialOption[]> {
    return this.rows
      .filter((o) => o.active && inReach(o, reach))
      .sort((a, b) => a.name.localeCompare(b.name, 'es') || a.code.localeCompare(b.code))
      .map((o) => ({ ...o }));
  }

  async findActive(code: string, organism: string): Promise<InitialOption | null> {
    const option = this.rows.find((o) => o.code === code && o.active && (o.organism === null || o.organism === organism));
    return option ? { ...option } : null;
  }

  async add(option: InitialOption): Promise<boolean> {
    const taken = this.rows.some((o) => o.code === option.code && (option.organism === null || o.organism === null || o.organism === option.organism));
    if (taken) return false;
    this.rows.push({ ...option });
    return true;
  }
}
