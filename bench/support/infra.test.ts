import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { infraEndpoints, infraProblem, reachable } from './infra.ts';

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

async function listening(): Promise<number> {
  const server = createServer((socket) => socket.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('infrastructure of distributed mode', () => {
  it('finds the servers where scripts/infra puts them, honouring the same variables', () => {
    expect(infraEndpoints({})).toEqual({
      postgres: { host: '127.0.0.1', port: 55432 },
      brokers: '127.0.0.1:59092',
      kafka: [{ host: '127.0.0.1', port: 59092 }],
    });
    const custom = infraEndpoints({ TRAMITA_PG_PORT: '6000', KAFKA_BROKERS: 'a:1, b:2' });
    expect(custom.postgres.port).toBe(6000);
    expect(custom.kafka).toEqual([
      { host: 'a', port: 1 },
      { host: 'b', port: 2 },
    ]);
    expect(infraEndpoints({ TRAMITA_KAFKA_PORT: '7000' }).brokers).toBe('127.0.0.1:7000');
  });

  it('tells which server is down and how to start it, and nothing when both answer', () => {
    const endpoints = infraEndpoints({});
    expect(infraProblem(endpoints, { postgres: true, kafka: true })).toBeUndefined();
    const both = infraProblem(endpoints, { postgres: false, kafka: false })!;
    expect(both).toContain('PostgreSQL does not answer on 127.0.0.1:55432');
    expect(both).toContain('bash scripts/infra/postgres.sh start');
    expect(both).toContain('Kafka does not answer on 127.0.0.1:59092');
    expect(both).toContain('bash scripts/infra/kafka.sh start');
    expect(both).toMatch(/never falls back to all-in-one/);
    const kafkaOnly = infraProblem(endpoints, { postgres: true, kafka: false })!;
    expect(kafkaOnly).not.toContain('PostgreSQL does not answer');
  });

  it('sees whether a port accepts connections', async () => {
    const open = await listening();
    expect(await reachable({ host: '127.0.0.1', port: open })).toBe(true);
    const closedServer = servers.pop()!;
    await new Promise((resolve) => closedServer.close(resolve));
    expect(await reachable({ host: '127.0.0.1', port: open }, 500)).toBe(false);
  });
});
