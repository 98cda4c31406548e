export * from './envelope.ts';
export * from './transport.ts';
export * from './in-process-transport.ts';
export * from './kafka-transport.ts';
export * from './unit-of-work.ts';
export * from './outbox-relay.ts';
export * from './inbox-consumer.ts';
export * from './saga.ts';
export * from './saga-store.ts';

import { fileURLToPath } from 'node:url';

/** The messaging tables' migrations, run by every service before its own. */
export const messagingMigrations = { name: 'messaging', directory: fileURLToPath(new URL('../migrations', import.meta.url)) };
export * from './messaging-status.ts';
