import { validationError } from '@tramita/kernel';

/**
 * 400 for an option that is missing, inactive or of another organism's catalogue: all three get
 * the same answer, so a code of another organism tells nothing of it (ADR 0013).
 */
export const unknownInitialOption = (code: string) =>
  validationError('unknown-initial-option', `There is no active initial option ${code} for this expediente's organism.`, { field: 'initialOption' });
