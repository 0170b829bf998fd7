// Secret links to the reporter view of a report: create a new one (shown once: the server keeps only its hash)
// or revoke them all, which ends every link of the report, those sent by mail too, at the holder's next
// request. Two pages show it, each in its own words (the `audience` prop):
// - the reporter's page: a new link comes with a copy button, and revoking is confirmed first, since it ends
//   the access of everyone who opens the report through a link, this browser too when it came through one;
// - the team's report page: a new link is to be passed on to the reporter, and revoking is offered while a
//   link works.
import { useState } from 'react';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { reporterApi, tokenOfLink } from './reporterApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { CopyField } from './CopyField.tsx';

type Audience =
  | {
      audience: 'reporter';
      /** The token of the link the page was opened with (none for a signed-in reporter). */
      token: string | undefined;
      /** Anonymous visitors reach the report through a link only. */
      signedIn: boolean;
    }
  | { audience: 'team' };

type Props = Audience & {
  reportId: number;
  /** Links that still work (the server counts them), when known. */
  liveLinks: number | null;
  /** The report's `abilities.createLink` and `abilities.revokeLinks`. */
  mayCreate: boolean;
  mayRevoke: boolean;
  /** Called after a change (the page reloads the report: after revoking, a link visitor is told it no longer works). */
  onChanged: () => void;
};

const WORDS = {
  reporter: {
    create: 'Create a new link',
    created: 'Created a new secret link. Your other links keep working until you revoke them.',
  },
  team: {
    create: 'Create a reporter link',
    created: 'Created a reporter link.',
  },
};

export function ReporterLinksSection(props: Props) {
  const { reportId, liveLinks, mayCreate, mayRevoke, onChanged } = props;
  const reporter = props.audience === 'reporter' ? props : undefined;
  const token = reporter?.token;
  const words = WORDS[props.audience];
  const [created, setCreated] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const change = useFormMutation<string>({ onSuccess: onChanged });
  const { error, done: status, busy } = change;

  const create = () =>
    change.run(
      async () => {
        const { reporterLink } = await reporterApi.createLink(reportId, token);
        setCreated(reporterLink);
        return words.created;
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

  const live = liveLinks ?? 0;
  return (
    <>
      <ErrorAlert error={error} />
      {status ? <StatusMessage>{status}</StatusMessage> : null}
      {reporter ? (
        <p>
          A secret link opens this page without signing in. Share one only with people who should see the report.
          {liveLinks !== null ? ` Links that work now: ${liveLinks}.` : ''}
        </p>
      ) : (
        <p>
          {live === 0 ? 'No live reporter link.' : `${live} live reporter ${live === 1 ? 'link' : 'links'}.`} A link lets whoever holds it
          follow this report as its reporter, without an account. Each mail to a reporter without an account carries a new link; revoking
          ends every link, those sent by mail too (the next mail brings a new one).
        </p>
      )}
      {created && reporter ? (
        <div className="secret-link">
          <CopyField label="New secret link (shown only now)" value={created} />
          {!reporter.signedIn && tokenOfLink(created) ? (
            <p className="hint">Keep it: it is the only copy. Your current link keeps working too.</p>
          ) : null}
        </div>
      ) : created ? (
        <div className="alert alert-warning secret">
          <p>
            <strong>Shown once.</strong> Copy it now and send it to the reporter by a safe channel:
          </p>
          <p>
            <code className="secret-link-text">{created}</code>
          </p>
        </div>
      ) : null}
      {confirming && reporter ? (
        <div className="confirm">
          <p>
            <strong>Revoke every secret link to this report?</strong>{' '}
            {reporter.signedIn
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
              {words.create}
            </button>
          ) : null}
          {mayRevoke && reporter ? (
            <button type="button" className="button-secondary" onClick={() => setConfirming(true)} disabled={busy}>
              Revoke all links…
            </button>
          ) : mayRevoke && live > 0 ? (
            <button type="button" className="button-danger" onClick={revoke} disabled={busy}>
              Revoke all reporter links
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
