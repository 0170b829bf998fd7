// A button-driven action on a page (useFormMutation): busy while it runs, then a status message or an error
// (which takes focus), and a reload of the data it changed.
import { useFormMutation } from './useFormMutation.ts';

export function useAction(reload: () => void) {
  const mutation = useFormMutation<string>({ onSettled: reload });
  /** Runs the work; its result is the status message to show. */
  const act = (work: () => Promise<string>) => mutation.run(work, (message) => message);
  return { error: mutation.error, done: mutation.done, busy: mutation.busy, alertRef: mutation.alertRef, act };
}
