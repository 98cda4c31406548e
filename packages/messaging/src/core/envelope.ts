import { z } from 'zod';
import { newId } from '@tramita/kernel';
import { currentTraceContext } from './message-tracing.ts';

/**
 * A message as it travels: CloudEvents 1.0 attributes plus our extensions. `subject` is the
 * aggregate id and the partition key, so messages about one aggregate stay ordered.
 */
export const envelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  subject: z.string().min(1),
  time: z.string(),
  datacontenttype: z.literal('application/json'),
  /** Version of the `data` schema for this `type`. */
  schemaversion: z.number().int().positive(),
  /** Id shared by every message of one business flow (a request, a saga). */
  correlationid: z.string().min(1),
  /** Id of the message (or request) that caused this one. */
  causationid: z.string().nullable(),
  /** Saga instance this command or reply belongs to. */
  sagaid: z.string().optional(),
  /** Saga step name and direction ("forward" or "backward"). */
  sagastep: z.string().optional(),
  sagadirection: z.enum(['forward', 'backward']).optional(),
  /** Topic a saga participant sends its reply to. */
  replyto: z.string().optional(),
  /** A reply's outcome. */
  outcome: z.enum(['success', 'failure']).optional(),
  /** W3C trace context of the code that sent it (CloudEvents distributed-tracing extension); absent when nothing is traced. */
  traceparent: z.string().optional(),
  tracestate: z.string().optional(),
  data: z.unknown(),
});

export type Envelope<T = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: T };

/** A message ready for a transport: its topic, its partition key and its envelope. */
export interface TransportMessage {
  topic: string;
  key: string;
  envelope: Envelope;
}

/** What a producer states; the envelope fills in the rest. */
export interface OutgoingMessage {
  topic: string;
  type: string;
  /** Aggregate id: subject and partition key. */
  subject: string;
  data: unknown;
  schemaVersion?: number;
  saga?: { id: string; step: string; direction: 'forward' | 'backward'; replyTo?: string };
  outcome?: 'success' | 'failure';
}

/** Where a message comes from: the service, and what caused it (a request or a message). */
export interface MessageCause {
  source: string;
  correlationId: string;
  causationId: string | null;
}

export function buildEnvelope(message: OutgoingMessage, cause: MessageCause, now: Date = new Date()): TransportMessage {
  const envelope: Envelope = {
    specversion: '1.0',
    id: newId(now.getTime()),
    source: cause.source,
    type: message.type,
    subject: message.subject,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    schemaversion: message.schemaVersion ?? 1,
    correlationid: cause.correlationId,
    causationid: cause.causationId,
    data: message.data,
  };
  if (message.saga) {
    envelope.sagaid = message.saga.id;
    envelope.sagastep = message.saga.step;
    envelope.sagadirection = message.saga.direction;
    if (message.saga.replyTo) envelope.replyto = message.saga.replyTo;
  }
  if (message.outcome) envelope.outcome = message.outcome;
  Object.assign(envelope, currentTraceContext());
  return { topic: message.topic, key: message.subject, envelope };
}

/** The cause of messages produced while handling `envelope` inside `source`. */
export function causedBy(envelope: Envelope, source: string): MessageCause {
  return { source, correlationId: envelope.correlationid, causationId: envelope.id };
}
