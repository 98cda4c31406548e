/**
 * Instants as the sede shows them: ISO 8601 with the explicit offset of its time zone
 * (`2026-03-02T09:15:00+01:00`), which ENI dates need (a date alone, or no offset, is not enough),
 * and the year of an instant there (an identifier's year is the capture's year in the sede).
 */
export class SedeTime {
  readonly #format: Intl.DateTimeFormat;
  readonly timeZone: string;

  constructor(timeZone: string) {
    this.timeZone = timeZone;
    this.#format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
  }

  iso(instant: Date): string {
    const parts = Object.fromEntries(this.#format.formatToParts(instant).map((part) => [part.type, part.value]));
    const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
  }

  year(instant: Date): number {
    return Number(this.iso(instant).slice(0, 4));
  }
}
