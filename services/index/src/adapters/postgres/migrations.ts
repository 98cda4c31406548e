import { fileURLToPath } from 'node:url';
import type { MigrationSet } from '@tramita/platform';

/** The index's own tables (the messaging tables come from @tramita/messaging). */
export const indexMigrations: MigrationSet = {
  name: 'index',
  directory: fileURLToPath(new URL('./migrations', import.meta.url)),
};
