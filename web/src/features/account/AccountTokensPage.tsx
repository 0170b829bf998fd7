// My account: personal API tokens for scripts — list, create (shown once), revoke.
import { api, type ApiToken } from '../../api.ts';
import { ApiTokenCreateForm } from './ApiTokenCreateForm.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { Time } from '../../ui/Time.tsx';
import { useApiQuery } from '../../hooks/useApi.ts';
import { useAction } from '../../hooks/useAction.ts';

function state(t: ApiToken): string {
  if (t.revokedAt) return 'Revoked';
  if (new Date(t.expiresAt).getTime() <= Date.now()) return 'Expired';
  return 'Active';
}

export function AccountTokensPage() {
  const tokens = useApiQuery(['me.tokens'], () => api.me.tokens());
  const { act, error, done, busy, alertRef } = useAction(tokens.reload);

  const revoke = (t: ApiToken) =>
    act(async () => {
      await api.me.revokeToken(t.id);
      return `Revoked the token “${t.name}”. It no longer works.`;
    });

  const items = tokens.data?.items ?? [];
  return (
    <>
      <PageHeading title="API tokens" />
      <div className="columns">
        <section aria-labelledby="token-list-heading" className="column-main">
          <h2 id="token-list-heading">Your tokens</h2>
          <p>Scripts send a token as “Authorization: Bearer …” and act as you, within the token's scopes.</p>
          <ErrorAlert error={error ?? tokens.error} alertRef={alertRef} />
          {done ? <StatusMessage>{done}</StatusMessage> : null}
          {tokens.data ? (
            items.length === 0 ? (
              <p className="muted">You have no API tokens.</p>
            ) : (
              <table className="data-table">
                <caption>
                  {items.length} {items.length === 1 ? 'token' : 'tokens'}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Scopes</th>
                    <th scope="col">State</th>
                    <th scope="col">Created</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Last used</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((t) => (
                    <tr key={t.id}>
                      <th scope="row">{t.name}</th>
                      <td>{t.scopes.join(', ')}</td>
                      <td>{state(t)}</td>
                      <td>
                        <Time value={t.createdAt} />
                      </td>
                      <td>
                        <Time value={t.expiresAt} />
                      </td>
                      <td>{t.lastUsedAt ? <Time value={t.lastUsedAt} /> : <span className="muted">never</span>}</td>
                      <td className="actions">
                        {state(t) === 'Active' ? (
                          <button type="button" className="button-secondary" disabled={busy} onClick={() => revoke(t)}>
                            Revoke<span className="visually-hidden"> {t.name}</span>
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          ) : tokens.loading ? (
            <Loading what="Loading your tokens" />
          ) : null}
        </section>
        <section className="column-side card" aria-labelledby="create-token-heading">
          <ApiTokenCreateForm onCreated={tokens.reload} />
        </section>
      </div>
    </>
  );
}
