/** One schemathesis run: which token, its exit code, its ndjson report lines. */
export interface FuzzRun {
  label: string;
  exitCode: number;
  events: string[];
}

/** The checks that must find nothing (issue 10): no server error, no response off its schema. */
export const GATED_CHECKS = ['not_a_server_error', 'response_schema_conformance'] as const;

interface CheckResult {
  name: string;
  status: string;
  failure_info?: { failure?: { code?: string; title?: string; operation?: string; message?: string } };
}

/** An error schemathesis recovered from: the operation's phase stopped, the run went on. */
interface NonFatal {
  phase?: string;
  label?: string;
  value?: { type?: string; message?: string };
}

export interface Verdict {
  passed: number;
  failed: number;
  lines: string[];
}

/**
 * Counts the failures of every check in each run. A gated check with a failure fails its run;
 * every other finding is reported, with its operation, for whoever reads the log. A run that
 * recorded no scenario at all (schemathesis could not start) fails too.
 */
export function gateOf(runs: FuzzRun[]): Verdict {
  let passed = 0;
  let failed = 0;
  const lines: string[] = [];
  for (const run of runs) {
    const failures = new Map<string, Set<string>>();
    const errors: NonFatal[] = [];
    let scenarios = 0;
    for (const line of run.events) {
      const event = JSON.parse(line) as { ScenarioFinished?: { recorder?: { checks?: Record<string, CheckResult[]> } }; NonFatalError?: NonFatal };
      if (event.NonFatalError) errors.push(event.NonFatalError);
      const finished = event.ScenarioFinished;
      if (!finished) continue;
      scenarios++;
      for (const results of Object.values(finished.recorder?.checks ?? {})) {
        for (const result of results) {
          if (result.status !== 'failure') continue;
          const info = result.failure_info?.failure;
          const where = `${info?.operation ?? '?'}: ${info?.code ?? ''} ${info?.title ?? ''}`.trim();
          failures.set(result.name, (failures.get(result.name) ?? new Set<string>()).add(where));
        }
      }
    }
    if (scenarios === 0) {
      failed++;
      lines.push(`[fuzz] ${run.label}: schemathesis ran no scenario (exit ${run.exitCode})`);
      continue;
    }
    for (const check of GATED_CHECKS) {
      const found = failures.get(check);
      if (found && found.size > 0) {
        failed++;
        lines.push(`[fuzz] ${run.label}: FAILED ${check} (${found.size}):`, ...[...found].map((where) => `         ${where}`));
      } else {
        passed++;
        lines.push(`[fuzz] ${run.label}: ${check}: none in ${scenarios} scenarios`);
      }
    }
    // An operation schemathesis could not finish (e.g. a flaky result in the coverage phase): the
    // rest of its phase was not tried, so it is shown, never dropped.
    for (const error of errors) {
      lines.push(
        `[fuzz] ${run.label}: reported, not gated: ${error.phase ?? '?'} phase error on ${error.label ?? '?'}: ${error.value?.type ?? ''} ${error.value?.message ?? ''}`.trim(),
      );
    }
    for (const [check, found] of failures) {
      if ((GATED_CHECKS as readonly string[]).includes(check)) continue;
      lines.push(`[fuzz] ${run.label}: reported, not gated: ${check} (${found.size})`, ...[...found].map((where) => `         ${where}`));
    }
  }
  return { passed, failed, lines };
}
