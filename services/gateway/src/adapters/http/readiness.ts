import type { ReadinessCheck } from '@tramita/platform';
import type { UpstreamName } from '../../application/routing-table.ts';

/** One readiness check per upstream: its `/health/live` answers 2xx. All probes run in parallel. */
export function upstreamReadiness(upstreams: Partial<Record<UpstreamName, string>>, timeoutMs = 2000): Record<string, ReadinessCheck> {
  let round: { startedAt: number; results: Promise<Map<string, boolean>> } | undefined;
  const probeAll = () => {
    // The platform runs checks one after another; they share one parallel round of probes.
    if (!round || Date.now() - round.startedAt > 500) {
      const entries = Object.entries(upstreams).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
      round = {
        startedAt: Date.now(),
        results: Promise.all(
          entries.map(async ([name, base]) => {
            try {
              const response = await fetch(`${base.replace(/\/$/, '')}/health/live`, { signal: AbortSignal.timeout(timeoutMs) });
              await response.body?.cancel();
              return [name, response.ok] as const;
            } catch {
              return [name, false] as const;
            }
          }),
        ).then((results) => new Map(results)),
      };
    }
    return round.results;
  };
  return Object.fromEntries(Object.keys(upstreams).map((name) => [name, async () => (await probeAll()).get(name) === true]));
}
