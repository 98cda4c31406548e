import type { z } from 'zod';
import type { Envelope } from '@tramita/messaging';

/** Validates a message's data against its contract; a mismatch throws (and ends in dead letters). */
export function parseMessage<S extends z.ZodType>(schema: S, envelope: Envelope): z.infer<S> {
  const result = schema.safeParse(envelope.data);
  if (!result.success) {
    throw new Error(`Message ${envelope.id} (${envelope.type}) does not match its contract: ${result.error.message}`);
  }
  return result.data;
}
