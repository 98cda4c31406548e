import type { MessageCause, OutgoingMessage } from './envelope.ts';

/** Messages a transaction will publish; written to the outbox when the transaction commits. */
export interface Outbox {
  send(message: OutgoingMessage): void;
  /** The cause stamped on every message sent through this outbox. */
  readonly cause: MessageCause;
}
