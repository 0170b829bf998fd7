// State of a button-driven action on a page: busy while it runs, then a status message or an error (which
// takes focus), and a reload of the data it changed.
import { useState } from 'react';
import { asApiError, type ApiError } from '../api.ts';
import { useErrorFocus } from './useErrorFocus.ts';

export function useAction(reload: () => void) {
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { alertRef } = useErrorFocus(error);

  /** Runs the work; its result is the status message to show. */
  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      const message = await work();
      setError(undefined);
      setDone(message);
    } catch (err) {
      setDone(undefined);
      setError(asApiError(err));
    } finally {
      setBusy(false);
      reload();
    }
  };

  return { error, done, busy, alertRef, act };
}
