// Secret links to the reporter view: create a new one (shown once) or revoke them all. Revoking ends the
// access of everyone who opens the report through a link, including this browser when it came through one.
import { useState } from 'react';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { reporterApi, tokenOfLink } from './reporterApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { CopyField } from './CopyField.tsx';

interface Props {
  reportId: number;
  token: string | undefined;
  /** Links that still work (the server counts them), when known. */
  liveLinks: number | null;
  /** Anonymous visitors reach the report through a link only. */
  signedIn: boolean;
  /** The report's `abilities.createLink` and `abilities.revokeLinks`. */
  mayCreate: boolean;
  mayRevoke: boolean;
  /** Called after a change (the page reloads the report: after revoking, a link visitor is told it no longer works). */
  onChanged: () => void;
}

export function ReporterLinksSection({ reportId, token, liveLinks, signedIn, mayCreate, mayRevoke, onChanged }: Props) {
  const [created, setCreated] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const change = useFormMutation<string>({ onSuccess: onChanged });
  const { error, done: status, busy } = change;

  const create = () =>
    change.run(
      async () => {
        const { reporterLink } = await reporterApi.createLink(reportId, token);
        setCreated(reporterLink);
        return 'Created a new secret link. Your other links keep working until you revoke them.';
      },
      (message) => message,
    );

  const revoke = () =>
    change.run(
      async () => {
        const { revoked } = await reporterApi.revokeLinks(reportId, token);
        setCreated(undefined);
        setConfirming(false);
        return `Revoked ${revoked} ${revoked === 1 ? 'link' : 'links'}.`;
      },
      (message) => message,
    );

  return (
    <>
      <ErrorAlert error={error} />
      {status ? <StatusMessage>{status}</StatusMessage> : null}
      <p>
        A secret link opens this page without signing in. Share one only with people who should see the report.
        {liveLinks !== null ? ` Links that work now: ${liveLinks}.` : ''}
      </p>
      {created ? (
        <div className="secret-link">
          <CopyField label="New secret link (shown only now)" value={created} />
          {!signedIn && tokenOfLink(created) ? (
            <p className="hint">Keep it: it is the only copy. Your current link keeps working too.</p>
          ) : null}
        </div>
      ) : null}
      {confirming ? (
        <div className="confirm">
          <p>
            <strong>Revoke every secret link to this report?</strong>{' '}
            {signedIn
              ? 'You keep access through your account.'
              : 'This includes the link you used to open this page and the links in our earlier mail: you will lose access here. The next mail from the security team brings a new link.'}
          </p>
          <div className="button-row">
            <button type="button" className="button-danger" onClick={revoke} disabled={busy}>
              Yes, revoke all links
            </button>
            <button type="button" className="button-secondary" onClick={() => setConfirming(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      ) : mayCreate || mayRevoke ? (
        <div className="button-row">
          {mayCreate ? (
            <button type="button" className="button-secondary" onClick={create} disabled={busy}>
              Create a new link
            </button>
          ) : null}
          {mayRevoke ? (
            <button type="button" className="button-secondary" onClick={() => setConfirming(true)} disabled={busy}>
              Revoke all links…
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
