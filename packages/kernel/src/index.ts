export * from './errors.ts';
export * from './ids.ts';
export * from './clock.ts';
export * from './recorded-events.ts';
export * from './actor.ts';
export * from './identity-document.ts';
export * from './dir3-code.ts';
