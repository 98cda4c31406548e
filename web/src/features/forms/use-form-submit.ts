import { useEffect, useRef, useState } from 'react';
import { useFocusFirstError } from './use-focus-first-error.ts';

/** Each field's error, already in words; a field that is fine has none. */
export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

interface Options {
  /** The kind of control that takes the focus when the form opens (its first one); none leaves the focus where it is. */
  focusOnOpen?: 'input' | 'select';
}

/**
 * What a form that checks before it sends needs: its ref; `check(found)`, which shows the fields'
 * errors and, when there are any, moves the focus to the first invalid control (`refused()` does that
 * alone, for a form with errors of another shape); and `send`, which keeps the form busy while the
 * request travels and keeps the server's refusal (`failure`) for the form to show.
 */
export function useFormSubmit<Field extends string = never>({ focusOnOpen }: Options = {}) {
  const form = useRef<HTMLFormElement>(null);
  const refused = useFocusFirstError(form);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => {
    if (focusOnOpen) form.current?.querySelector<HTMLElement>(focusOnOpen)?.focus();
  }, [focusOnOpen]);

  /** Shows `found`; true when there is nothing to fix, so the form may send. */
  const check = (found: FieldErrors<Field>): boolean => {
    setErrors(found);
    const clean = Object.keys(found).length === 0;
    if (!clean) refused();
    return clean;
  };

  /** Sends with `request`; `onSent` gets its answer once the server has accepted it. */
  const send = async <T>(request: () => Promise<T>, onSent: (answer: T) => void): Promise<void> => {
    setSending(true);
    setFailure(null);
    try {
      const answer = await request();
      setSending(false);
      onSent(answer);
    } catch (error) {
      setFailure(error);
      setSending(false);
    }
  };

  return { form, errors, check, refused, sending, failure, send };
}
