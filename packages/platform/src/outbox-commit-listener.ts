import pg from 'pg';

/** The channel messaging migration 0004 notifies on every commit that wrote the outbox. */
export const OUTBOX_CHANNEL = 'tramita_outbox';

/** What the listener drives: an outbox relay (`OutboxRelay` has both). */
export interface CommitWakeable {
  wake(): void;
  setDatabaseWakes(listening: boolean): void;
}

export interface OutboxCommitListenerOptions {
  /** First wait before connecting again after the connection is lost; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  onConnectionLost?: (error: Error | undefined) => void;
}

/**
 * Keeps one connection of its own to the service's PostgreSQL database listening on
 * `tramita_outbox`, so every replica's relay wakes on every replica's commit (ADR 0018) instead of
 * polling. While it is not connected the relay is told so and falls back to reading until a round
 * finds nothing and to polling; it connects again with a growing wait. The connection is not one
 * of the pool's: a pooled connection returns to the pool and forgets what it listened to.
 */
export function listenForOutboxCommits(url: string, relay: CommitWakeable, options: OutboxCommitListenerOptions = {}): { stop(): Promise<void> } {
  const retryMs = options.retryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  let stopped = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let wait = retryMs;

  const lost = (current: pg.Client, error: Error | undefined) => {
    if (client !== current) return; // already handled ('error' and 'end' both come)
    client = undefined;
    relay.setDatabaseWakes(false);
    current.end().catch(() => undefined);
    if (stopped) return;
    options.onConnectionLost?.(error);
    timer = setTimeout(connect, wait);
    wait = Math.min(wait * 2, maxRetryMs);
  };

  const connect = () => {
    if (stopped) return;
    const current = new pg.Client({ connectionString: url });
    client = current;
    current.on('notification', () => relay.wake());
    current.on('error', (error) => lost(current, error));
    current.on('end', () => lost(current, undefined));
    current
      .connect()
      .then(() => current.query(`listen ${OUTBOX_CHANNEL}`))
      .then(() => {
        if (client !== current) return;
        wait = retryMs;
        relay.setDatabaseWakes(true);
      })
      .catch((error: Error) => lost(current, error));
  };

  connect();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const current = client;
      client = undefined;
      relay.setDatabaseWakes(false);
      await current?.end().catch(() => undefined);
    },
  };
}
