// Prints one "N passed, N failed" line from Vitest JSON reports; exits 1 when a report is missing
// where a run was expected, or when anything failed. Before it, the name of everything that
// failed (a test, or a file whose hooks or imports failed while its tests passed), so that the
// end of a CI log says what to look at.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let reports = 0;
const failures = [];
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  reports++;
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites && !report.numFailedTests ? report.numFailedTestSuites : 0);
  for (const result of report.testResults ?? []) {
    const failedTests = (result.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failedTests) failures.push(`${result.name}: ${test.fullName ?? test.title}: ${firstLine(test.failureMessages?.[0])}`);
    if (result.status === 'failed' && failedTests.length === 0) failures.push(`${result.name}: ${firstLine(result.message) || 'failed outside its tests'}`);
  }
}
if (reports === 0) failed += 1; // lint or type-check failed before any test ran
if (failures.length > 0) {
  console.log('failed:');
  for (const failure of failures) console.log(`  ${failure}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

function firstLine(text) {
  return String(text ?? '')
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim()
    .slice(0, 300);
}
