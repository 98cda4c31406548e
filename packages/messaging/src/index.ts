// core: what every side of messaging shares, storage- and broker-free.
export * from './core/envelope.ts';
export * from './core/transport.ts';
export * from './core/outbox.ts';
export * from './core/in-process-transport.ts';
export * from './core/saga.ts';
export * from './core/message-contract.ts';
export * from './core/saga-participant-contract.ts';
export * from './core/saga-store.in-memory.ts';
// The orchestrator kit: change notifier, live status stream, sweeper of overdue sagas, reply consumer.
export * from './core/saga-notifier.ts';
export * from './core/saga-status-stream.ts';
// postgres: outbox, inbox, saga state and status in the service's own database.
export * from './postgres/unit-of-work.ts';
export * from './postgres/outbox-relay.ts';
export * from './postgres/inbox-consumer.ts';
export * from './postgres/saga-store.postgres.ts';
export * from './postgres/saga-participant.ts';
export * from './postgres/saga-sweeper.ts';
export * from './postgres/saga-replies-consumer.ts';
export * from './postgres/messaging-status.ts';
export * from './postgres/messaging-upkeep.ts';
// kafka: the transport between services.
export * from './kafka/kafka-transport.ts';

import { fileURLToPath } from 'node:url';

/** The messaging tables' migrations, run by every service before its own. */
export const messagingMigrations = { name: 'messaging', directory: fileURLToPath(new URL('../migrations', import.meta.url)) };
