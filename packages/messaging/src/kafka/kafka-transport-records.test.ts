import { describe, expect, it } from 'vitest';
import { buildEnvelope } from '../core/envelope.ts';
import { CLOUDEVENTS_CONTENT_TYPE, deadLetterRecord, deadLetterTopic, decodeRecord, encodeRecord, errorReason } from './kafka-transport-records.ts';

const cause = { source: 'files', correlationId: 'req-1', causationId: null };
const sample = () => buildEnvelope({ topic: 'files.events', type: 'FileCreated', subject: 'EXP-1', data: { code: 'EXP-1' } }, cause);

describe('Kafka records', () => {
  it('encodes a message as a CloudEvents structured-mode record keyed by its subject', () => {
    const message = sample();
    const record = encodeRecord(message);
    expect(record).toMatchObject({ topic: 'files.events', key: 'EXP-1' });
    expect(JSON.parse(record.value)).toEqual(message.envelope);
    expect(record.headers).toEqual({
      'content-type': CLOUDEVENTS_CONTENT_TYPE,
      ce_specversion: '1.0',
      ce_id: message.envelope.id,
      ce_type: 'FileCreated',
      ce_source: 'files',
    });
  });

  it('decodes what it encoded', () => {
    const message = sample();
    const record = encodeRecord(message);
    expect(decodeRecord(record.topic, record.key, record.value)).toEqual(message);
  });

  it('falls back to the subject when a record has no key', () => {
    const message = sample();
    expect(decodeRecord('files.events', undefined, encodeRecord(message).value).key).toBe('EXP-1');
  });

  it('refuses records that are not envelopes, saying why', () => {
    expect(() => decodeRecord('t', 'k', undefined)).toThrow('record has no value');
    expect(() => decodeRecord('t', 'k', '{oops')).toThrow('record value is not JSON');
    const { specversion: _omitted, ...withoutVersion } = sample().envelope;
    expect(() => decodeRecord('t', 'k', JSON.stringify(withoutVersion))).toThrow(/not a valid envelope: specversion/);
  });

  it('builds a dead-letter record that keeps key, value and headers and says why and where from', () => {
    const record = encodeRecord(sample());
    const dead = deadLetterRecord(
      { key: record.key, value: record.value, headers: Object.entries(record.headers) },
      { topic: 'files.events', partition: 2, offset: 41n },
      { group: 'index', suffix: '.dlq', reason: 'boom', attempts: 5 },
    );
    expect(dead).toEqual({
      topic: 'index.dlq',
      key: 'EXP-1',
      value: record.value,
      headers: {
        ...record.headers,
        dlq_reason: 'boom',
        dlq_attempts: '5',
        dlq_group: 'index',
        dlq_original_topic: 'files.events',
        dlq_original_partition: '2',
        dlq_original_offset: '41',
      },
    });
  });

  it('bounds the reason carried in a header and keeps raw records that had no key or value', () => {
    const dead = deadLetterRecord(
      { key: undefined, value: undefined, headers: [] },
      { topic: 't', partition: 0, offset: '0' },
      { group: 'g', suffix: '-dead', reason: 'x'.repeat(5_000), attempts: 0 },
    );
    expect(dead.topic).toBe(deadLetterTopic('g', '-dead'));
    expect(dead.topic).toBe('g-dead');
    expect(dead.key).toBe('');
    expect(dead.value).toBe('');
    expect(dead.headers.dlq_reason).toHaveLength(2_000);
  });

  it('turns anything thrown into a reason', () => {
    expect(errorReason(new Error('no such file'))).toBe('no such file');
    expect(errorReason('plain')).toBe('plain');
  });
});
