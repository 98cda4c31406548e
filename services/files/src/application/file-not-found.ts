import { notFound } from '@tramita/kernel';

/** The answer for a missing expediente, and for one of an organism the caller is not in (ADR 0013). */
export const fileNotFound = (code: string) => notFound('file-not-found', `There is no expediente ${code}.`, { fileCode: code });
