// The signed-in user's pending co-reporter invitations (on My reports): who invited them to which report (its
// tracking id only: they cannot read it before accepting), with Accept and Decline.
import { useNavigate } from 'react-router';
import { useApiQuery } from '../../hooks/useApi.ts';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { reporterApi } from './reporterApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { Time } from '../../ui/Time.tsx';

export function MyInvitations() {
  const invitations = useApiQuery(['reporterApi.myInvitations'], () => reporterApi.myInvitations());
  const { run, error, done, busy } = useFormMutation<true>();
  const navigate = useNavigate();
  const items = invitations.data?.items ?? [];

  const answer = async (id: number, trackingId: string, accept: boolean) => {
    // Accepted, the report opens (busy until it has); declined, the list is loaded again.
    const answered = await run(
      async () => {
        const { reportId } = await reporterApi.answerInvitation(id, accept);
        if (accept) await navigate(`/reporter/${reportId}`);
        return true;
      },
      accept ? undefined : `Declined the invitation to ${trackingId}.`,
    );
    if (answered && !accept) invitations.reload();
  };

  if (items.length === 0 && !done && !error && !invitations.error) return null;
  return (
    <section className="card" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      <ErrorAlert error={error ?? invitations.error} />
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <ul className="link-list">
        {items.map((i) => (
          <li key={i.id}>
            {i.invitedBy || 'Someone'} invited you to follow report <span className="tracking-id">{i.trackingId}</span> as a co-reporter{' '}
            <span className="muted">
              (until <Time value={i.expiresAt} />)
            </span>{' '}
            <button type="button" disabled={busy} onClick={() => answer(i.id, i.trackingId, true)}>
              Accept<span className="visually-hidden"> the invitation to {i.trackingId}</span>
            </button>{' '}
            <button type="button" className="button-secondary" disabled={busy} onClick={() => answer(i.id, i.trackingId, false)}>
              Decline<span className="visually-hidden"> the invitation to {i.trackingId}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
