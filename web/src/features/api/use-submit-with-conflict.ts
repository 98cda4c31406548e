import { useState } from 'react';
import { ApiError } from './problem.ts';

/** Where a write sent with the version the user saw stands. */
export type SubmitState = { kind: 'idle' | 'sending' | 'conflict' } | { kind: 'error'; error: unknown };

/**
 * Runs a write that carries the version the user saw (`expectedVersion`). When someone else changed
 * the same thing first, the server answers `version-conflict` and the state becomes `conflict`, so the
 * form explains it and offers a reload instead of overwriting; any other failure is an `error`.
 */
export function useSubmitWithConflict() {
  const [state, setState] = useState<SubmitState>({ kind: 'idle' });

  /** Sends with `write`; `onDone` runs once the server has accepted the write. */
  const send = async (write: () => Promise<unknown>, onDone: () => void): Promise<void> => {
    setState({ kind: 'sending' });
    try {
      await write();
      setState({ kind: 'idle' });
      onDone();
    } catch (error) {
      setState(error instanceof ApiError && error.code === 'version-conflict' ? { kind: 'conflict' } : { kind: 'error', error });
    }
  };

  /** Forgets the last outcome (for a form that refuses to send before asking the server). */
  const reset = () => setState({ kind: 'idle' });

  return { state, send, reset };
}
