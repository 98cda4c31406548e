import { randomBytes } from 'node:crypto';
import type { EniIssuer } from '../src/application/eni-issuer.ts';
import type { CsvPolicy } from '../src/application/ports.ts';
import { SedeTime } from '../src/application/sede-time.ts';

/** The CSV policy tests run under: a placeholder regulation and a verification page. */
export const TEST_CSV_POLICY: CsvPolicy = { regulation: 'BOP-SE-2026-0000', availabilityYears: 10, verificationUrl: 'https://sede.example/verificar' };

/** An issuer with a real CSPRNG, the Madrid sede and, unless told otherwise, the test CSV policy. */
export function testIssuer(csvPolicy: CsvPolicy | null = TEST_CSV_POLICY): EniIssuer {
  return { random: (length) => new Uint8Array(randomBytes(length)), sede: new SedeTime('Europe/Madrid'), csvPolicy };
}
