// Prints one "N passed, N failed" line from Vitest JSON reports; exits 1 when a report is missing
// where a run was expected, or when anything failed.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let reports = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  reports++;
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites && !report.numFailedTests ? report.numFailedTestSuites : 0);
}
if (reports === 0) failed += 1; // lint or type-check failed before any test ran
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
