// Administration: the security event log — sign-ins and their failures, locks, IP blocks, unlocks, password,
// second-factor and e-mail changes, API tokens, ended sessions. Search by words, and filter by action, user,
// IP address and time. The filters live in the address (?q=&action=&userId=&ip=&from=&to=), so a filtered
// view can be linked to (the user page links to a user's events).
import { useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, api, type SecurityEventFilter } from '../../../api.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { Pager } from '../../../ui/Pager.tsx';
import { SecurityNav } from './SecurityNav.tsx';
import { SelectField } from '../../../ui/SelectField.tsx';
import { TextField } from '../../../ui/TextField.tsx';
import { Time } from '../../../ui/Time.tsx';
import { useApiQuery } from '../../../hooks/useApi.ts';
import { useFormMutation } from '../../../hooks/useFormMutation.ts';
import { SECURITY_ACTIONS, actionLabel, changeSummary } from './securityEvents.ts';

const LIMIT = 50;
const ACTION_OPTIONS = [
  { value: '', label: 'Any action' },
  ...Object.entries(SECURITY_ACTIONS)
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label)),
];

/** "2026-01-05T10:30" (the reader's local time, as datetime-local inputs hold it) ↔ ISO instants. */
function localInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function filterOf(params: URLSearchParams): SecurityEventFilter {
  const userId = params.get('userId');
  const offset = Number(params.get('offset') ?? 0);
  return {
    q: params.get('q') ?? undefined,
    action: params.get('action') ?? undefined,
    userId: userId && /^[1-9]\d{0,9}$/.test(userId) ? Number(userId) : undefined,
    ip: params.get('ip') ?? undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    limit: LIMIT,
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

interface FiltersProps {
  params: URLSearchParams;
  userName: string | undefined;
  onApply: (next: URLSearchParams) => void;
}

function Filters({ params, userName, onApply }: FiltersProps) {
  const [q, setQ] = useState(params.get('q') ?? '');
  const [action, setAction] = useState(params.get('action') ?? '');
  const [username, setUsername] = useState(userName ?? '');
  const [ip, setIp] = useState(params.get('ip') ?? '');
  const [from, setFrom] = useState(localInput(params.get('from')));
  const [to, setTo] = useState(localInput(params.get('to')));
  const { run, error, setError, busy, fields, formRef, alertRef } = useFormMutation();

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void run(async () => {
      const next = new URLSearchParams();
      if (q.trim()) next.set('q', q.trim());
      if (action) next.set('action', action);
      if (ip.trim()) next.set('ip', ip.trim());
      const fromIso = isoOf(from);
      const toIso = isoOf(to);
      if (fromIso) next.set('from', fromIso);
      if (toIso) next.set('to', toIso);
      const name = username.trim();
      if (name) {
        const found = (await api.users.list({ q: name, limit: 50 })).items.find((u) => u.username.toLowerCase() === name.toLowerCase());
        if (!found)
          throw new ApiError(0, 'client', `There is no user named “${name}”.`, [{ field: 'username', message: 'is not a username.' }]);
        next.set('userId', String(found.id));
      }
      onApply(next);
    });
  };

  return (
    <search>
      <form ref={formRef} onSubmit={submit} noValidate className="form filter-form card" aria-label="Filter security events">
        <ErrorAlert error={error} alertRef={alertRef} shownFields={['username']} />
        <div className="filter-grid">
          <TextField
            label="Words"
            name="q"
            type="search"
            hint="Matched against action, actor, target and IP."
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <SelectField label="Action" name="action" options={ACTION_OPTIONS} value={action} onChange={(e) => setAction(e.target.value)} />
          <TextField
            label="User"
            name="username"
            hint="Events about or by this username."
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={fields.username}
          />
          <TextField label="IP address" name="ip" spellCheck={false} value={ip} onChange={(e) => setIp(e.target.value)} />
          <TextField label="From" name="from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
          <TextField label="Until" name="to" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="button-row">
          <button type="submit" disabled={busy}>
            Search events
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              setQ('');
              setAction('');
              setUsername('');
              setIp('');
              setFrom('');
              setTo('');
              setError(undefined);
              onApply(new URLSearchParams());
            }}
          >
            Clear filters
          </button>
        </div>
      </form>
    </search>
  );
}

export function SecurityEventsPage() {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const filter = filterOf(params);
  const events = useApiQuery(['security.events', key], async () => {
    const page = await api.security.events(filter);
    // Name the users events are about (a page names few distinct users).
    const ids = [
      ...new Set(page.items.filter((e) => e.target.type === 'user' && /^\d+$/.test(e.target.id)).map((e) => Number(e.target.id))),
    ];
    const named = await Promise.all(
      ids.map((id) =>
        api.users.get(id).then(
          (u) => [id, u.username] as const,
          () => [id, undefined] as const,
        ),
      ),
    );
    return { ...page, names: new Map(named) };
  });
  const user = useApiQuery(['users.get', filter.userId], async () => (filter.userId ? api.users.get(filter.userId) : undefined));
  const filtered = [...params.keys()].some((k) => k !== 'offset');

  return (
    <>
      <PageHeading title="Security events" />
      <SecurityNav />
      {filter.userId && !user.data && user.loading ? (
        <Loading what="Loading the user filter" />
      ) : (
        <Filters key={`${key}:${user.data?.username ?? ''}`} params={params} userName={user.data?.username} onApply={setParams} />
      )}
      <ErrorAlert error={events.error} />
      {events.data ? (
        <>
          <table className="data-table events">
            <caption>
              {events.data.total} {events.data.total === 1 ? 'event' : 'events'}
              {filtered ? ' matching the filters' : ''}, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">By</th>
                <th scope="col">About</th>
                <th scope="col">IP address</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {events.data.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Time value={e.at} />
                  </td>
                  <th scope="row">
                    {actionLabel(e.action)}
                    <span className="row-note">
                      <code>{e.action}</code>
                    </span>
                  </th>
                  <td>
                    {e.actor.userId ? <Link to={`/admin/users/${e.actor.userId}`}>{e.actor.name}</Link> : e.actor.name || e.actor.kind}
                  </td>
                  <td>
                    {e.target.type === 'user' && /^\d+$/.test(e.target.id) ? (
                      <Link to={`/admin/users/${e.target.id}`}>
                        {events.data?.names.get(Number(e.target.id)) ?? `User #${e.target.id}`}
                      </Link>
                    ) : e.target.type === 'unknown_user' ? (
                      'Unknown username'
                    ) : (
                      `${e.target.type} ${e.target.id}`
                    )}
                  </td>
                  <td>{e.ip ?? <span className="muted">—</span>}</td>
                  <td className="event-details">{changeSummary(e.before, e.after) || <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            offset={filter.offset ?? 0}
            limit={LIMIT}
            total={events.data.total}
            onChange={(offset) => {
              const next = new URLSearchParams(params);
              if (offset > 0) next.set('offset', String(offset));
              else next.delete('offset');
              setParams(next);
            }}
            label="Security event pages"
          />
        </>
      ) : events.loading ? (
        <Loading what="Loading events" />
      ) : null}
    </>
  );
}
