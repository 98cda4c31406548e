/** Rules of the creation form, checked in the browser before anything is sent (the server checks again). */
export const FILE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MAX_DESCRIPTION_LENGTH = 4000;
export const MAX_DOCUMENTS = 20;

export type CodeStatus = 'idle' | 'checking' | 'available' | 'taken' | 'invalid' | 'error';

export interface UploadItem {
  key: string;
  name: string;
  size: number;
  progress: number;
  status: 'uploading' | 'done' | 'error';
  documentId?: string;
  error?: unknown;
}

export interface CreateDraft {
  code: string;
  codeStatus: CodeStatus;
  initialOption: string;
  description: string;
  uploads: UploadItem[];
}

/** Field → catalogue key of its error; empty when the form may be sent. */
export function validateDraft(draft: CreateDraft): Partial<Record<'code' | 'initialOption' | 'description' | 'documents', string>> {
  const errors: Partial<Record<'code' | 'initialOption' | 'description' | 'documents', string>> = {};
  const code = draft.code.trim();
  if (!code) errors.code = 'create.errors.codeRequired';
  else if (!FILE_CODE_PATTERN.test(code)) errors.code = 'create.errors.codeInvalid';
  else if (draft.codeStatus === 'taken') errors.code = 'create.errors.codeTaken';
  if (!draft.initialOption) errors.initialOption = 'create.errors.optionRequired';
  if (draft.description.length > MAX_DESCRIPTION_LENGTH) errors.description = 'create.errors.descriptionTooLong';
  const done = draft.uploads.filter((u) => u.status === 'done');
  if (draft.uploads.some((u) => u.status === 'uploading')) errors.documents = 'create.errors.uploading';
  else if (done.length === 0) errors.documents = 'create.errors.documentsRequired';
  else if (done.length > MAX_DOCUMENTS) errors.documents = 'create.errors.tooManyDocuments';
  return errors;
}

export function createBody(draft: CreateDraft): { code: string; initialOption: string; description: string; documents: string[] } {
  return {
    code: draft.code.trim(),
    initialOption: draft.initialOption,
    description: draft.description.trim(),
    documents: draft.uploads.filter((u) => u.status === 'done' && u.documentId).map((u) => u.documentId as string),
  };
}

/** What the ENI import hands this form (in the navigation's state): documents docs already stored, unattached, and a description. */
export interface ImportedDraft {
  imported: { documents: { id: string; name: string; size: number }[]; description: string };
}

export function importedDraft(documents: { id: string; name: string; size: number }[], description: string): ImportedDraft {
  return { imported: { documents: documents.map(({ id, name, size }) => ({ id, name, size })), description } };
}

/** The imported documents as finished uploads, and the description, when the form was opened from an ENI import. */
export function importedFrom(state: unknown): { uploads: UploadItem[]; description: string } | null {
  const imported = (state as Partial<ImportedDraft> | null)?.imported;
  if (!imported || !Array.isArray(imported.documents)) return null;
  return {
    uploads: imported.documents.map((d, index) => ({ key: `imported-${index}`, name: d.name, size: d.size, progress: 1, status: 'done', documentId: d.id })),
    description: typeof imported.description === 'string' ? imported.description : '',
  };
}
