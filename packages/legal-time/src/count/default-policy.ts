import type { LegalTimePolicy } from '../types.ts';

/** The policy readings Tramita takes when a procedure says nothing (eni-legal-time.md C.5 and C.15, marked [D]). */
export const DEFAULT_POLICY: LegalTimePolicy = {
  // art. 30.5 is worded generally, so it extends natural-day plazos too (majority reading).
  extendNaturalDaysOnInhabil: true,
  // art. 43.2: the reading most favourable to the citizen.
  rejectionConvention: 'DAY_11',
};
