import type { DataOf, MessageSchemas } from './message-contract.ts';
import type { RemoteStep, SagaCommand } from './saga.ts';

/**
 * A saga participant as its contract defines it (packages/contracts): the commands it takes on
 * its command topic, the replies it sends, which aggregate each command is about, and which
 * commands a compensation undoes. Orchestrator and participant both build and check messages
 * from this one definition.
 */
export interface ParticipantContract<C extends MessageSchemas, R extends MessageSchemas> {
  /** The participant service: its consumer group and the `source` of its replies. */
  service: string;
  commandTopic: string;
  commands: C;
  replies: R;
  /** The aggregate each command is about: its subject and partition key, so a compensation follows its action. */
  subjectOf: { [K in keyof C]: (data: DataOf<C[K]>) => string };
  /**
   * Commands a compensation undoes: the compensating command, and the failure reply the original
   * gets when it arrives after its compensation (it is then refused, never applied late).
   */
  compensations: { [K in keyof C]?: { undoneBy: keyof C & string; refusedWith: keyof R & string } };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any contract, whatever its message types
export type AnyParticipantContract = ParticipantContract<any, any>;

/** The orchestrator's proxy for a participant (as FTGO's participant proxies): one typed builder per command. */
export type ParticipantProxy<C extends MessageSchemas> = { [K in keyof C & string]: (data: DataOf<C[K]>) => SagaCommand };

export function participantProxy<C extends MessageSchemas, R extends MessageSchemas>(contract: ParticipantContract<C, R>): ParticipantProxy<C> {
  const subjectOf = contract.subjectOf as Record<string, (data: unknown) => string>;
  const proxy: Record<string, (data: unknown) => SagaCommand> = {};
  for (const [type, schema] of Object.entries(contract.commands)) {
    proxy[type] = (data) => {
      const checked = schema.parse(data);
      return { topic: contract.commandTopic, type, subject: subjectOf[type]!(checked), data: checked };
    };
  }
  return proxy as ParticipantProxy<C>;
}

/** A remote step as the orchestrator writes it: replies folded into the saga data arrive checked and typed. */
export interface TypedRemoteStep<D, R extends MessageSchemas> {
  name: string;
  invoke: (data: D) => SagaCommand;
  onSuccess?: { [K in keyof R & string]?: (data: D, reply: DataOf<R[K]>) => D };
  /** Undoes what the action created. Must be idempotent and accept "never happened". */
  compensate?: (data: D) => SagaCommand;
}

/**
 * A saga step done by `participant`: every reply is checked against the participant's reply
 * contract before it is folded (a reply of an unknown type or shape throws and is dead-lettered).
 */
export function remoteStep<D, C extends MessageSchemas, R extends MessageSchemas>(
  participant: ParticipantContract<C, R>,
  step: TypedRemoteStep<D, R>,
): RemoteStep<D> {
  const folds = (step.onSuccess ?? {}) as Record<string, ((data: D, reply: unknown) => D) | undefined>;
  const replies = participant.replies as MessageSchemas;
  return {
    kind: 'remote',
    name: step.name,
    invoke: step.invoke,
    ...(step.compensate ? { compensate: step.compensate } : {}),
    checkReply(type, data) {
      const schema = replies[type];
      if (!schema) throw new Error(`${participant.service} has no reply ${type} in its contract.`);
      schema.parse(data);
    },
    onSuccess: Object.fromEntries(
      Object.entries(folds).flatMap(([type, fold]) => (fold ? [[type, (data: D, reply: unknown) => fold(data, replies[type]!.parse(reply))]] : [])),
    ),
  };
}
