import { parseArgs } from 'node:util';
import {
  bpmSnapshotPageSchema,
  fileSnapshotPageSchema,
  MAX_SNAPSHOTS_PER_REQUEST,
  readModelAppliedSchema,
  readModelEmptiedSchema,
  type ReadModelSnapshotsInput,
} from '@tramita/contracts';
import { accessToken, adminRequest, gatewayUrlOf, UsageError, waitSecondsOf } from './admin-client.ts';
import { exitCodeOf, formatReport, settledReport } from './check.ts';

/**
 * `tramita rebuild-index`: rebuilds the index's read model (the list and search) from what files
 * and bpm hold now (ADR 0019). It walks their snapshot pages and hands each page to the index,
 * which applies it through the projections its consumer uses; with --empty it empties the read
 * model first. Events consumed meanwhile converge with it (only newer versions are kept). It ends
 * with the consistency check.
 */

export const REBUILD_HELP = `Usage: tramita rebuild-index [--url <gateway url>] [--empty] [--page <n>] [--wait <seconds>]

Rebuilds the index's read model (the expediente list and search) from the state
files and bpm hold now: every expediente's snapshot, every live process and its
maximum plazo, applied page by page as their events would be. Safe to run while
the system works: only what is newer than the read model changes it. Run it into
an empty store (a new OpenSearch index prefix or database), or with --empty.

  --url      the gateway (default PUBLIC_URL, else http://localhost:8080)
  --empty    empty the read model first (the list is empty until the rebuild
             refills it); recorded in the index's audit trail
  --page     snapshots per request, 1 to ${MAX_SNAPSHOTS_PER_REQUEST} (default 200)
  --wait     after the rebuild, wait up to this many seconds for the consistency
             check to settle (default 60)

Credentials, from the environment (never from the command line):
  TRAMITA_TOKEN           an access token of a platform administrator, or
  TRAMITA_CLIENT_SECRET   the secret of the tramita-services client (client
                          credentials at the issuer: OIDC_ISSUER, else <url>/auth)

Exit status: 0 rebuilt and consistent; 1 a request failed, or the check did not
find the system consistent; 2 wrong usage or no credentials.`;

type Out = { log(text: string): void; error(text: string): void };

/** Walks one owner's snapshot pages into the index; returns how many snapshots were sent and how many views they changed. */
async function rebuildFrom(source: 'files' | 'bpm', url: string, token: string, page: number, out: Out): Promise<{ received: number; changed: number }> {
  const totals = { received: 0, changed: 0 };
  let after: string | null = null;
  do {
    const query: URLSearchParams = new URLSearchParams({ limit: String(page), ...(after === null ? {} : { after }) });
    const path: string = `/api/admin/${source}/snapshots?${query.toString()}`;
    let body: ReadModelSnapshotsInput;
    if (source === 'files') {
      const fetched = await adminRequest(url, token, 'GET', path, fileSnapshotPageSchema, { what: 'a snapshot page' });
      body = { files: fetched.items.map((row) => row.snapshot) };
      after = fetched.next;
    } else {
      const fetched = await adminRequest(url, token, 'GET', path, bpmSnapshotPageSchema, { what: 'a snapshot page' });
      body = { processes: fetched.items.map((row) => ({ process: row.process, plazo: row.plazo })) };
      after = fetched.next;
    }
    const applied = await adminRequest(url, token, 'POST', '/api/admin/index/read-model/snapshots', readModelAppliedSchema, {
      body,
      what: 'an apply result',
    });
    totals.received += applied.received;
    totals.changed += applied.changed;
    if (after !== null && totals.received % (page * 10) === 0) out.log(`  ${source}: ${totals.received} snapshots so far (up to ${after})`);
  } while (after !== null);
  return totals;
}

/** Runs `tramita rebuild-index`; returns the exit status. */
export async function runRebuildIndex(argv: string[], env: Record<string, string | undefined>, out: Out = console): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        empty: { type: 'boolean' },
        page: { type: 'string' },
        wait: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    out.error(`tramita rebuild-index: ${(error as Error).message}\n\n${REBUILD_HELP}`);
    return 2;
  }
  if (values.help) {
    out.log(REBUILD_HELP);
    return 0;
  }
  try {
    const url = gatewayUrlOf(values.url, env);
    const page = values.page === undefined ? 200 : Number(values.page);
    if (!Number.isInteger(page) || page < 1 || page > MAX_SNAPSHOTS_PER_REQUEST) {
      throw new UsageError(`--page must be a whole number from 1 to ${MAX_SNAPSHOTS_PER_REQUEST}, not "${values.page}".`);
    }
    const waitSeconds = waitSecondsOf(values.wait, 60);
    const token = await accessToken(url, env);
    if (values.empty) {
      await adminRequest(url, token, 'DELETE', '/api/admin/index/read-model', readModelEmptiedSchema, { what: 'an answer' });
      out.log('Read model emptied.');
    }
    const files = await rebuildFrom('files', url, token, page, out);
    out.log(`Expedientes: ${files.received} snapshot(s) applied, ${files.changed} view(s) changed.`);
    const bpm = await rebuildFrom('bpm', url, token, page, out);
    out.log(`Processes: ${bpm.received} snapshot(s) applied, ${bpm.changed} view(s) changed (plazos included).`);
    const report = await settledReport(url, token, waitSeconds);
    out.log(formatReport(report));
    return exitCodeOf(report, false);
  } catch (error) {
    out.error(`tramita rebuild-index: ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}
