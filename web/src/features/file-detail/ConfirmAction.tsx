import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** The button's text, and its accessible name (which says what it acts on: "Quitar a Pérez, Ana"). */
  label: string;
  name: string;
  /** Asked before acting, in full ("¿Quitar a Pérez, Ana de este expediente?"). */
  question: string;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
}

/**
 * An action that cannot be undone from here, asked twice: the button turns into the question with
 * its answers, focus moves to the confirming one, and Escape or Cancel puts focus back on the button.
 */
export function ConfirmAction({ label, name, question, confirmLabel, busy = false, onConfirm }: Props) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const back = useRef(false);

  useEffect(() => {
    if (asking) confirm.current?.focus();
    else if (back.current) trigger.current?.focus();
    back.current = false;
  }, [asking]);

  const cancel = () => {
    back.current = true;
    setAsking(false);
  };

  if (!asking) {
    return (
      <button ref={trigger} type="button" className="button button-small" aria-label={name} disabled={busy} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span
      className="confirm"
      role="group"
      aria-label={question}
      onKeyDown={(event) => {
        if (event.key === 'Escape') cancel();
      }}
    >
      <span className="confirm-question">{question}</span>
      <button ref={confirm} type="button" className="button button-small button-danger" disabled={busy} onClick={onConfirm}>
        {confirmLabel}
      </button>
      <button type="button" className="button button-small" onClick={cancel}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
