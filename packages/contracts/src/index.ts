export * from './common.ts';
export * from './topics.ts';
export * from './auth.ts';
export * from './files.ts';
export * from './bpm.ts';
export * from './docs.ts';
export { parseMessage } from './parse.ts';
export { asyncApiDocument } from "./asyncapi.ts";
export * from './reconciliation.ts';
