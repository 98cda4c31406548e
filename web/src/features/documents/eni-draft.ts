import type { TFunction } from 'i18next';
import type { FieldErrors } from '../forms/use-form-submit.ts';
import {
  FOLDER_PATTERN,
  SOURCE_MAX,
  needsSourceDocument,
  type DocumentItem,
  type EniInput,
  type EstadoElaboracion,
  type Origen,
  type TipoDocumental,
} from './documents.ts';

/** The ENI metadata as the form holds them while the case worker fills them in. */
export interface EniDraft {
  tipoDocumental: TipoDocumental | '';
  origen: Origen | '';
  estadoElaboracion: EstadoElaboracion | '';
  identificadorDocumentoOrigen: string;
  folder: string;
}

export type EniField = 'tipoDocumental' | 'origen' | 'estadoElaboracion' | 'identificadorDocumentoOrigen' | 'folder';

export const EMPTY_ENI_DRAFT: EniDraft = { tipoDocumental: '', origen: '', estadoElaboracion: '', identificadorDocumentoOrigen: '', folder: '' };

/** A document's metadata as they stand, to be corrected. */
export function draftOf(document: DocumentItem): EniDraft {
  return {
    tipoDocumental: document.eni?.tipoDocumental ?? '',
    origen: document.eni?.origen ?? '',
    estadoElaboracion: document.eni?.estadoElaboracion ?? '',
    identificadorDocumentoOrigen: document.eni?.identificadorDocumentoOrigen ?? '',
    folder: document.folder ?? '',
  };
}

/** What is wrong with the draft, in words; the same rules docs applies (documentEniInputSchema, NTI for EE02/EE04). */
export function checkEniDraft(draft: EniDraft, t: TFunction): FieldErrors<EniField> {
  const errors: FieldErrors<EniField> = {};
  if (!draft.tipoDocumental) errors.tipoDocumental = t('documents.fields.tipoRequired');
  if (!draft.origen) errors.origen = t('documents.fields.origenRequired');
  if (!draft.estadoElaboracion) errors.estadoElaboracion = t('documents.fields.estadoRequired');
  const source = draft.identificadorDocumentoOrigen.trim();
  if (needsSourceDocument(draft.estadoElaboracion) && !source) errors.identificadorDocumentoOrigen = t('documents.fields.sourceRequired');
  else if (source.length > SOURCE_MAX) errors.identificadorDocumentoOrigen = t('documents.fields.sourceTooLong');
  const folder = draft.folder.trim();
  if (folder && !FOLDER_PATTERN.test(folder)) errors.folder = t('documents.fields.folderInvalid');
  return errors;
}

/** The body docs reads; only call it on a draft `checkEniDraft` found clean. A source document is sent only for the copies that have one. */
export function eniInputOf(draft: EniDraft): EniInput {
  const estado = draft.estadoElaboracion as EstadoElaboracion;
  return {
    tipoDocumental: draft.tipoDocumental as TipoDocumental,
    origen: draft.origen as Origen,
    estadoElaboracion: estado,
    identificadorDocumentoOrigen: needsSourceDocument(estado) ? draft.identificadorDocumentoOrigen.trim() : null,
    folder: draft.folder.trim() || null,
  };
}
