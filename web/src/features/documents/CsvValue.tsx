import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupCsv } from './documents.ts';

interface Props {
  csv: string | null | undefined;
  /** What the CSV belongs to, for the button's name and the confirmation ("CSV de «Solicitud.pdf» copiado"). */
  name: string;
  /** A copy button beside it (the tables of documents); none where the code is only read. */
  copy?: boolean;
}

/**
 * A CSV grouped in fives for reading, with a "Copiar" button that puts the code (without the
 * hyphens) on the clipboard and says so in a polite live region, or says how to copy it by hand.
 */
export function CsvValue({ csv, name, copy = false }: Props) {
  const { t } = useTranslation();
  const [said, setSaid] = useState('');
  if (!csv) return <span className="muted">{t('documents.noCsv')}</span>;
  const doCopy = async () => {
    setSaid('');
    try {
      await navigator.clipboard.writeText(csv);
      setSaid(t('documents.copied', { name }));
    } catch {
      setSaid(t('documents.copyFailed', { name }));
    }
  };
  return (
    <span className="csv">
      <code>{groupCsv(csv)}</code>
      {copy ? (
        <>
          {' '}
          <button type="button" className="button button-small" aria-label={t('documents.copyNamed', { name })} onClick={() => void doCopy()}>
            {t('documents.copy')}
          </button>
          <span role="status" className={said ? 'hint' : 'visually-hidden'}>
            {said}
          </span>
        </>
      ) : null}
    </span>
  );
}
