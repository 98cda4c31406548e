import { fileEventMessages } from '@tramita/contracts';
import type { Outbox } from '@tramita/messaging';
import type { Expediente } from '../domain/expediente.ts';

/** Turns the events the expediente recorded into messages on `files.events` (same transaction). */
export function sendRecordedEvents(expediente: Expediente, outbox: Outbox): void {
  for (const event of expediente.events.pull()) {
    outbox.send(fileEventMessages[event.type](event.snapshot));
  }
}
