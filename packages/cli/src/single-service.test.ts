import { describe, expect, it } from 'vitest';
import { launcherConfig } from './launcher-config.ts';
import { singleServiceProblems, startSingleService } from './single-service.ts';

describe('tramita start --target', () => {
  it('refuses a messaging service on the in-process transport and says what to do', async () => {
    const config = launcherConfig({});
    await expect(startSingleService('bpm', config, {})).rejects.toThrow(/needs TRAMITA_TRANSPORT=kafka/);
  });

  it('counts auth among the messaging services: it publishes auth.events (revocations, ADR 0010)', () => {
    expect(singleServiceProblems('auth', launcherConfig({})).join('\n')).toMatch(/needs TRAMITA_TRANSPORT=kafka/);
  });

  it('names every missing setting of the distributed mode at once', () => {
    const problems = singleServiceProblems('files', launcherConfig({ TRAMITA_TRANSPORT: 'kafka' }));
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/KAFKA_BROKERS/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL/);
  });

  it('accepts brokers and a PostgreSQL URL, and rejects a database URL of another kind', () => {
    const env = { TRAMITA_TRANSPORT: 'kafka', KAFKA_BROKERS: '127.0.0.1:59092, kafka-2:9092', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/tramita_files' };
    const config = launcherConfig(env);
    expect(config.kafka).toEqual({ brokers: ['127.0.0.1:59092', 'kafka-2:9092'], partitions: 3, replicationFactor: 1, topicPrefix: '' });
    expect(singleServiceProblems('files', config)).toEqual([]);
    expect(singleServiceProblems('gateway', launcherConfig({ TRAMITA_TRANSPORT: 'kafka' }))).toEqual([]);
    expect(singleServiceProblems('docs', launcherConfig({ ...env, DATABASE_URL: 'mysql://x' }))).toEqual([
      'DATABASE_URL must be a PostgreSQL URL starting with postgres:// or postgresql://.',
    ]);
  });

  it('reports malformed Kafka settings readably', () => {
    expect(() => launcherConfig({ KAFKA_BROKERS: 'localhost', KAFKA_PARTITIONS: '0' })).toThrow(/KAFKA_BROKERS.*host:port[\s\S]*KAFKA_PARTITIONS/);
  });

  it('reads the default organism as a DIR3 code, and refuses another shape readably', () => {
    expect(launcherConfig({}).defaultOrganism).toBe('E00000000');
    expect(launcherConfig({ TRAMITA_DEFAULT_ORGANISM: 'L01280796' }).defaultOrganism).toBe('L01280796');
    expect(() => launcherConfig({ TRAMITA_DEFAULT_ORGANISM: 'madrid' })).toThrow(/TRAMITA_DEFAULT_ORGANISM: must be a DIR3 code/);
  });
});
