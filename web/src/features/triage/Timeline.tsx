// The report's timeline: who did what and when, why (Markdown bodies, inserted only as the server's sanitised
// HTML), and each change's details as text. Internal entries are marked in words and by their frame.
import { formatDay } from '../../lib/dates.ts';
import { eventLabel, foundByLabel, roleLabel, stateLabel } from './reportLabels.ts';
import type { ReportDetail, TimelineEvent } from './reportsApi.ts';
import { Time } from '../../ui/Time.tsx';
import { InternalBadge } from './Badges.tsx';

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** What an entry changed, in words (the data is shown as text only, never as HTML). */
function summary(e: TimelineEvent, activities: ReadonlyMap<string, string>): string {
  const d = e.data;
  switch (e.kind) {
    case 'state_changed': {
      const parts = [`${stateLabel(text(d.from) ?? '?')} → ${stateLabel(text(d.to) ?? '?')}`];
      if (text(d.duplicateOf)) parts.push(`duplicate of ${text(d.duplicateOf)}`);
      return parts.join(', ');
    }
    case 'assigned':
    case 'reassigned':
    case 'unassigned':
      return [text(d.from) ? `from ${text(d.from)}` : '', text(d.to) ? `to ${text(d.to)}` : ''].filter(Boolean).join(' ');
    case 'scored': {
      const parts: string[] = [];
      const vector = text(d.vector);
      if (vector) parts.push(vector);
      if (text(d.score)) parts.push(`score ${text(d.score)}`);
      if (text(d.severity)) parts.push(`severity ${text(d.severity)}`);
      if (text(d.riskOverride)) parts.push(`risk level set to ${text(d.riskOverride)}`);
      return parts.join(', ');
    }
    case 'classified': {
      const parts: string[] = [];
      if (text(d.cweId)) parts.push(`CWE-${text(d.cweId)}`);
      const foundBy = text(d.foundBy);
      if (foundBy) parts.push(`found by ${foundByLabel(foundBy).toLowerCase()}`);
      if (text(d.component)) parts.push(`component ${text(d.component)}`);
      const cveId = text(d.cveId);
      if (cveId) parts.push(cveId);
      return parts.join(', ');
    }
    case 'activity_done':
    case 'activity_undone':
      return activities.get(text(d.key) ?? '') ?? text(d.key) ?? '';
    case 'disclosure_changed': {
      const parts: string[] = [];
      if ('preferredDate' in d) {
        const date = text(d.preferredDate);
        parts.push(date ? `preferred date ${formatDay(date)}` : 'no preferred date');
      }
      if (text(d.extensionDays)) parts.push(`extension ${text(d.extensionDays)} days`);
      return parts.join(', ');
    }
    case 'member_added': {
      const role = text(d.role);
      return [text(d.username), role ? `as ${roleLabel(role).toLowerCase()}` : ''].filter(Boolean).join(' ');
    }
    case 'member_removed': {
      const role = text(d.role);
      return role ? roleLabel(role) : '';
    }
    case 'invitation_sent':
      return text(d.username) ?? '';
    case 'links_revoked':
      return text(d.count) ? `${text(d.count)} revoked` : '';
    case 'attachment_added':
      return text(d.filename) ?? '';
    case 'submitted':
      return text(d.product) ? `for ${text(d.product)}` : '';
    default:
      return '';
  }
}

export function Timeline({ report }: { report: ReportDetail }) {
  const activities = new Map((report.stages ?? []).flatMap((s) => s.activities.map((a) => [a.key, a.label] as const)));
  return (
    <section aria-labelledby="timeline-heading" className="card">
      <h2 id="timeline-heading">Timeline</h2>
      {report.timeline.length === 0 ? <p className="muted">Nothing yet.</p> : null}
      <ol className="triage-timeline">
        {report.timeline.map((e) => {
          const what = eventLabel(e.kind);
          const details = summary(e, activities);
          return (
            <li key={e.id} className={e.internal ? 'event event-internal' : 'event'}>
              <p className="event-head">
                <strong>{e.actor}</strong>
                {e.actorSide === 'reporter' ? <span className="tag tag-reporter">Reporter</span> : null}
                <span className="event-what">{what}</span>
                <Time value={e.at} />
                {e.internal ? <InternalBadge text={e.kind === 'comment' ? 'Internal note' : 'Internal'} /> : null}
              </p>
              {details ? <p className="event-details">{details}</p> : null}
              {e.body.markdown.trim() ? (
                // The server renders Markdown without raw HTML and sanitises the result (DOMPurify).
                <div className="triage-markdown event-body" dangerouslySetInnerHTML={{ __html: e.body.html }} />
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
