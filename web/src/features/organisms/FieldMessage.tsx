import { useTranslation } from 'react-i18next';

/** A field's error under it, by the id its control names in aria-describedby; nothing when the field is fine. */
export function FieldMessage({ id, messageKey }: { id: string; messageKey: string | undefined }) {
  const { t } = useTranslation();
  if (!messageKey) return null;
  return (
    <p id={id} className="field-error">
      {t(messageKey)}
    </p>
  );
}
