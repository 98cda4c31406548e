import { z } from 'zod';
import { DEFAULT_MESSAGING_RETENTION, MAX_RETENTION_HOURS, MIN_INBOX_RETENTION_HOURS, type MessagingRetention } from '@tramita/messaging';
import { parseEnv } from './config.ts';

const hours = (min: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number of hours' })
    .int({ error: 'must be a whole number of hours' })
    .min(min, { error: `must be at least ${min} hours` })
    .max(MAX_RETENTION_HOURS, { error: `must be at most ${MAX_RETENTION_HOURS} hours (ten years)` })
    .default(fallback);

const schema = z.object({
  /** Published outbox rows older than this are deleted (unsent rows never are). */
  MESSAGING_OUTBOX_RETENTION_HOURS: hours(1, DEFAULT_MESSAGING_RETENTION.outboxHours),
  /** Inbox ids older than this are deleted: it must outlast every redelivery (see messaging-upkeep.ts). */
  MESSAGING_INBOX_RETENTION_HOURS: hours(MIN_INBOX_RETENTION_HOURS, DEFAULT_MESSAGING_RETENTION.inboxHours),
  /** How often each replica prunes; 0 turns pruning off. */
  MESSAGING_PRUNE_INTERVAL_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int({ error: 'must be a whole number of seconds' })
    .min(0, { error: 'must be 0 (off) or more seconds' })
    .max(86_400, { error: 'must be at most 86400 seconds (a day)' })
    .default(15 * 60),
});

/** How a service with a database prunes its messaging tables; `intervalMs` null: not at all. */
export interface MessagingUpkeepSettings {
  retention: MessagingRetention;
  intervalMs: number | null;
}

/** Reads the MESSAGING_* upkeep settings once, at start; an empty value means "not set". */
export function messagingUpkeepSettings(env: Record<string, string | undefined>): MessagingUpkeepSettings {
  const present = Object.fromEntries(
    ['MESSAGING_OUTBOX_RETENTION_HOURS', 'MESSAGING_INBOX_RETENTION_HOURS', 'MESSAGING_PRUNE_INTERVAL_SECONDS'].flatMap((name) => {
      const value = env[name]?.trim();
      return value ? [[name, value]] : [];
    }),
  );
  const parsed = parseEnv(schema, present, 'messaging upkeep configuration');
  return {
    retention: { outboxHours: parsed.MESSAGING_OUTBOX_RETENTION_HOURS, inboxHours: parsed.MESSAGING_INBOX_RETENTION_HOURS },
    intervalMs: parsed.MESSAGING_PRUNE_INTERVAL_SECONDS === 0 ? null : parsed.MESSAGING_PRUNE_INTERVAL_SECONDS * 1_000,
  };
}
