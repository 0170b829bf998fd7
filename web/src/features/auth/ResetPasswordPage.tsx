// Choosing a new password from a mailed reset link (/reset-password#token=...). The link is checked first;
// when the account has a second factor, its code is asked for too. Setting the password ends every session
// of the account.
import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, api, asApiError, withRefusedCode } from '../../api.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { NewPasswordFields, passwordsDiffer } from '../account/NewPasswordFields.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { fieldMessageLists } from '../../lib/fieldErrors.ts';
import { useApiQuery } from '../../hooks/useApi.ts';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { useFragmentToken } from './useFragmentToken.ts';
import { LinkNotWorking } from './mailedLink.tsx';

const FIELDS = ['newPassword', 'confirmPassword', 'code'] as const;

const NO_TOKEN = new ApiError(
  0,
  'client',
  'This address has no reset token. Open the link from the mail exactly as it was sent, or ask for a new one.',
);

export function ResetPasswordPage() {
  const token = useFragmentToken();
  return <ResetPasswordForm key={token ?? ''} token={token} />;
}

function ResetPasswordForm({ token }: { token: string | undefined }) {
  const check = useApiQuery(['recovery.checkReset', token], async () => {
    if (!token) throw NO_TOKEN;
    return api.recovery.checkReset(token);
  });
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const [code, setCode] = useState('');
  const [done, setDone] = useState(false);
  const reset = useFormMutation({ onSuccess: () => setDone(true) });
  const { error, busy, formRef, alertRef } = reset;

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!token) return;
    const differ = passwordsDiffer(newPassword, confirmPassword);
    if (differ) {
      reset.setError(differ);
      return;
    }
    await reset.run(async () => {
      try {
        await api.recovery.completeReset({ token, newPassword, ...(code.trim() ? { code: code.trim() } : {}) });
      } catch (err) {
        setCode('');
        throw withRefusedCode(asApiError(err));
      }
    });
  };

  if (done) {
    return (
      <div className="narrow">
        <PageHeading title="Your password has been changed" />
        <StatusMessage>
          <p>Your new password is set, and every session of your account has ended.</p>
        </StatusMessage>
        <p>
          <Link to="/sign-in">Sign in with your new password</Link>
        </p>
      </div>
    );
  }

  if (!check.data) {
    return (
      <div className="narrow">
        {check.error ? (
          <LinkNotWorking kind="reset" error={check.error}>
            Reset links work once, within one hour. <Link to="/forgot-password">Ask for a new link</Link>.
          </LinkNotWorking>
        ) : (
          <Loading what="Checking the reset link" />
        )}
      </div>
    );
  }

  const needsCode = check.data.secondFactorRequired;
  const fields = fieldMessageLists(error);
  const tokenBroken = error?.fields.some((f) => f.field === 'token');
  return (
    <div className="narrow">
      <PageHeading title="Choose a new password" />
      <ErrorAlert error={error} alertRef={alertRef} shownFields={FIELDS}>
        {tokenBroken ? (
          <p>
            <Link to="/forgot-password">Ask for a new link</Link>.
          </p>
        ) : null}
      </ErrorAlert>
      <form ref={formRef} onSubmit={submit} noValidate className="form card">
        <NewPasswordFields
          password={newPassword}
          again={confirmPassword}
          onPassword={setNewPassword}
          onAgain={setConfirmPassword}
          errors={fields}
        />
        {needsCode ? (
          <TextField
            label="Authentication code"
            name="code"
            hint="Your account has a second factor: the 6-digit code from your authenticator app, or a recovery code."
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={fields.code}
          />
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Set my new password'}
        </button>
      </form>
    </div>
  );
}
