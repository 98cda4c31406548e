export type * from './model.ts';
export type * from './engine-api.ts';
