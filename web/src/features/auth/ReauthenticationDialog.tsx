// Sensitive changes (password, e-mail, second factor, API tokens, security settings) need a password proof
// from the last 10 minutes. When the API answers 403 reauthentication_required, this modal dialog asks for
// the password (and the second factor when the account has one); once confirmed, the change is sent again
// (see setReauthenticationHandler in api.ts). Cancelling leaves the change undone and the form shows why.
import { useCallback, useEffect, useRef, useState, type SubmitEvent } from 'react';
import { api, asApiError, setReauthenticationHandler, withRefusedCode } from '../../api.ts';
import { fieldMessageLists } from '../../lib/fieldErrors.ts';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { TextField } from '../../ui/TextField.tsx';

interface Pending {
  promise: Promise<boolean>;
  resolve(confirmed: boolean): void;
}

export function ReauthenticationDialog() {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const pending = useRef<Pending | undefined>(undefined);
  const [open, setOpen] = useState(false);
  const [mfa, setMfa] = useState<boolean | undefined>(undefined);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const confirmation = useFormMutation<true>();
  const { error, setError, busy, formRef, alertRef } = confirmation;

  const finish = useCallback(
    (confirmed: boolean) => {
      const p = pending.current;
      pending.current = undefined;
      setOpen(false);
      setPassword('');
      setCode('');
      setError(undefined);
      if (dialogRef.current?.open) dialogRef.current.close();
      p?.resolve(confirmed);
    },
    [setError],
  );

  useEffect(() => {
    setReauthenticationHandler(() => {
      // Several requests may need the proof at once: they all wait for the one dialog.
      if (pending.current) return pending.current.promise;
      let resolve!: (confirmed: boolean) => void;
      const promise = new Promise<boolean>((r) => {
        resolve = r;
      });
      pending.current = { promise, resolve };
      setMfa(undefined);
      setOpen(true);
      api.me
        .mfa()
        .then((status) => setMfa(status.enabled))
        .catch(() => setMfa(undefined));
      return promise;
    });
    return () => {
      setReauthenticationHandler(undefined);
      pending.current?.resolve(false);
      pending.current = undefined;
    };
  }, []);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (open && dialog && !dialog.open) dialog.showModal();
  }, [open]);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const confirmed = await confirmation.run(async () => {
      try {
        await api.session.reauthenticate(password, code.trim() || undefined);
        return true;
      } catch (err) {
        setPassword('');
        setCode('');
        throw withRefusedCode(asApiError(err));
      }
    });
    if (confirmed) finish(true);
  };

  const fields = fieldMessageLists(error);
  const shown = mfa === false ? ['password'] : ['password', 'code'];
  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby="reauth-heading"
      aria-describedby="reauth-description"
      onCancel={(e) => {
        e.preventDefault();
        finish(false);
      }}
    >
      {open ? (
        <form ref={formRef} onSubmit={submit} noValidate className="form">
          <h2 id="reauth-heading">Confirm it is you</h2>
          <p id="reauth-description">
            This change needs a sign-in within the last 10 minutes. Enter your password
            {mfa ? ' and a code from your authenticator app (or a recovery code)' : ''} to continue.
          </p>
          <ErrorAlert error={error} alertRef={alertRef} shownFields={shown} />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fields.password}
            hint="Wrong passwords count as failed sign-ins."
          />
          {mfa !== false ? (
            <TextField
              label={mfa ? 'Authentication code' : 'Authentication code (only if you use an authenticator app)'}
              name="code"
              inputMode="text"
              autoComplete="one-time-code"
              autoCapitalize="none"
              spellCheck={false}
              required={mfa === true}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={fields.code}
            />
          ) : null}
          <div className="button-row">
            <button type="submit" disabled={busy}>
              {busy ? 'Confirming…' : 'Confirm'}
            </button>
            <button type="button" className="button-secondary" onClick={() => finish(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
