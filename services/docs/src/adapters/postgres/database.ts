import { fileURLToPath } from 'node:url';
import type { MigrationSet } from '@tramita/platform';

export interface DocumentsTable {
  id: string;
  name: string;
  media_type: string;
  /** bigint: pg returns it as a string. */
  size: string | number;
  sha256: string;
  file_code: string | null;
  attachment_id: string | null;
  /** The organism of the expediente it is attached to (ADR 0013); null while unattached. */
  organism: string | null;
  created_at: Date;
  created_by_username: string;
  created_by_display_name: string;
  updated_at: Date;
  updated_by_username: string;
  updated_by_display_name: string;
}

/** The docs service's own tables (the messaging tables come from @tramita/messaging). */
export interface DocsDatabase {
  documents: DocumentsTable;
}

export const docsMigrations: MigrationSet = { name: 'docs', directory: fileURLToPath(new URL('./migrations', import.meta.url)) };
