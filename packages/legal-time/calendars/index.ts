import type { CalendarDataset } from '../src/types.ts';
import es2026 from './2026/ES.json' with { type: 'json' };
import an2026 from './2026/ES-AN.json' with { type: 'json' };
import ct2026 from './2026/ES-CT.json' with { type: 'json' };
import sevilla2026 from './2026/41091.json' with { type: 'json' };

/**
 * The calendars shipped with Tramita: versioned data, one file per year, territory and level
 * (national `ES`, a community `ES-XX`, a municipality by its INE code). A correction is a new
 * version in the same file's history and in the organisms' own corrections (bpm's calendar API).
 */
export const SHIPPED_CALENDARS: readonly CalendarDataset[] = [es2026, an2026, ct2026, sevilla2026] as CalendarDataset[];
