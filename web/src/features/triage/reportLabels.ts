// Words for people for the codes reports carry: states, severities, SLA clocks and their status, how an issue
// was found (seed 003), similar-report reasons, timeline event kinds, member roles; and ages and days left.
// The codes, and the labels the server also uses, come from src/shared.
import { REPORT_STATES, STATE_LABELS } from '../../../../src/shared/report-states.ts';
import { FOUND_BY, FOUND_BY_LABELS, SLA_LABELS, type MemberRole, type SimilarReason } from '../../../../src/shared/report-vocabulary.ts';

export { stateLabel } from '../../../../src/shared/report-states.ts';
export { SEVERITIES, SLA_STATUSES } from '../../../../src/shared/report-vocabulary.ts';

/** A code's label from its table, or the code itself when the table does not know it (a code the server added later). */
function labelOf(labels: Readonly<Record<string, string>>, code: string): string {
  return labels[code] ?? code;
}

export const STATE_OPTIONS: readonly { value: string; label: string }[] = REPORT_STATES.map((value) => ({
  value,
  label: STATE_LABELS[value],
}));

export function severityLabel(severity: string | null): string {
  if (severity === null || severity === 'unscored') return 'Not scored';
  return severity.charAt(0).toUpperCase() + severity.slice(1);
}

export function slaLabel(status: string | null): string {
  return status ? labelOf(SLA_LABELS, status) : '—';
}

const CLOCK_LABELS: Record<string, string> = {
  acknowledge: 'Acknowledge',
  triage: 'Triage',
  fix: 'Fix',
};

export function clockLabel(name: string): string {
  return CLOCK_LABELS[name] ?? name;
}

/** Seed 003's table of how vulnerabilities are found. */
export const FOUND_BY_OPTIONS: readonly { value: string; label: string }[] = FOUND_BY.map((value) => ({
  value,
  label: FOUND_BY_LABELS[value],
}));

export function foundByLabel(value: string): string {
  return labelOf(FOUND_BY_LABELS, value);
}

const REASONS: Record<SimilarReason, string> = {
  same_cwe: 'Same CWE',
  same_component: 'Same component',
  same_product: 'Same product',
  similar_text: 'Similar description',
};

export function reasonLabel(reason: string): string {
  return labelOf(REASONS, reason);
}

const ROLES: Record<MemberRole, string> = {
  reporter: 'Reporter',
  co_reporter: 'Co-reporter',
  collaborator: 'Collaborator',
};

export function roleLabel(role: string): string {
  return labelOf(ROLES, role);
}

const EVENT_KINDS: Record<string, string> = {
  submitted: 'Submitted the report',
  comment: 'Commented',
  state_changed: 'Changed the state',
  acknowledged: 'Acknowledged the reporter',
  assigned: 'Assigned the report',
  reassigned: 'Reassigned the report',
  unassigned: 'Unassigned the report',
  scored: 'Scored the severity',
  classified: 'Classified the report',
  activity_done: 'Ticked a checklist activity',
  activity_undone: 'Unticked a checklist activity',
  disclosure_changed: 'Changed the disclosure date',
  member_added: 'Invited a member',
  member_removed: 'Removed a member',
  invitation_sent: 'Invited a co-reporter',
  invitation_withdrawn: 'Withdrew an invitation',
  invitation_declined: 'Declined an invitation',
  link_created: 'Created a reporter link',
  links_revoked: 'Revoked the reporter links',
  attachment_added: 'Attached a file',
};

export function eventLabel(kind: string): string {
  return EVENT_KINDS[kind] ?? kind.replace(/_/g, ' ');
}

/** "Less than a day", "1 day", "12 days". */
export function ageText(days: number): string {
  if (days < 1) return 'Less than a day';
  return days === 1 ? '1 day' : `${days} days`;
}

/** "90 days left", "Today", "3 days overdue". */
export function daysLeftText(days: number): string {
  if (days === 0) return 'Today';
  if (days > 0) return days === 1 ? '1 day left' : `${days} days left`;
  return days === -1 ? '1 day overdue' : `${-days} days overdue`;
}

/** A file size for people. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
