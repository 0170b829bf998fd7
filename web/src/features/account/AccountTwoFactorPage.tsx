// My account: the second factor — set up an authenticator app, replace the recovery codes, turn it off.
// Each of these is a sensitive change: the password (and a code) may be asked for again first.
import { useState } from 'react';
import { api } from '../../api.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { TotpSetup } from './TotpSetup.tsx';
import { useApiQuery } from '../../hooks/useApi.ts';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { ConfirmBox } from '../../ui/ConfirmBox.tsx';

export function AccountTwoFactorPage() {
  const status = useApiQuery(['me.mfa'], () => api.me.mfa());
  const [codes, setCodes] = useState<string[] | undefined>(undefined);
  const [confirmingOff, setConfirmingOff] = useState(false);
  const { run, error, done, setDone, busy, alertRef } = useFormMutation({ onSuccess: status.reload });

  const act = async (work: () => Promise<unknown>, message?: string) => {
    await run(work, message);
    setConfirmingOff(false);
  };

  const body = () => {
    if (!status.data) return status.error ? <ErrorAlert error={status.error} /> : <Loading what="Loading your second factor" />;
    if (codes) {
      return (
        <RecoveryCodes
          codes={codes}
          onDone={() => {
            setCodes(undefined);
            setDone(
              'Your new recovery codes are in place; the old ones no longer work. Your other sessions and your API tokens have ended.',
            );
          }}
        />
      );
    }
    if (!status.data.enabled) {
      return (
        <TotpSetup
          onEnabled={() => {
            setDone('Your authenticator app is on. Your other sessions and your API tokens have ended.');
            status.reload();
          }}
        />
      );
    }
    const left = status.data.recoveryCodesLeft;
    return (
      <div className="stack">
        <p>
          <strong>An authenticator app is on.</strong> Signing in asks for its code after your password.
        </p>
        <section aria-labelledby="recovery-heading">
          <h2 id="recovery-heading">Recovery codes</h2>
          <p className={left <= 3 ? 'warning-text' : undefined}>
            {left === 1 ? '1 unused recovery code is left.' : `${left} unused recovery codes are left.`}
            {left <= 3 ? ' Make new ones before you run out.' : ''}
          </p>
          <button
            type="button"
            className="button-secondary"
            disabled={busy}
            onClick={() =>
              act(async () => {
                setCodes((await api.me.replaceRecoveryCodes()).recoveryCodes);
              })
            }
          >
            Make new recovery codes
          </button>
        </section>
        <section aria-labelledby="mfa-off-heading">
          <h2 id="mfa-off-heading">Turn off the second factor</h2>
          {confirmingOff ? (
            <ConfirmBox
              question="Turn off the authenticator app? Your password alone will then be enough to sign in, and your recovery codes stop working."
              confirm="Yes, turn it off"
              onConfirm={() =>
                void act(() => api.me.disableMfa(), 'The second factor is off. Your other sessions and your API tokens have ended.')
              }
              onCancel={() => setConfirmingOff(false)}
              busy={busy}
            />
          ) : (
            <button type="button" className="button-danger" onClick={() => setConfirmingOff(true)}>
              Turn off the second factor
            </button>
          )}
        </section>
      </div>
    );
  };

  return (
    <>
      <PageHeading title="Second factor" />
      <div className="card">
        <ErrorAlert error={error} alertRef={alertRef} />
        {done ? <StatusMessage>{done}</StatusMessage> : null}
        {body()}
      </div>
    </>
  );
}
