import type { VerificationResource } from '@tramita/contracts';

/** docs' public answer for a CSV, as its contract defines it (packages/contracts/src/eni.ts). */
export type Verification = VerificationResource;

export type VerificationOutcome =
  | { kind: 'verified'; verification: Verification }
  | { kind: 'invalid'; detail: string | null }
  | { kind: 'not-found' }
  | { kind: 'too-many' }
  | { kind: 'failed' };

/** A CSV as typed or read from a printed copy: case, spaces and hyphens make no difference (docs reads O as 0 and I or L as 1). */
export function normalizeCsv(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

/** Where a CSV is verified by hand; the QR code of a printed copy points here. */
export const verificationPagePath = (csv: string) => `/verificar/${encodeURIComponent(csv)}`;

/**
 * Asks docs about a CSV on its public route, with no session and no token: the page is open to
 * anyone holding a copy (Ley 40/2015 art. 42.b). Each refusal becomes a kind the page words itself.
 */
export async function verifyCsv(
  csv: string,
  signal: AbortSignal,
  fetchFn: typeof fetch = (input, init) => window.fetch(input, init),
): Promise<VerificationOutcome> {
  let response: Response;
  try {
    response = await fetchFn(`/verificacion/${encodeURIComponent(csv)}`, { headers: { accept: 'application/json' }, signal });
  } catch (error) {
    if (signal.aborted) throw error;
    return { kind: 'failed' };
  }
  if (response.ok) return { kind: 'verified', verification: (await response.json()) as Verification };
  if (response.status === 404) return { kind: 'not-found' };
  if (response.status === 429) return { kind: 'too-many' };
  if (response.status === 400) {
    const body = (await response.json().catch(() => ({}))) as { detail?: unknown };
    return { kind: 'invalid', detail: typeof body.detail === 'string' ? body.detail : null };
  }
  return { kind: 'failed' };
}
