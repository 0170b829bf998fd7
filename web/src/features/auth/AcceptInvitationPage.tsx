// Choosing the password of an account an administrator created, with the mailed invitation link
// (/accept-invitation#token=...). The link is checked first (it names the account); it works once.
import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { accountAdminApi } from './accountAdminApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { NewPasswordFields, passwordsDiffer } from '../account/NewPasswordFields.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { fieldMessageLists } from '../../lib/fieldErrors.ts';
import { useApiQuery } from '../../hooks/useApi.ts';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { useFragmentToken } from './useFragmentToken.ts';
import { LinkNotWorking, noTokenError } from './mailedLink.tsx';

const FIELDS = ['newPassword', 'confirmPassword'] as const;
const NO_TOKEN = noTokenError('invitation');

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
  const [done, setDone] = useState(false);
  const accept = useFormMutation({ onSuccess: () => setDone(true) });
  const { error, busy, formRef, alertRef } = accept;

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!token) return;
    const differ = passwordsDiffer(newPassword, confirmPassword, 'password');
    if (differ) {
      accept.setError(differ);
      return;
    }
    await accept.run(() => accountAdminApi.acceptInvitation(token, newPassword));
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
          <LinkNotWorking kind="invitation" error={check.error}>
            Invitation links work once, within seven days. Ask your administrator to send the invitation again.
          </LinkNotWorking>
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
        <NewPasswordFields
          what="password"
          password={newPassword}
          again={confirmPassword}
          onPassword={setNewPassword}
          onAgain={setConfirmPassword}
          errors={fields}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Set my password'}
        </button>
      </form>
    </div>
  );
}
