import { bpmEventChannel, type ProcessSnapshot } from '@tramita/contracts';
import type { Clock } from '@tramita/kernel';
import { eventHandlers, inboxConsumer, type SqlExecutor, type Subscription, type UnitOfWork } from '@tramita/messaging';
import type { EniIssuer } from '../../application/eni-issuer.ts';
import { followProcess } from '../../application/follow-process.ts';
import type { DocsRepositories, SealSigner } from '../../application/ports.ts';

/**
 * Keeps docs' register of expedientes in step with bpm (group `docs.bpm-events`): their procedure and
 * finished flag; closing one seals its índice (ADR 0017). Snapshots from before organisms carry
 * no organism: they belong to the default one.
 */
export function bpmEventsConsumer<Tx extends SqlExecutor>(deps: {
  unitOfWork: UnitOfWork<Tx>;
  repositoriesIn: (trx: Tx) => DocsRepositories;
  issuer: EniIssuer;
  signer: SealSigner | null;
  clock: Clock;
  defaultOrganism: string;
}): Subscription {
  const follow = (trx: Tx, process: ProcessSnapshot) =>
    followProcess(
      deps.repositoriesIn(trx),
      { issuer: deps.issuer, signer: deps.signer, clock: deps.clock },
      {
        fileCode: process.fileCode,
        organism: process.organism ?? deps.defaultOrganism,
        procedureCode: process.procedure.code,
        startedAt: new Date(process.startedAt),
        finished: process.finished,
        version: process.version,
      },
    );
  return inboxConsumer({
    // Its own group: a Kafka group whose members subscribe to different topics (docs' commands consumer is group `docs`) keeps rebalancing.
    group: 'docs.bpm-events',
    source: 'docs',
    topics: [bpmEventChannel.topic],
    unitOfWork: deps.unitOfWork,
    handlers: eventHandlers<typeof bpmEventChannel.events, Tx>(bpmEventChannel, { ProcessStarted: follow, ProcessAdvanced: follow }),
  });
}
