// My account: change my password, and my e-mail address.
import { useState } from 'react';
import { api } from '../../api.ts';
import { EmailAddressSection } from './EmailAddressSection.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { PasswordChangeForm } from './PasswordChangeForm.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { useApiQuery } from '../../hooks/useApi.ts';
import { useSession } from '../../session.tsx';

export function AccountPage() {
  const { user } = useSession();
  const userId = user?.id ?? 0;
  const me = useApiQuery(['users.get', userId], () => api.users.get(userId));
  const [passwordChanged, setPasswordChanged] = useState(false);

  return (
    <>
      <PageHeading title="Password and e-mail" />
      <div className="columns-even">
        <section aria-labelledby="password-heading" className="card">
          <h2 id="password-heading">Change your password</h2>
          <p className="muted">Your other sessions and your API tokens end when you change it.</p>
          {passwordChanged ? (
            <StatusMessage>Your password has been changed. Your other sessions and your API tokens have ended.</StatusMessage>
          ) : null}
          <PasswordChangeForm currentLabel="Current password" submitText="Change password" onChanged={() => setPasswordChanged(true)} />
        </section>
        {me.data ? (
          <EmailAddressSection user={me.data} onChanged={me.reload} />
        ) : (
          <section aria-labelledby="email-heading" className="card">
            <h2 id="email-heading">E-mail address</h2>
            {me.error ? <ErrorAlert error={me.error} /> : <Loading what="Loading your address" />}
          </section>
        )}
      </div>
    </>
  );
}
