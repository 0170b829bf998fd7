// Choosing the password of an account an administrator created, with the mailed invitation link
// (/accept-invitation#token=...). The link is checked first (it names the account); it works once.
import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { accountAdminApi } from './accountAdminApi.ts';
import { ApiError, asApiError } from '../../api.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { NEW_PASSWORD_HINT } from '../account/PasswordChangeForm.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { fieldMessageLists } from '../../lib/fieldErrors.ts';
import { useApiQuery } from '../../hooks/useApi.ts';
import { useErrorFocus } from '../../hooks/useErrorFocus.ts';
import { useFragmentToken } from './useFragmentToken.ts';

const FIELDS = ['newPassword', 'confirmPassword'] as const;
const NO_TOKEN = new ApiError(0, 'client', 'This address has no invitation token. Open the link from the mail exactly as it was sent.');

export function AcceptInvitationPage() {
  const token = useFragmentToken();
  return <AcceptInvitation key={token ?? ''} token={token} />;
}

function AcceptInvitation({ token }: { token: string | undefined }) {
  const check = useApiQuery(['accountAdminApi.checkInvitation', token], async () => {
    if (!token) throw NO_TOKEN;
    return accountAdminApi.checkInvitation(token);
  });
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const { formRef, alertRef } = useErrorFocus(error);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!token) return;
    if (newPassword !== confirmPassword) {
      setError(
        new ApiError(0, 'client', 'The two passwords are not the same.', [
          { field: 'confirmPassword', message: 'does not match the password.' },
        ]),
      );
      return;
    }
    setBusy(true);
    try {
      await accountAdminApi.acceptInvitation(token, newPassword);
      setError(undefined);
      setDone(true);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <div className="narrow">
        <PageHeading title="Your password is set" />
        <StatusMessage>
          <p>Your account {check.data?.username} is ready, and your e-mail address is confirmed.</p>
        </StatusMessage>
        <p>
          <Link to="/sign-in">Sign in</Link>
        </p>
      </div>
    );
  }

  if (!check.data) {
    return (
      <div className="narrow">
        {check.error ? (
          <>
            <PageHeading title="This invitation link does not work" />
            <ErrorAlert error={check.error} />
            <p>Invitation links work once, within seven days. Ask your administrator to send the invitation again.</p>
          </>
        ) : (
          <Loading what="Checking the invitation link" />
        )}
      </div>
    );
  }

  const fields = fieldMessageLists(error);
  return (
    <div className="narrow">
      <PageHeading title="Choose your password" />
      <p>
        An administrator created the Parapet account <strong>{check.data.username}</strong> for you. Choose its password.
      </p>
      <ErrorAlert error={error} alertRef={alertRef} shownFields={FIELDS} />
      <form ref={formRef} onSubmit={submit} noValidate className="form card">
        <input type="text" name="username" autoComplete="username" value={check.data.username} readOnly hidden />
        <TextField
          label="Password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          hint={NEW_PASSWORD_HINT}
          required
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
          error={fields.newPassword}
        />
        <TextField
          label="Password again"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          value={confirmPassword}
          onChange={(e) => setConfirmPassword(e.target.value)}
          error={fields.confirmPassword}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Set my password'}
        </button>
      </form>
    </div>
  );
}
