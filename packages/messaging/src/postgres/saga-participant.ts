import { sql } from 'kysely';
import type { Envelope } from '../core/envelope.ts';
import { parseMessage, type DataOf, type MessageSchemas } from '../core/message-contract.ts';
import type { Outbox } from '../core/outbox.ts';
import { sagaReply } from '../core/saga.ts';
import type { ParticipantContract } from '../core/saga-participant-contract.ts';
import type { Subscription } from '../core/transport.ts';
import { inboxConsumer, type MessageHandler } from './inbox-consumer.ts';
import type { SqlExecutor, UnitOfWork } from './unit-of-work.ts';

/** What a participant's handler answers: the reply to send, checked against the participant's contract. */
export interface ParticipantReply {
  outcome: 'success' | 'failure';
  type: string;
  data: unknown;
}

/** Typed reply builders handed to each handler. */
export interface ReplyBuilder<R extends MessageSchemas> {
  success<K extends keyof R & string>(type: K, data: DataOf<R[K]>): ParticipantReply;
  failure<K extends keyof R & string>(type: K, data: DataOf<R[K]>): ParticipantReply;
}

export interface ParticipantContext<R extends MessageSchemas> {
  envelope: Envelope;
  outbox: Outbox;
  /** The saga instance asking, or null for a command sent outside a saga. */
  sagaId: string | null;
  reply: ReplyBuilder<R>;
}

/** One handler per command of the contract, each given the command's data already checked and typed. */
export type ParticipantHandlers<C extends MessageSchemas, R extends MessageSchemas, Tx extends SqlExecutor> = {
  [K in keyof C & string]: (trx: Tx, command: DataOf<C[K]>, context: ParticipantContext<R>) => Promise<ParticipantReply>;
};

/**
 * A saga participant's consumer on its command topic, for every participant alike: each command
 * is checked against the contract and applied in the inbox transaction (effectively once), and
 * its reply, checked too, leaves through the outbox of that same transaction to the command's
 * `replyto`. Commands sent outside a saga get no reply (there is nowhere to send it).
 *
 * Late commands: a compensating command records its saga step in `saga_compensations`; the
 * original command of that step arriving afterwards (a slow broker, a redelivery) is refused
 * with the contract's failure reply and never reaches the handler, so a compensated step is
 * never applied for good.
 */
export function sagaParticipantConsumer<C extends MessageSchemas, R extends MessageSchemas, Tx extends SqlExecutor>(
  contract: ParticipantContract<C, R>,
  options: { unitOfWork: UnitOfWork<Tx>; handlers: ParticipantHandlers<C, R, Tx> },
): Subscription {
  const replies = contract.replies as MessageSchemas;
  const checked = (outcome: ParticipantReply['outcome']) => (type: string, data: unknown) => {
    const schema = replies[type];
    if (!schema) throw new Error(`${contract.service} has no reply ${type} in its contract.`);
    return { outcome, type, data: schema.parse(data) };
  };
  const reply: ReplyBuilder<R> = { success: checked('success'), failure: checked('failure') };
  const compensations = contract.compensations as Record<string, { undoneBy: string; refusedWith: string } | undefined>;
  const undoing = new Set(Object.values(compensations).flatMap((entry) => (entry ? [entry.undoneBy] : [])));
  const handlers = options.handlers as Record<string, (trx: Tx, command: unknown, context: ParticipantContext<R>) => Promise<ParticipantReply>>;

  const handlerFor =
    (type: string): MessageHandler<Tx> =>
    async (trx, envelope, outbox) => {
      const command = parseMessage(contract.commands[type]!, envelope);
      const saga = envelope.sagaid && envelope.sagastep ? { id: envelope.sagaid, step: envelope.sagastep } : null;
      const send = (answer: ParticipantReply) => {
        if (saga && envelope.replyto) outbox.send(sagaReply(envelope, answer.outcome, answer.type, answer.data));
      };
      const compensation = compensations[type];
      if (saga && compensation && envelope.sagadirection !== 'backward' && (await wasCompensated(trx, saga.id, saga.step))) {
        send(
          checked('failure')(compensation.refusedWith, {
            reason: `Step "${saga.step}" of saga ${saga.id} was already compensated; its command is not applied late.`,
          }),
        );
        return;
      }
      if (saga && undoing.has(type)) await recordCompensation(trx, saga.id, saga.step);
      send(await handlers[type]!(trx, command, { envelope, outbox, sagaId: saga?.id ?? null, reply }));
    };

  return inboxConsumer({
    group: contract.service,
    source: contract.service,
    topics: [contract.commandTopic],
    unitOfWork: options.unitOfWork,
    handlers: Object.fromEntries(Object.keys(contract.commands).map((type) => [type, handlerFor(type)])),
  });
}

async function wasCompensated(trx: SqlExecutor, sagaId: string, step: string): Promise<boolean> {
  const found = await sql`select 1 from saga_compensations where saga_id = ${sagaId} and step = ${step}`.execute(trx);
  return found.rows.length > 0;
}

async function recordCompensation(trx: SqlExecutor, sagaId: string, step: string): Promise<void> {
  await sql`insert into saga_compensations (saga_id, step) values (${sagaId}, ${step}) on conflict do nothing`.execute(trx);
}
