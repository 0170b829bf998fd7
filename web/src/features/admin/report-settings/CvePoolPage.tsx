// Administration: the pool of CVE IDs reserved with a CVE numbering authority. The security team takes the
// next one for a report; administrators add reserved IDs and remove ones that were not handed out.
import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { ReportAdminNav } from './ReportAdminNav.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { TextAreaField } from '../../../ui/TextAreaField.tsx';
import { Time } from '../../../ui/Time.tsx';
import { useAction } from '../../../hooks/useAction.ts';
import { useApiQuery } from '../../../hooks/useApi.ts';
import { useFormMutation } from '../../../hooks/useFormMutation.ts';
import { reportAdminApi } from './reportAdminApi.ts';

/** The ids typed: one per line, or separated by commas or spaces. */
const idsOf = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter(Boolean);

export function CvePoolPage() {
  const pool = useApiQuery(['reportAdminApi.cvePool'], () => reportAdminApi.cvePool());
  const remove = useAction(pool.reload);
  const [added, setAdded] = useState<string | undefined>(undefined);
  const status = added ?? remove.done;

  return (
    <>
      <PageHeading title="CVE pool" />
      <ReportAdminNav />
      <p>
        CVE IDs reserved in advance with a CVE numbering authority. When the security team takes an ID from the pool for a report, it gets
        the oldest reserved one still available.
      </p>
      {status ? <StatusMessage>{status}</StatusMessage> : null}
      <div className="columns">
        <section aria-labelledby="pool-heading" className="column-main">
          <h2 id="pool-heading">Reserved IDs</h2>
          <ErrorAlert error={pool.error ?? remove.error} alertRef={remove.alertRef} />
          {pool.data ? (
            <>
              <p>
                {pool.data.available} available, {pool.data.taken} handed out.
              </p>
              {pool.data.items.length === 0 ? (
                <p className="muted">The pool is empty: add the IDs you reserved.</p>
              ) : (
                <table className="data-table">
                  <caption className="visually-hidden">Reserved CVE IDs: available ones first, in the order they are handed out</caption>
                  <thead>
                    <tr>
                      <th scope="col">CVE ID</th>
                      <th scope="col">Reserved</th>
                      <th scope="col">Handed out to</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {pool.data.items.map((e) => (
                      <tr key={e.cveId}>
                        <th scope="row">{e.cveId}</th>
                        <td>
                          <Time value={e.reservedAt} />
                        </td>
                        <td>
                          {e.report ? (
                            <>
                              <Link to={`/reports/${e.report.id}`}>{e.report.trackingId}</Link>{' '}
                              <span className="row-note">
                                <Time value={e.takenAt} />
                              </span>
                            </>
                          ) : (
                            <span className="muted">Available</span>
                          )}
                        </td>
                        <td className="actions">
                          {e.report || e.takenAt ? null : (
                            <button
                              type="button"
                              className="button-secondary"
                              disabled={remove.busy}
                              onClick={() => {
                                setAdded(undefined);
                                void remove.act(async () => {
                                  await reportAdminApi.removeCve(e.cveId);
                                  return `Removed ${e.cveId} from the pool.`;
                                });
                              }}
                            >
                              Remove<span className="visually-hidden"> {e.cveId}</span>
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          ) : pool.loading ? (
            <Loading what="Loading the pool" />
          ) : null}
        </section>
        <section aria-labelledby="add-cves-heading" className="column-side card">
          <AddForm
            onAdded={(message) => {
              setAdded(message);
              pool.reload();
            }}
          />
        </section>
      </div>
    </>
  );
}

function AddForm({ onAdded }: { onAdded: (message: string) => void }) {
  const [text, setText] = useState('');
  const { run, error, busy, formRef, alertRef } = useFormMutation<{ added: string[]; alreadyReserved: string[] }>({
    onSuccess: (result) => {
      setText('');
      const parts = [`Added ${result.added.length} ${result.added.length === 1 ? 'ID' : 'IDs'}.`];
      if (result.alreadyReserved.length > 0) parts.push(`Already in the pool: ${result.alreadyReserved.join(', ')}.`);
      onAdded(parts.join(' '));
    },
  });

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void run(() => reportAdminApi.addCves(idsOf(text)));
  };

  // Field errors name the position of the bad id ("ids.2"): show them with the id at the input.
  const ids = idsOf(text);
  const messages = (error?.fields ?? [])
    .filter((f) => f.field === 'ids' || f.field.startsWith('ids.'))
    .map((f) => {
      const i = f.field.startsWith('ids.') ? Number(f.field.slice(4)) : NaN;
      return Number.isInteger(i) && ids[i] !== undefined ? `${ids[i]}: ${f.message}` : f.message;
    });
  const shown = (error?.fields ?? []).map((f) => f.field).filter((f) => f === 'ids' || f.startsWith('ids.'));

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      <h2 id="add-cves-heading">Add reserved IDs</h2>
      <ErrorAlert error={error} alertRef={alertRef} shownFields={shown} />
      <TextAreaField
        label="CVE IDs"
        name="ids"
        rows={6}
        hint="One per line (or separated by commas or spaces), such as CVE-2026-1000."
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={messages.length > 0 ? messages : undefined}
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Adding…' : 'Add to the pool'}
      </button>
    </form>
  );
}
