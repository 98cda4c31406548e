import { envelopeSchema, type Envelope, type TransportMessage } from '../core/envelope.ts';

/**
 * How messages map to Kafka records (pure, no client): CloudEvents structured mode, the whole
 * envelope as the JSON value, the partition key as the record key, and `ce_` headers so tools can
 * route or inspect a record without parsing it.
 */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/** A record with string key, value and headers, as produced and consumed by the transport. */
export interface KafkaRecord {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Where a consumed record came from: needed to report a dead letter. */
export interface RecordOrigin {
  topic: string;
  partition: number;
  offset: bigint | string;
}

export function encodeRecord(message: TransportMessage): KafkaRecord {
  const { envelope } = message;
  return {
    topic: message.topic,
    key: message.key,
    value: JSON.stringify(envelope),
    headers: {
      'content-type': CLOUDEVENTS_CONTENT_TYPE,
      ce_specversion: envelope.specversion,
      ce_id: envelope.id,
      ce_type: envelope.type,
      ce_source: envelope.source,
    },
  };
}

/** Parses a consumed record back into a message; throws with a readable reason when it is not one. */
export function decodeRecord(topic: string, key: string | undefined, value: string | undefined): TransportMessage {
  if (value === undefined || value === '') throw new Error('record has no value');
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new Error('record value is not JSON');
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`record value is not a valid envelope: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`);
  }
  const envelope = parsed.data as Envelope;
  return { topic, key: key || envelope.subject, envelope };
}

export const deadLetterTopic = (group: string, suffix: string): string => `${group}${suffix}`;

/**
 * The record sent to a group's dead-letter topic: the original key and value untouched, the
 * original headers kept, and `dlq_` headers with the reason and where the record came from.
 */
export function deadLetterRecord(
  record: { key: string | undefined; value: string | undefined; headers: Iterable<[string, string]> },
  origin: RecordOrigin,
  failure: { group: string; suffix: string; reason: string; attempts: number },
): KafkaRecord {
  return {
    topic: deadLetterTopic(failure.group, failure.suffix),
    key: record.key ?? '',
    value: record.value ?? '',
    headers: {
      ...Object.fromEntries(record.headers),
      dlq_reason: failure.reason.slice(0, 2_000),
      dlq_attempts: String(failure.attempts),
      dlq_group: failure.group,
      dlq_original_topic: origin.topic,
      dlq_original_partition: String(origin.partition),
      dlq_original_offset: String(origin.offset),
    },
  };
}

export const errorReason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
