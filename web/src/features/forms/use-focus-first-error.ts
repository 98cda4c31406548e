import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

/**
 * After a refused submit the first invalid control of the form takes the focus, so its message is
 * read at once. `refused()` marks a refusal; the focus moves once the errors are on screen.
 */
export function useFocusFirstError(form: RefObject<HTMLFormElement | null>): () => void {
  const [round, setRound] = useState(0);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [round, form]);
  return useCallback(() => setRound((r) => r + 1), []);
}
