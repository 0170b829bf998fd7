// A settings form (security, intake, SLA, disclosure): the settings as saved, the draft its inputs edit (text
// as typed), and a submit that sends only what changed (useFormMutation underneath). Input the form can tell
// is wrong is refused before sending, with the same field messages as the server's; an unchanged form says so
// and sends nothing. After a save the draft starts again from the saved settings.
//
//   const form = useSettingsForm({ initial, draftOf, patchOf, save: (patch) => api.updateSettings(patch) });
//   <form ref={form.formRef} onSubmit={form.submit}> … value={form.draft.x} error={form.fields.x} …
import { useState, type Dispatch, type SetStateAction, type SubmitEvent } from 'react';
import { ApiError } from '../api.ts';
import { useFormMutation, type FormMutation } from './useFormMutation.ts';

export interface SettingsFormOptions<S, D, P extends object> {
  initial: S;
  /** The draft of saved settings. */
  draftOf: (saved: S) => D;
  /** The settings the draft changes (only those), or a client-side error for input that is not valid. */
  patchOf: (saved: S, draft: D) => P | ApiError;
  /** Sends the changes; the settings as saved. */
  save: (patch: P) => Promise<S>;
  /** The status message after a save of `changed` settings; by default "Saved: N settings changed." */
  message?: (changed: number) => string;
  /** After a save, with the saved settings. */
  onSaved?: (saved: S) => void;
}

export interface SettingsForm<S, D> extends FormMutation<S> {
  saved: S;
  draft: D;
  setDraft: Dispatch<SetStateAction<D>>;
  submit: (e: SubmitEvent) => Promise<void>;
}

const savedCount = (changed: number) => `Saved: ${changed === 1 ? '1 setting' : `${changed} settings`} changed.`;

export function useSettingsForm<S, D, P extends object>({
  initial,
  draftOf,
  patchOf,
  save,
  message = savedCount,
  onSaved,
}: SettingsFormOptions<S, D, P>): SettingsForm<S, D> {
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState<D>(() => draftOf(initial));
  const mutation = useFormMutation<S>({
    onSuccess: (next) => {
      setSaved(next);
      setDraft(draftOf(next));
      onSaved?.(next);
    },
  });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const patch = patchOf(saved, draft);
    if (patch instanceof ApiError) {
      mutation.setDone(undefined);
      mutation.setError(patch);
      return;
    }
    const changed = Object.keys(patch).length;
    if (changed === 0) {
      mutation.setError(undefined);
      mutation.setDone('Nothing has changed.');
      return;
    }
    await mutation.run(() => save(patch), message(changed));
  };

  return { ...mutation, saved, draft, setDraft, submit };
}
