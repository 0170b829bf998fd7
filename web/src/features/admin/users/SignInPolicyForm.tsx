// Administration: the networks a user may sign in from, and whether the user may use the staff console.
import { useState, type SubmitEvent } from 'react';
import { api, type User } from '../../../api.ts';
import { useFormMutation } from '../../../hooks/useFormMutation.ts';
import { listFieldMessages, listFieldNames, networkListText, parseNetworkList } from '../../../lib/networks.ts';
import { CheckboxField } from '../../../ui/CheckboxField.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { TextAreaField } from '../../../ui/TextAreaField.tsx';

export function SignInPolicyForm({ user, onSaved }: { user: User; onSaved: () => void }) {
  const [networks, setNetworks] = useState(networkListText(user.security.allowedNetworks));
  const [staffConsole, setStaffConsole] = useState(user.security.staffConsole);
  const { run, error, done, busy, formRef, alertRef } = useFormMutation({ onSuccess: onSaved });

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void run(
      () => api.security.setSignInPolicy(user.id, { allowedNetworks: parseNetworkList(networks), staffConsole }),
      `Saved the sign-in policy of ${user.username}.`,
    );
  };

  return (
    <section aria-labelledby="policy-heading" className="card">
      <h2 id="policy-heading">Sign-in policy</h2>
      {user.abilities.setSignInPolicy ? (
        <form ref={formRef} onSubmit={submit} noValidate className="form">
          <ErrorAlert error={error} alertRef={alertRef} shownFields={[...listFieldNames(error, 'allowedNetworks'), 'staffConsole']} />
          {done ? <StatusMessage>{done}</StatusMessage> : null}
          <TextAreaField
            label="Networks allowed to sign in from"
            name="allowedNetworks"
            hint="One IP address or CIDR range per line, such as 192.0.2.0/24 or 2001:db8::/32. Empty: any network."
            rows={3}
            spellCheck={false}
            value={networks}
            onChange={(e) => setNetworks(e.target.value)}
            error={listFieldMessages(error, 'allowedNetworks')}
          />
          <CheckboxField
            label="May use the staff console (works on reports)"
            name="staffConsole"
            checked={user.isAdmin || staffConsole}
            onChange={setStaffConsole}
            disabled={user.isAdmin}
          />
          {user.isAdmin ? <p className="hint">Administrators always may use the staff console.</p> : null}
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save sign-in policy'}
          </button>
        </form>
      ) : null}
    </section>
  );
}
