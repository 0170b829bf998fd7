// The one hook for a change a form or button sends (TanStack Query's useMutation underneath): busy while it
// runs, then a status message, or the server's error from the catalog, which takes focus — the first input
// the server marked invalid (aria-invalid, from the error's fields), else the error message (ErrorAlert).
// A request that needs a recent sign-in opens the re-authentication dialog and is sent again (api.ts).
//
//   const save = useFormMutation<Group>({ onSuccess: (g) => navigate(`/admin/groups/${g.id}`) });
//   <form ref={save.formRef} onSubmit={(e) => { e.preventDefault(); void save.run(() => api.groups.create(input), 'Created.'); }}>
//   <ErrorAlert error={save.error} alertRef={save.alertRef} shownFields={['name']} />
//   <TextField error={save.fields.name} … /> <button disabled={save.busy}>…
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { asApiError, type ApiError } from '../api.ts';
import { fieldMessages, type FieldMessages } from '../lib/fieldErrors.ts';
import { useErrorFocus } from './useErrorFocus.ts';

export interface FormMutationOptions<T> {
  /** After a success, with the answer (e.g. replace the page's copy, navigate, reset the form). */
  onSuccess?: (result: T) => void;
  /** After success or failure (e.g. reload the data the change touched). */
  onSettled?: () => void;
}

export interface FormMutation<T> {
  /** Sends the change; the answer, or undefined when it failed (the error is then shown). */
  run: (work: () => Promise<T>, message?: string | ((result: T) => string)) => Promise<T | undefined>;
  busy: boolean;
  error: ApiError | undefined;
  /** For checks the form makes itself before sending, and to clear a shown error. */
  setError: (error: ApiError | undefined) => void;
  /** The status message of the last success. */
  done: string | undefined;
  setDone: (message: string | undefined) => void;
  /** The error's field messages by field name, for the inputs. */
  fields: FieldMessages;
  formRef: ReturnType<typeof useErrorFocus>['formRef'];
  alertRef: ReturnType<typeof useErrorFocus>['alertRef'];
}

export function useFormMutation<T = unknown>(options: FormMutationOptions<T> = {}): FormMutation<T> {
  const mutation = useMutation<T, unknown, () => Promise<T>>({ mutationFn: (work) => work() });
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const { formRef, alertRef } = useErrorFocus(error);

  const run = async (work: () => Promise<T>, message?: string | ((result: T) => string)): Promise<T | undefined> => {
    try {
      const result = await mutation.mutateAsync(work);
      setError(undefined);
      setDone(typeof message === 'function' ? message(result) : message);
      options.onSuccess?.(result);
      return result;
    } catch (err) {
      setDone(undefined);
      setError(asApiError(err));
      return undefined;
    } finally {
      options.onSettled?.();
    }
  };

  return { run, busy: mutation.isPending, error, setError, done, setDone, fields: fieldMessages(error), formRef, alertRef };
}
