export * from './auth.ts';
export * from './config.ts';
export * from './database.ts';
export * from './http-app.ts';
export * from './logger.ts';
export * from './migrations.ts';
export * from './problem.ts';
export * from './service-runtime.ts';
export { PGliteDialect } from './pglite-dialect.ts';
