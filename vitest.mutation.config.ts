import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run mutation` runs against each mutant (stryker.config.json): the unit tests of
 * the services' domain and application code and of the messaging core, which need no server or
 * browser. Stryker runs only the tests that cover a mutant.
 */
export default defineConfig({
  test: {
    include: ['services/*/src/domain/**/*.test.ts', 'services/*/src/application/**/*.test.ts', 'packages/messaging/src/core/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.int.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
