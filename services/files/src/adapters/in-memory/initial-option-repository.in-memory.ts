import type { InitialOption, InitialOptionRepository } from '../../domain/initial-option.ts';

/** The option catalogue in memory, seeded like the migration. */
export class InMemoryInitialOptionRepository implements InitialOptionRepository {
  readonly rows = new Map<string, InitialOption>([
    ['SEDE', { code: 'SEDE', name: 'Sede electrónica', procedureCode: null, active: true }],
    ['PETICION_DTO', { code: 'PETICION_DTO', name: 'A petición departamento', procedureCode: null, active: true }],
  ]);

  async listActive(): Promise<InitialOption[]> {
    return [...this.rows.values()].filter((o) => o.active).sort((a, b) => a.name.localeCompare(b.name, 'es'));
  }

  async findActive(code: string): Promise<InitialOption | null> {
    const option = this.rows.get(code);
    return option?.active ? { ...option } : null;
  }

  async add(option: InitialOption): Promise<boolean> {
    if (this.rows.has(option.code)) return false;
    this.rows.set(option.code, { ...option });
    return true;
  }
}
