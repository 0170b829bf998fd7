// Administration: client IP addresses blocked after too many failed sign-ins, with when each block ends, and
// lifting one (the server records who lifted it in the security events).
import { accountAdminApi } from '../../auth/accountAdminApi.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { SecurityNav } from './SecurityNav.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { Time } from '../../../ui/Time.tsx';
import { useAction } from '../../../hooks/useAction.ts';
import { useApiQuery } from '../../../hooks/useApi.ts';

export function IpBlocksPage() {
  const blocks = useApiQuery(['accountAdminApi.ipBlocks'], () => accountAdminApi.ipBlocks());
  const { error, done, busy, alertRef, act } = useAction(blocks.reload);
  const items = blocks.data?.items ?? [];
  return (
    <>
      <PageHeading title="Blocked IP addresses" />
      <SecurityNav />
      <p>
        A client IP address with too many failed sign-ins in a short time is blocked for a while (see the settings). People signing in from
        there are told when the block ends. Lift a block when you know the address is a legitimate one, such as your office&apos;s.
      </p>
      <ErrorAlert error={error ?? blocks.error} alertRef={alertRef} />
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      {blocks.data ? (
        items.length === 0 ? (
          <p className="muted">No IP address is blocked now.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption>
                {items.length} blocked {items.length === 1 ? 'address' : 'addresses'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">IP address</th>
                  <th scope="col">Blocked since</th>
                  <th scope="col">Blocked until</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((b) => (
                  <tr key={b.ip}>
                    <th scope="row">
                      <code>{b.ip}</code>
                    </th>
                    <td>
                      <Time value={b.blockedAt} />
                    </td>
                    <td>
                      <Time value={b.blockedUntil} />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button-secondary"
                        disabled={busy}
                        onClick={() =>
                          act(async () => {
                            await accountAdminApi.liftIpBlock(b.ip);
                            return `Lifted the block of ${b.ip}. Sign-ins from there are accepted again.`;
                          })
                        }
                      >
                        Lift the block of {b.ip}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : blocks.loading ? (
        <Loading what="Loading blocked addresses" />
      ) : null}
    </>
  );
}
