import type { ProcessResource, ProcessSnapshot } from '@tramita/contracts';
import { bpmEventMessages } from '@tramita/contracts';
import type { Actor } from '@tramita/kernel';
import type { Procedure } from '../domain/procedure.ts';
import type { Process } from '../domain/process.ts';
import type { Outbox } from './ports.ts';

/** A process as callers see it (the contract `GET /api/files/{code}/process` serves): with its procedure's name and the full phase history. */
export type ProcessView = ProcessResource;

const actor = (a: Actor): Actor => ({ username: a.username, displayName: a.displayName });

export function processView(process: Process, procedure: Procedure): ProcessView {
  const state = process.state();
  return {
    ...snapshotOf(process),
    organism: process.organism,
    procedure: { ...state.procedure, name: procedure.name },
    history: state.history.map((step) => ({
      phase: step.phase,
      enteredAt: step.enteredAt.toISOString(),
      enteredBy: actor(step.enteredBy),
      finishedAt: step.finishedAt?.toISOString() ?? null,
      finishedBy: step.finishedBy ? actor(step.finishedBy) : null,
    })),
  };
}

/** The state-carrying payload of bpm.events (packages/contracts/src/bpm.ts). */
export function snapshotOf(process: Process): ProcessSnapshot {
  const state = process.state();
  return {
    processId: state.processId,
    fileCode: state.fileCode,
    organism: state.organism,
    procedure: { ...state.procedure },
    phase: process.phase,
    finished: state.finished,
    startedAt: state.startedAt.toISOString(),
    updatedAt: state.updatedAt.toISOString(),
    version: state.version,
  };
}

/** Turns the events the process recorded into bpm.events messages. */
export function publishProcessEvents(process: Process, outbox: Outbox): void {
  for (const event of process.events.pull()) {
    const snapshot = snapshotOf(process);
    outbox.send(
      event.type === 'ProcessStarted'
        ? bpmEventMessages.ProcessStarted(snapshot)
        : bpmEventMessages.ProcessAdvanced({ ...snapshot, from: event.from, by: actor(event.by) }),
    );
  }
}
