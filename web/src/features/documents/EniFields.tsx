import { useTranslation } from 'react-i18next';
import { FormField } from '../forms/FormField.tsx';
import type { FieldErrors } from '../forms/use-form-submit.ts';
import { ESTADOS_ELABORACION, ORIGENES, TIPOS_DOCUMENTALES, needsSourceDocument } from './documents.ts';
import type { EniDraft, EniField } from './eni-draft.ts';

interface Props {
  /** Prefix of the controls' ids (one per form on the page). */
  id: string;
  draft: EniDraft;
  errors: FieldErrors<EniField>;
  onChange: (draft: EniDraft) => void;
}

/**
 * The ENI metadata a case worker states of a document: tipo documental and estado de elaboración
 * by their official names, origin, the source document (asked for, and required, only for the
 * copies that have one: EE02 and EE04) and the folder of the índice.
 */
export function EniFields({ id, draft, errors, onChange }: Props) {
  const { t } = useTranslation();
  const set = (change: Partial<EniDraft>) => onChange({ ...draft, ...change });
  const originError = `${id}-origen-error`;
  return (
    <>
      <FormField id={`${id}-tipo`} label={t('documents.fields.tipo')} required error={errors.tipoDocumental}>
        {(control) => (
          <select {...control} value={draft.tipoDocumental} onChange={(e) => set({ tipoDocumental: e.target.value as EniDraft['tipoDocumental'] })}>
            <option value="">{t('documents.fields.chooseTipo')}</option>
            {TIPOS_DOCUMENTALES.map((code) => (
              <option key={code} value={code}>
                {t('documents.codeName', { code, name: t(`documents.tipos.${code}`) })}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <fieldset className="field" aria-describedby={errors.origen ? originError : undefined}>
        <legend className="label">
          {t('documents.fields.origen')} <span className="required">{t('common.required')}</span>
        </legend>
        <div className="checks">
          {ORIGENES.map((value) => (
            <label key={value} className="check">
              <input
                type="radio"
                name={`${id}-origen`}
                value={value}
                checked={draft.origen === value}
                aria-invalid={errors.origen ? true : undefined}
                onChange={() => set({ origen: value })}
              />
              {t(`documents.origenes.${value}`)}
            </label>
          ))}
        </div>
        {errors.origen ? (
          <p id={originError} className="field-error">
            {errors.origen}
          </p>
        ) : null}
      </fieldset>
      <FormField id={`${id}-estado`} label={t('documents.fields.estado')} required error={errors.estadoElaboracion}>
        {(control) => (
          <select {...control} value={draft.estadoElaboracion} onChange={(e) => set({ estadoElaboracion: e.target.value as EniDraft['estadoElaboracion'] })}>
            <option value="">{t('documents.fields.chooseEstado')}</option>
            {ESTADOS_ELABORACION.map((code) => (
              <option key={code} value={code}>
                {t('documents.codeName', { code, name: t(`documents.estados.${code}`) })}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {needsSourceDocument(draft.estadoElaboracion) ? (
        <FormField
          id={`${id}-source`}
          label={t('documents.fields.source')}
          required
          hint={t('documents.fields.sourceHint')}
          error={errors.identificadorDocumentoOrigen}
        >
          {(control) => (
            <input
              {...control}
              value={draft.identificadorDocumentoOrigen}
              maxLength={80}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => set({ identificadorDocumentoOrigen: e.target.value })}
            />
          )}
        </FormField>
      ) : null}
      <FormField id={`${id}-folder`} label={t('documents.fields.folder')} hint={t('documents.fields.folderHint')} error={errors.folder}>
        {(control) => <input {...control} value={draft.folder} autoComplete="off" spellCheck={false} onChange={(e) => set({ folder: e.target.value })} />}
      </FormField>
    </>
  );
}
