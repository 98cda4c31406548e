import { fileURLToPath } from 'node:url';
import type { ColumnType, Generated } from 'kysely';
import type { MigrationSet } from '@tramita/platform';

/** A jsonb column: written as JSON text, read as the parsed value. */
export type Json = ColumnType<unknown, string, string>;

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
  current_version: Generated<number>;
  captured_at: Date;
  eni_identifier: string | null;
  origen: string;
  estado_elaboracion: string;
  documento_origen: string | null;
  tipo_documental: string;
  folder: string | null;
  position: number | null;
  incorporated_at: Date | null;
  removed_at: Date | null;
  removed_by_username: string | null;
  removed_by_display_name: string | null;
  removal_reason: string | null;
}

export interface DocumentVersionsTable {
  document_id: string;
  version: number;
  blob_key: string;
  name: string;
  media_type: string;
  size: string | number;
  sha256: string;
  created_at: Date;
  created_by_username: string;
  created_by_display_name: string;
}

export interface CsvsTable {
  csv: string;
  document_id: string;
  version: number;
  sha256: string;
  organ: string;
  regulation: string;
  issued_at: Date;
  available_until: Date | null;
  annulled_at: Date | null;
  annulment_reason: string | null;
}

export interface ExpedientesTable {
  organism: string;
  file_code: string;
  eni_identifier: string;
  opened_at: Date;
  procedure_code: string | null;
  finished: boolean;
  process_version: number;
  updated_at: Date;
}

export interface IndicesTable {
  id: string;
  organism: string;
  file_code: string;
  estado: string;
  fecha_indice: Date;
  xml: string;
  entries: Json;
  firmas: Json;
  csv: string | null;
  created_at: Date;
  created_by_username: string;
  created_by_display_name: string;
}

/** The docs service's own tables (the messaging tables come from @tramita/messaging). */
export interface DocsDatabase {
  documents: DocumentsTable;
  document_versions: DocumentVersionsTable;
  csvs: CsvsTable;
  expedientes: ExpedientesTable;
  indices: IndicesTable;
}

export const docsMigrations: MigrationSet = { name: 'docs', directory: fileURLToPath(new URL('./migrations', import.meta.url)) };
