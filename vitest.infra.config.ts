import { defineConfig } from 'vitest/config';

/** The integration stage (`npm run test:infra`): adapters against real servers started by scripts/infra. */
export default defineConfig({
  test: {
    include: ['**/*.int.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
