import type { ConsistencyReportLike } from '../../packages/cli/src/check.ts';
import { eventually } from './net.ts';

export type { ConsistencyReportLike };

/**
 * Asks the gateway's consistency check (as an admin) until the system stopped settling, and
 * returns that report: `consistent`, `inconsistent` or `unknown`, with its reasons.
 */
export async function settledConsistency(url: string, adminToken: string, timeoutMs = 90_000): Promise<ConsistencyReportLike> {
  let last: ConsistencyReportLike | undefined;
  try {
    return await eventually(
      'the system to settle (consistency check)',
      async () => {
        const response = await fetch(`${url}/api/admin/consistency`, { headers: { authorization: `Bearer ${adminToken}` } });
        if (!response.ok) throw new Error(`GET /api/admin/consistency: HTTP ${response.status}: ${await response.text()}`);
        last = (await response.json()) as ConsistencyReportLike;
        return last.status === 'settling' || last.status === 'unknown' ? undefined : last;
      },
      timeoutMs,
      1_000,
    );
  } catch (error) {
    if (last) return last;
    throw error;
  }
}

/** A one-line account of a report, for assertion messages. */
export const describeReport = (report: ConsistencyReportLike) =>
  `${report.status}: ${report.reasons.join(' ')}${report.readModel.ok ? ` ${JSON.stringify(report.readModel.differences.sample.slice(0, 10))}` : ''}`;
