import { parseArgs } from 'node:util';
import { consistencyReportSchema, type ConsistencyReportResource } from '@tramita/contracts';
import { accessToken, adminRequest, gatewayUrlOf, UsageError, waitSecondsOf } from './admin-client.ts';

/**
 * `tramita check`: the operator's consistency check from a terminal (or a CronJob). It asks the
 * gateway's `GET /api/admin/consistency` and prints the report; with --wait it asks again while
 * the system is settling. See ADR 0009 and the README's "Operations" section.
 */

export const CHECK_HELP = `Usage: tramita check [--url <gateway url>] [--wait <seconds>] [--json] [--strict]

Checks that nothing is left unprocessed and that the read model (the list and
search) matches the write side (files and bpm): messages not yet published or
consumed, sagas not ended or failed, dead letters with their reason, and every
expediente compared across files, bpm and index.

  --url      the gateway (default PUBLIC_URL, else http://localhost:8080)
  --wait     while the system is settling (work in flight), check again for up to
             this many seconds (default 0: one check)
  --json     print the whole report as JSON
  --strict   also fail when there are dead letters

Credentials, from the environment (never from the command line):
  TRAMITA_TOKEN           an access token of a user with the admin role, or
  TRAMITA_CLIENT_SECRET   the secret of the tramita-services client (client
                          credentials at the issuer: OIDC_ISSUER, else <url>/auth)

Exit status: 0 consistent; 1 inconsistent, still settling, or not checkable;
3 consistent but with dead letters under --strict; 2 wrong usage or no credentials.`;

/** The gateway's report, as its contract defines it (packages/contracts/src/admin.ts). */
export type ConsistencyReportLike = ConsistencyReportResource;

/** The report as an operator reads it in a terminal. */
export function formatReport(report: ConsistencyReportLike): string {
  const lines = [`Tramita consistency: ${report.status.toUpperCase()} (checked ${report.checkedAt})`];
  for (const reason of report.reasons) lines.push(`  - ${reason}`);
  const f = report.inFlight;
  lines.push(`In flight: ${f.outboxPending} to publish, ${f.consumerLag} to consume, ${f.openSagas} open saga(s); failed sagas: ${report.failedSagas}`);
  if (report.readModel.ok) {
    const { counts, differences } = report.readModel;
    lines.push(
      `Compared: ${counts.files.active + counts.files.finished} expediente(s) (${counts.files.finished} finished, ${counts.files.creating} being created), ${counts.processes} process(es), ${counts.readModel} read-model row(s)`,
    );
    if (differences.total > 0) {
      lines.push(
        `Differences: ${differences.total} (${Object.entries(differences.byKind)
          .map(([kind, n]) => `${kind} ${n}`)
          .join(', ')})`,
      );
      for (const d of differences.sample) lines.push(`  ${d.code}: ${d.kind} - ${d.detail}`);
      if (differences.sample.length < differences.total)
        lines.push(`  … ${differences.total - differences.sample.length} more (use --json for the sample, or ?sample= on the API)`);
    }
  } else {
    lines.push(`Read model not compared: ${report.readModel.error}`);
  }
  if (report.deadLetters.total > 0) {
    lines.push(
      `Dead letters: ${report.deadLetters.total}${report.deadLetters.recent.length < report.deadLetters.total ? ` (latest ${report.deadLetters.recent.length})` : ''}`,
    );
    for (const d of report.deadLetters.recent) {
      lines.push(`  ${d.failedAt} ${d.service}/${d.consumer} ${d.topic} ${d.type ?? '?'} ${d.subject ?? ''}: ${d.reason}`);
    }
  }
  return lines.join('\n');
}

/** 0 consistent; 1 anything else; 3 consistent with dead letters when strict. */
export function exitCodeOf(report: ConsistencyReportLike, strict: boolean): number {
  if (report.status !== 'consistent') return 1;
  return strict && report.deadLetters.total > 0 ? 3 : 0;
}

/** The gateway's consistency report (ADR 0009). */
export function fetchReport(url: string, token: string): Promise<ConsistencyReportLike> {
  return adminRequest(url, token, 'GET', '/api/admin/consistency', consistencyReportSchema, { what: 'a report', timeoutMs: 300_000 });
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Runs `tramita check`; returns the exit status. */
export async function runCheck(
  argv: string[],
  env: Record<string, string | undefined>,
  out: { log(text: string): void; error(text: string): void } = console,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        wait: { type: 'string' },
        json: { type: 'boolean' },
        strict: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    out.error(`tramita check: ${(error as Error).message}\n\n${CHECK_HELP}`);
    return 2;
  }
  if (values.help) {
    out.log(CHECK_HELP);
    return 0;
  }
  try {
    const url = gatewayUrlOf(values.url, env);
    const waitSeconds = waitSecondsOf(values.wait, 0);
    const report = await settledReport(url, await accessToken(url, env), waitSeconds);
    out.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return exitCodeOf(report, values.strict ?? false);
  } catch (error) {
    out.error(`tramita check: ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

/** The report, asked again every two seconds while the system is settling, for up to `waitSeconds`. */
export async function settledReport(url: string, token: string, waitSeconds: number): Promise<ConsistencyReportLike> {
  const deadline = Date.now() + waitSeconds * 1000;
  let report = await fetchReport(url, token);
  while (report.status === 'settling' && Date.now() < deadline) {
    await sleep(Math.min(2_000, Math.max(0, deadline - Date.now())));
    report = await fetchReport(url, token);
  }
  return report;
}
