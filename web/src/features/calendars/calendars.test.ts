import { describe, expect, it } from 'vitest';
import { organismCalendar } from '../../test/plazo-fixtures.ts';
import { awaitsApproval, checkCorrection, currentLocal, publicCalendarLinks, type CorrectionDraft } from './calendars.ts';

const draft = (overrides: Partial<CorrectionDraft> = {}): CorrectionDraft => ({
  year: '2026',
  days: [
    { key: 1, date: '2026-04-22', name: ' Miércoles de Feria ' },
    { key: 2, date: '2026-06-04', name: 'Corpus Christi' },
  ],
  bulletin: 'BOP',
  reference: 'BOP-SE-2025-77',
  url: '',
  publishedOn: '',
  ...overrides,
});

describe('a correction of the local calendar', () => {
  it('becomes the request bpm reads, names trimmed and empty optionals as null', () => {
    expect(checkCorrection(draft()).request).toEqual({
      year: 2026,
      days: [
        { date: '2026-04-22', name: 'Miércoles de Feria', kind: 'HOLIDAY' },
        { date: '2026-06-04', name: 'Corpus Christi', kind: 'HOLIDAY' },
      ],
      source: { bulletin: 'BOP', reference: 'BOP-SE-2025-77', url: null, publishedOn: null },
    });
  });

  it('is refused with each problem by its field: a day of another year, a repeated day, a missing name, a short reference, a bad URL', () => {
    const { errors, request } = checkCorrection(
      draft({
        days: [
          { key: 1, date: '2027-04-22', name: 'Feria' },
          { key: 2, date: '2026-06-04', name: 'Corpus' },
          { key: 3, date: '2026-06-04', name: ' ' },
          { key: 4, date: '', name: 'Sin fecha' },
        ],
        reference: 'B',
        url: 'not a url',
      }),
    );
    expect(request).toBeNull();
    expect(errors.days).toEqual({
      1: { date: 'calendars.correction.errors.dateYear' },
      3: { date: 'calendars.correction.errors.dateRepeated', name: 'calendars.correction.errors.name' },
      4: { date: 'calendars.correction.errors.date' },
    });
    expect(errors.reference).toBe('calendars.correction.errors.reference');
    expect(errors.url).toBe('calendars.correction.errors.url');
    expect(errors.bulletin).toBeUndefined();
    expect(checkCorrection(draft({ year: '1999' })).errors.year).toBe('calendars.correction.errors.year');
  });
});

describe("an organism's calendar", () => {
  it("starts a correction from the newest version of the seat's local days and offers to approve only the organism's drafts", () => {
    const calendar = organismCalendar();
    const year = new Date().getFullYear();
    expect(currentLocal(calendar.datasets, '41091', year)?.version).toBe(2);
    expect(currentLocal(calendar.datasets, null, year)).toBeUndefined();
    expect(currentLocal(calendar.datasets, '41091', year + 5)).toBeUndefined();
    expect(calendar.datasets.map(awaitsApproval)).toEqual([false, false, true]);
    // bpm says its proposer may not approve it: no button for them.
    expect(awaitsApproval({ ...calendar.datasets[2]!, proposedBy: 'admin', canApprove: false })).toBe(false);
  });

  it('links the public calendar of a year as JSON, HTML and iCalendar', () => {
    expect(publicCalendarLinks('L01410917', 2027)).toEqual({
      json: '/api/calendars/L01410917/inhabiles/2027',
      html: '/api/calendars/L01410917/inhabiles/2027?format=html',
      ics: '/api/calendars/L01410917/inhabiles/2027?format=ics',
    });
  });
});
