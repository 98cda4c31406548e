import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExtendPlazoRequest } from '@tramita/contracts';
import { useServices } from '../api/context.tsx';
import { FormActions } from '../forms/FormActions.tsx';
import { FormField } from '../forms/FormField.tsx';
import { useFormSubmit } from '../forms/use-form-submit.ts';
import { NoteField } from './NoteField.tsx';
import { PlazoProblem } from './PlazoProblem.tsx';
import {
  LEGAL_UNITS,
  NOTE_MAX,
  codeKey,
  extensionArticles,
  instantOf,
  plazoPath,
  type ExtensionArticle,
  type LegalUnit,
  type PlazoFormProps,
  zoneKey,
} from './plazos.ts';

/**
 * "Ampliar": the article that allows it (art. 23 for the maximum plazo; art. 32 or 68.2 for a
 * trámite's), how much, when the interested party asked (none: de oficio) and the motivation.
 * The limits (at most the original plazo, half, five días) and "before expiry" are bpm's to check:
 * its refusal says which.
 */
export function ExtendForm({ code, plazo, timeZone, onDone, onCancel }: PlazoFormProps) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const { form, errors, check, sending, failure, send } = useFormSubmit<'value' | 'requestedAt' | 'reason'>({ focusOnOpen: 'select' });
  const articles = extensionArticles(plazo.kind);
  const [article, setArticle] = useState<ExtensionArticle>(articles[0]!);
  const [value, setValue] = useState('');
  const [unit, setUnit] = useState<LegalUnit>(plazo.duration.unit);
  const [requestedAt, setRequestedAt] = useState('');
  const [reason, setReason] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const amount = Number(value);
    const requested = requestedAt ? instantOf(requestedAt, timeZone) : null;
    const found: typeof errors = {};
    if (!/^\d+$/.test(value.trim()) || amount < 1 || amount > 1000) found.value = t('plazos.extend.valueInvalid');
    if (requestedAt && !requested) found.requestedAt = t('plazos.forms.dateTimeInvalid');
    if (!reason.trim()) found.reason = t('plazos.extend.reasonRequired');
    else if (reason.trim().length > NOTE_MAX) found.reason = t('plazos.forms.tooLong', { max: NOTE_MAX });
    if (!check(found)) return;
    const body: ExtendPlazoRequest = { article, duration: { value: amount, unit }, reason: reason.trim(), ...(requested ? { requestedAt: requested } : {}) };
    await send(() => api.json('POST', `${plazoPath(code, plazo.plazoId)}/extensions`, { body }), onDone);
  };

  return (
    <form ref={form} className="subcard form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h4 id={`${id}-title`}>{t('plazos.extend.title', { name: plazo.name })}</h4>
      <div className="form-grid">
        <FormField id={`${id}-article`} label={t('plazos.extend.article')} required hint={t(`plazos.extend.articleHint.${codeKey(article)}`)}>
          {(control) => (
            <select {...control} value={article} onChange={(e) => setArticle(e.target.value as ExtensionArticle)}>
              {articles.map((a) => (
                <option key={a} value={a}>
                  {t(`plazos.articles.${codeKey(a)}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id={`${id}-value`} label={t('plazos.extend.value')} required error={errors.value}>
          {(control) => (
            <input {...control} type="number" inputMode="numeric" min={1} max={1000} step={1} value={value} onChange={(e) => setValue(e.target.value)} />
          )}
        </FormField>
        <FormField id={`${id}-unit`} label={t('plazos.extend.unit')} required>
          {(control) => (
            <select {...control} value={unit} onChange={(e) => setUnit(e.target.value as LegalUnit)}>
              {LEGAL_UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`plazos.units.${u}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          id={`${id}-requested`}
          label={t('plazos.extend.requestedAt')}
          hint={`${t('plazos.extend.requestedHint')} ${t(`plazos.forms.zoneHint.${zoneKey(timeZone)}`)}`}
          error={errors.requestedAt}
        >
          {(control) => <input {...control} type="datetime-local" value={requestedAt} onChange={(e) => setRequestedAt(e.target.value)} />}
        </FormField>
      </div>
      <NoteField
        id={`${id}-reason`}
        label={t('plazos.extend.reason')}
        required
        hint={t('plazos.extend.reasonHint')}
        error={errors.reason}
        value={reason}
        onChange={setReason}
      />
      {failure ? <PlazoProblem error={failure} /> : null}
      <FormActions sending={sending} submitLabel={t('plazos.extend.submit')} onCancel={onCancel} />
    </form>
  );
}
