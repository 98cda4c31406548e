import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PGliteDialect } from '../../../platform/src/pglite-dialect.ts';
import { buildEnvelope, type Envelope, type TransportMessage } from '../core/envelope.ts';
import { participantProxy, type ParticipantContract } from '../core/saga-participant-contract.ts';
import { messagingMigrations } from '../index.ts';
import { migrate } from '../../../platform/src/migrations.ts';
import { sagaParticipantConsumer } from './saga-participant.ts';
import { UnitOfWork } from './unit-of-work.ts';

const commands = {
  Reserve: z.object({ seat: z.string().min(1) }),
  Release: z.object({ seat: z.string().min(1) }),
};
const replies = {
  Reserved: z.object({ seat: z.string() }),
  ReserveFailed: z.object({ reason: z.string().min(1) }),
  Released: z.object({ seat: z.string() }),
};
const theatre = {
  service: 'theatre',
  commandTopic: 'theatre.commands',
  commands,
  replies,
  subjectOf: { Reserve: (command) => command.seat, Release: (command) => command.seat },
  compensations: { Reserve: { undoneBy: 'Release', refusedWith: 'ReserveFailed' } },
} satisfies ParticipantContract<typeof commands, typeof replies>;
const proxy = participantProxy(theatre);

describe('a saga participant consumer', () => {
  let db: Kysely<unknown>;
  let applied: string[];
  let badReply: boolean;

  beforeEach(async () => {
    db = new Kysely<unknown>({ dialect: new PGliteDialect(await PGlite.create()) });
    await migrate(db, [messagingMigrations]);
    applied = [];
    badReply = false;
  });
  afterEach(() => db.destroy());

  const consumer = () =>
    sagaParticipantConsumer(theatre, {
      unitOfWork: new UnitOfWork(db),
      handlers: {
        Reserve: async (_trx, command, { reply }) => {
          applied.push(`reserve ${command.seat}`);
          if (command.seat === 'taken') return reply.failure('ReserveFailed', { reason: 'Seat taken.' });
          return reply.success('Reserved', badReply ? ({ seat: 42 } as unknown as { seat: string }) : { seat: command.seat });
        },
        Release: async (_trx, command, { reply }) => {
          applied.push(`release ${command.seat}`);
          return reply.success('Released', { seat: command.seat });
        },
      },
    });

  /** A command as the orchestrator's proxy builds it and its saga engine sends it. */
  function command(built: ReturnType<typeof proxy.Reserve>, saga: { id: string; step: string; direction: 'forward' | 'backward' } | null): TransportMessage {
    return buildEnvelope(
      { ...built, ...(saga ? { saga: { ...saga, replyTo: 'orchestrator.replies' } } : {}) },
      { source: 'orchestrator', correlationId: 'c-1', causationId: null },
    );
  }
  const outbox = async () =>
    (await sql<{ topic: string; envelope: Envelope }>`select topic, envelope from outbox order by seq`.execute(db)).rows.map((row) => ({
      topic: row.topic,
      ...(typeof row.envelope === 'string' ? (JSON.parse(row.envelope) as Envelope) : row.envelope),
    }));

  it('builds commands from the contract: checked data, the subject the contract names', () => {
    expect(proxy.Reserve({ seat: 'A1' })).toEqual({ topic: 'theatre.commands', type: 'Reserve', subject: 'A1', data: { seat: 'A1' } });
    expect(() => proxy.Reserve({ seat: '' })).toThrow();
  });

  it('applies a command and replies on its reply topic, to its saga and step', async () => {
    await consumer().handle(command(proxy.Reserve({ seat: 'A1' }), { id: 's-1', step: 'reserve', direction: 'forward' }));
    expect(applied).toEqual(['reserve A1']);
    expect(await outbox()).toMatchObject([
      {
        topic: 'orchestrator.replies',
        type: 'Reserved',
        outcome: 'success',
        sagaid: 's-1',
        sagastep: 'reserve',
        sagadirection: 'forward',
        data: { seat: 'A1' },
        source: 'theatre',
      },
    ]);
  });

  it('sends the failure reply the handler chose', async () => {
    await consumer().handle(command(proxy.Reserve({ seat: 'taken' }), { id: 's-1', step: 'reserve', direction: 'forward' }));
    expect(await outbox()).toMatchObject([{ type: 'ReserveFailed', outcome: 'failure', data: { reason: 'Seat taken.' } }]);
  });

  it('refuses the late command of a compensated step without applying it, and only for that saga', async () => {
    const participant = consumer();
    await participant.handle(command(proxy.Release({ seat: 'A1' }), { id: 's-1', step: 'reserve', direction: 'backward' }));
    await participant.handle(command(proxy.Reserve({ seat: 'A1' }), { id: 's-1', step: 'reserve', direction: 'forward' }));
    expect(applied).toEqual(['release A1']);
    const [released, refused] = await outbox();
    expect(released).toMatchObject({ type: 'Released', outcome: 'success', sagadirection: 'backward' });
    expect(refused).toMatchObject({
      type: 'ReserveFailed',
      outcome: 'failure',
      sagaid: 's-1',
      data: { reason: expect.stringContaining('already compensated') },
    });

    await participant.handle(command(proxy.Reserve({ seat: 'A1' }), { id: 's-2', step: 'reserve', direction: 'forward' }));
    expect(applied).toEqual(['release A1', 'reserve A1']);
  });

  it('applies a command sent outside a saga without replying', async () => {
    await consumer().handle(command(proxy.Reserve({ seat: 'B2' }), null));
    expect(applied).toEqual(['reserve B2']);
    expect(await outbox()).toEqual([]);
  });

  it('refuses a command whose data breaks the contract before the handler sees it', async () => {
    const broken = command(proxy.Reserve({ seat: 'A1' }), { id: 's-1', step: 'reserve', direction: 'forward' });
    broken.envelope.data = { seat: 7 };
    await expect(consumer().handle(broken)).rejects.toThrow(/does not match its contract/);
    expect(applied).toEqual([]);
    expect(await outbox()).toEqual([]);
  });

  it('refuses a reply the contract does not allow, committing nothing', async () => {
    badReply = true;
    await expect(consumer().handle(command(proxy.Reserve({ seat: 'A1' }), { id: 's-1', step: 'reserve', direction: 'forward' }))).rejects.toThrow();
    expect(await outbox()).toEqual([]);
    expect((await sql`select 1 from inbox`.execute(db)).rows).toEqual([]);
  });
});
