export * from './errors.ts';
export * from './ids.ts';
export * from './clock.ts';
export * from './recorded-events.ts';
export * from './actor.ts';
