// The report's timeline as its reporter sees it (the server leaves out internal notes): who did what when,
// and each entry's Markdown as the server's sanitised HTML (the only HTML this page inserts).
import { formatDay } from '../../lib/dates.ts';
import type { TimelineEvent } from './reporterApi.ts';
import { stateLabel } from '../../../../src/shared/report-states.ts';
import { Time } from '../../ui/Time.tsx';

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

const ROLE_NAMES: Record<string, string> = { co_reporter: 'a co-reporter', collaborator: 'a collaborator', reporter: 'the reporter' };

/** What happened, in words (the entry's body, if any, follows it). */
export function describeEvent(e: TimelineEvent): string {
  const d = e.data;
  switch (e.kind) {
    case 'submitted':
      return 'submitted the report';
    case 'comment':
      return 'wrote';
    case 'state_changed':
      return `changed the status from ${stateLabel(text(d.from))} to ${stateLabel(text(d.to))}${d.duplicateOf ? ` (duplicate of ${text(d.duplicateOf)})` : ''}`;
    case 'acknowledged':
      return 'acknowledged the report';
    case 'scored':
      return d.vector ? `scored the severity: ${text(d.vector)}${d.severity ? ` (${text(d.severity)})` : ''}` : 'changed the severity';
    case 'classified':
      return 'classified the report';
    case 'disclosure_changed':
      return d.preferredDate ? `set the preferred disclosure date to ${formatDay(text(d.preferredDate))}` : 'changed the disclosure date';
    case 'member_added':
      return `added ${text(d.username)} as ${ROLE_NAMES[text(d.role)] ?? text(d.role)}`;
    case 'member_removed':
      return 'removed a person from the report';
    case 'invitation_sent':
      return `invited ${text(d.username)} as a co-reporter`;
    case 'invitation_withdrawn':
      return 'withdrew an invitation';
    case 'invitation_declined':
      return 'declined an invitation';
    case 'attachment_added':
      return `attached ${text(d.filename)}`;
    case 'link_created':
      return 'created a new secret link';
    case 'links_revoked':
      return `revoked the secret links${typeof d.count === 'number' ? ` (${d.count})` : ''}`;
    case 'assigned':
    case 'reassigned':
      return 'assigned the report';
    case 'unassigned':
      return 'unassigned the report';
    default:
      return e.kind.replace(/_/g, ' ');
  }
}

function actorOf(e: TimelineEvent): string {
  if (e.actorSide === 'system') return 'Parapet';
  return e.actorSide === 'team' ? `${e.actor} (security team)` : e.actor;
}

export function ReportTimeline({ events }: { events: readonly TimelineEvent[] }) {
  if (events.length === 0) return <p className="muted">Nothing has happened yet.</p>;
  return (
    <ol className="report-timeline">
      {events.map((e) => (
        <li key={e.id} className={`report-timeline-entry report-timeline-${e.actorSide === 'team' ? 'team' : 'reporter'}`}>
          <p className="report-timeline-head">
            <strong>{actorOf(e)}</strong> {describeEvent(e)}{' '}
            <span className="muted">
              · <Time value={e.at} />
            </span>
          </p>
          {e.body.markdown.trim() !== '' ? (
            <div className="report-markdown report-timeline-body" dangerouslySetInnerHTML={{ __html: e.body.html }} />
          ) : null}
        </li>
      ))}
    </ol>
  );
}
