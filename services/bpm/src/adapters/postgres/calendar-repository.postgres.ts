import type { Actor } from '@tramita/kernel';
import type { CalendarDataset, SedeTimeZone } from '@tramita/legal-time';
import type { CalendarCorrection, CalendarRepository, CalendarSettingsRecord } from '../../domain/calendar-repository.ts';
import type { BpmDatabase, BpmDb } from './schema.ts';

type CorrectionRow = BpmDatabase['calendar_corrections'];

/** Organisms' calendar settings and corrections (migration 0010). */
export class PostgresCalendarRepository implements CalendarRepository {
  readonly #db: BpmDb;

  constructor(db: BpmDb) {
    this.#db = db;
  }

  async settings(organism: string): Promise<CalendarSettingsRecord | null> {
    const row = await this.#db.selectFrom('calendar_settings').selectAll().where('organism', '=', organism).executeTakeFirst();
    if (!row) return null;
    return {
      organism: row.organism,
      community: row.community,
      municipality: row.municipality,
      timeZone: row.time_zone as SedeTimeZone,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by as Actor,
    };
  }

  async configuredOrganisms(): Promise<string[]> {
    const rows = await this.#db.selectFrom('calendar_settings').select('organism').orderBy('organism').execute();
    return rows.map((row) => row.organism);
  }

  async saveSettings(settings: CalendarSettingsRecord): Promise<void> {
    const values = {
      community: settings.community,
      municipality: settings.municipality,
      time_zone: settings.timeZone,
      updated_at: settings.updatedAt,
      updated_by: JSON.stringify(settings.updatedBy),
    };
    await this.#db
      .insertInto('calendar_settings')
      .values({ organism: settings.organism, ...values })
      .onConflict((oc) => oc.column('organism').doUpdateSet(values))
      .execute();
  }

  async corrections(organism: string): Promise<CalendarCorrection[]> {
    const rows = await this.#db
      .selectFrom('calendar_corrections')
      .selectAll()
      .where('organism', '=', organism)
      .orderBy('year')
      .orderBy('territory')
      .orderBy('version')
      .execute();
    return rows.map(correctionOf);
  }

  async lockCorrection(organism: string, year: number, territory: string, version: number): Promise<CalendarCorrection | null> {
    const row = await this.#db
      .selectFrom('calendar_corrections')
      .selectAll()
      .where('organism', '=', organism)
      .where('year', '=', year)
      .where('territory', '=', territory)
      .where('version', '=', version)
      .forUpdate()
      .executeTakeFirst();
    return row ? correctionOf(row) : null;
  }

  async insertCorrection(correction: CalendarCorrection): Promise<boolean> {
    const inserted = await this.#db
      .insertInto('calendar_corrections')
      .values(rowOf(correction))
      .onConflict((oc) => oc.columns(['organism', 'year', 'territory', 'version']).doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async approveCorrection(correction: CalendarCorrection): Promise<boolean> {
    const { dataset } = correction;
    const result = await this.#db
      .updateTable('calendar_corrections')
      .set({
        dataset: JSON.stringify(dataset),
        status: dataset.status,
        approved_by: correction.approvedBy === null ? null : JSON.stringify(correction.approvedBy),
        approved_at: correction.approvedAt,
      })
      .where('organism', '=', correction.organism)
      .where('year', '=', dataset.year)
      .where('territory', '=', dataset.territory)
      .where('version', '=', dataset.version)
      .where('status', '=', 'DRAFT')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

function correctionOf(row: CorrectionRow): CalendarCorrection {
  return {
    organism: row.organism,
    dataset: row.dataset as CalendarDataset,
    proposedBy: row.proposed_by as Actor,
    proposedAt: row.proposed_at,
    approvedBy: (row.approved_by as Actor | null) ?? null,
    approvedAt: row.approved_at,
  };
}

function rowOf(correction: CalendarCorrection): CorrectionRow {
  const { dataset } = correction;
  return {
    organism: correction.organism,
    year: dataset.year,
    territory: dataset.territory,
    version: dataset.version,
    dataset: JSON.stringify(dataset),
    status: dataset.status,
    proposed_by: JSON.stringify(correction.proposedBy),
    proposed_at: correction.proposedAt,
    approved_by: correction.approvedBy === null ? null : JSON.stringify(correction.approvedBy),
    approved_at: correction.approvedAt,
  };
}
