import { describe, expect, it } from 'vitest';
import { messagingUpkeepSettings } from './messaging-upkeep-config.ts';

describe('messaging upkeep settings', () => {
  it('keeps published outbox rows 7 days and inbox ids 15 days, pruning every 15 minutes, when nothing is set', () => {
    expect(messagingUpkeepSettings({})).toEqual({ retention: { outboxHours: 168, inboxHours: 360 }, intervalMs: 900_000 });
    expect(messagingUpkeepSettings({ MESSAGING_OUTBOX_RETENTION_HOURS: '', MESSAGING_PRUNE_INTERVAL_SECONDS: ' ' })).toEqual(messagingUpkeepSettings({}));
  });

  it('reads the retentions in hours and the interval in seconds', () => {
    expect(
      messagingUpkeepSettings({ MESSAGING_OUTBOX_RETENTION_HOURS: '24', MESSAGING_INBOX_RETENTION_HOURS: '720', MESSAGING_PRUNE_INTERVAL_SECONDS: '60' }),
    ).toEqual({ retention: { outboxHours: 24, inboxHours: 720 }, intervalMs: 60_000 });
  });

  it('turns pruning off with an interval of 0', () => {
    expect(messagingUpkeepSettings({ MESSAGING_PRUNE_INTERVAL_SECONDS: '0' }).intervalMs).toBeNull();
  });

  it('refuses nonsense values, naming every one', () => {
    expect(() =>
      messagingUpkeepSettings({ MESSAGING_OUTBOX_RETENTION_HOURS: 'a week', MESSAGING_INBOX_RETENTION_HOURS: '12', MESSAGING_PRUNE_INTERVAL_SECONDS: '-5' }),
    ).toThrow(
      'Invalid messaging upkeep configuration:\n' +
        '  - MESSAGING_OUTBOX_RETENTION_HOURS: must be a number of hours\n' +
        '  - MESSAGING_INBOX_RETENTION_HOURS: must be at least 24 hours\n' +
        '  - MESSAGING_PRUNE_INTERVAL_SECONDS: must be 0 (off) or more seconds',
    );
    expect(() => messagingUpkeepSettings({ MESSAGING_OUTBOX_RETENTION_HOURS: '1.5' })).toThrow(
      'MESSAGING_OUTBOX_RETENTION_HOURS: must be a whole number of hours',
    );
    expect(() => messagingUpkeepSettings({ MESSAGING_INBOX_RETENTION_HOURS: '100000' })).toThrow('must be at most 87600 hours (ten years)');
    expect(() => messagingUpkeepSettings({ MESSAGING_PRUNE_INTERVAL_SECONDS: '90000' })).toThrow('must be at most 86400 seconds (a day)');
  });
});
