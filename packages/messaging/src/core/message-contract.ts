import type { Envelope, OutgoingMessage } from './envelope.ts';

/** Anything that checks a message's data and returns it typed: the contracts' zod schemas. */
export interface MessageSchema<T = unknown> {
  parse(data: unknown): T;
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

/** Message types and the schema of each one's data. */
export type MessageSchemas = { readonly [type: string]: MessageSchema };

/** The data a schema accepts and returns. */
export type DataOf<S> = S extends MessageSchema<infer T> ? T : never;

/** Checks a received message's data against its contract; a mismatch throws (and ends in dead letters). */
export function parseMessage<S extends MessageSchema>(schema: S, envelope: Envelope): DataOf<S> {
  const result = schema.safeParse(envelope.data);
  if (!result.success) {
    throw new Error(`Message ${envelope.id} (${envelope.type}) does not match its contract: ${result.error.message}`);
  }
  return result.data as DataOf<S>;
}

/** An event topic as its owner's contract defines it: each type's data and the aggregate it is about. */
export interface EventChannel<E extends MessageSchemas> {
  topic: string;
  events: E;
  /** The aggregate each event is about: its subject and partition key. */
  subjectOf: { [K in keyof E]: (data: DataOf<E[K]>) => string };
}

/** Typed builders of one channel's messages: `channel.ProcessDeleted(data)` checks the data and names the subject. */
export type EventBuilders<E extends MessageSchemas> = { [K in keyof E & string]: (data: DataOf<E[K]>) => OutgoingMessage };

export function eventBuilders<E extends MessageSchemas>(channel: EventChannel<E>): EventBuilders<E> {
  const subjectOf = channel.subjectOf as Record<string, (data: unknown) => string>;
  const builders: Record<string, (data: unknown) => OutgoingMessage> = {};
  for (const [type, schema] of Object.entries(channel.events)) {
    builders[type] = (data) => {
      const checked = schema.parse(data);
      return { topic: channel.topic, type, subject: subjectOf[type]!(checked), data: checked };
    };
  }
  return builders as EventBuilders<E>;
}
