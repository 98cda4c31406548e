/** Checks a received message's data against its contract (defined once, in messaging's core). */
export { parseMessage } from '@tramita/messaging';
