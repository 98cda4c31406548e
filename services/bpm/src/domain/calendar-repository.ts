import type { Actor } from '@tramita/kernel';
import type { CalendarDataset, SedeTimeZone } from '@tramita/legal-time';

/** An organism's seat, which decides the community and local holidays its plazos skip (Ley 39/2015 art. 30.6, 30.7). */
export interface CalendarSettingsRecord {
  organism: string;
  community: string;
  municipality: string | null;
  timeZone: SedeTimeZone;
  updatedAt: Date;
  updatedBy: Actor;
}

/**
 * An organism's correction of its local calendar for a year: a whole dataset, a version above
 * the shipped one. DRAFT until a second administrator approves it (then VERIFIED with both names).
 */
export interface CalendarCorrection {
  organism: string;
  dataset: CalendarDataset;
  proposedBy: Actor;
  proposedAt: Date;
  approvedBy: Actor | null;
  approvedAt: Date | null;
}

export interface CalendarRepository {
  settings(organism: string): Promise<CalendarSettingsRecord | null>;
  /** Every organism that stated its seat. */
  configuredOrganisms(): Promise<string[]>;
  saveSettings(settings: CalendarSettingsRecord): Promise<void>;
  /** Every version of every correction of the organism, oldest first. */
  corrections(organism: string): Promise<CalendarCorrection[]>;
  /** Loads and locks one version until the transaction ends. */
  lockCorrection(organism: string, year: number, territory: string, version: number): Promise<CalendarCorrection | null>;
  /** Adds a version; false (nothing written) when that organism, year, territory and version exists already (a concurrent proposal). */
  insertCorrection(correction: CalendarCorrection): Promise<boolean>;
  /** Records the approval of a DRAFT version; false when it is no longer a draft. */
  approveCorrection(correction: CalendarCorrection): Promise<boolean>;
}
