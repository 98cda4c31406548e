/** Normalises an ISO-8601 instant to `toISOString()` form, so views compare and store alike. */
export function instant(iso: string): string {
  return new Date(iso).toISOString();
}
