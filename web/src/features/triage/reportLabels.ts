// Words for people for the codes reports carry: states, severities, SLA clocks and their status, how an issue
// was found (seed 003), similar-report reasons, timeline event kinds, member roles; and ages and days left.
import type { SlaStatus } from './reportsApi.ts';

export const STATE_OPTIONS: readonly { value: string; label: string }[] = [
  { value: 'new', label: 'New' },
  { value: 'triaged', label: 'Triaged' },
  { value: 'in_remediation', label: 'In remediation' },
  { value: 'fixed', label: 'Fixed' },
  { value: 'disclosed', label: 'Disclosed' },
  { value: 'closed', label: 'Closed' },
  { value: 'needs_more_info', label: 'Needs more info' },
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'informative', label: 'Informative' },
  { value: 'not_applicable', label: 'Not applicable' },
  { value: 'spam', label: 'Spam' },
  { value: 'withdrawn', label: 'Withdrawn' },
];

/** States in which a report is finished (no clock runs, nothing waits for the team). */
export const FINISHED_STATES: readonly string[] = ['disclosed', 'closed', 'duplicate', 'informative', 'not_applicable', 'spam', 'withdrawn'];

export function stateLabel(state: string): string {
  return STATE_OPTIONS.find((s) => s.value === state)?.label ?? state;
}

/** Highest first, as the dashboard and filters list them. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none', 'unscored'] as const;

export function severityLabel(severity: string | null): string {
  if (severity === null || severity === 'unscored') return 'Not scored';
  return severity.charAt(0).toUpperCase() + severity.slice(1);
}

/** Worst first. */
export const SLA_STATUSES: readonly SlaStatus[] = ['breached', 'near', 'missed', 'on_track', 'met'];

const SLA_LABELS: Record<SlaStatus, string> = {
  breached: 'Breached',
  near: 'Near breach',
  missed: 'Missed',
  on_track: 'On track',
  met: 'Met',
};

export function slaLabel(status: string | null): string {
  return status ? (SLA_LABELS[status as SlaStatus] ?? status) : '—';
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
export const FOUND_BY_OPTIONS: readonly { value: string; label: string }[] = [
  { value: 'development', label: 'Development' },
  { value: 'qa', label: 'QA' },
  { value: 'responsible_disclosure', label: 'Responsible disclosure' },
  { value: 'bug_bounty', label: 'Bug bounty' },
  { value: 'full_disclosure', label: 'Full disclosure' },
  { value: 'exploited_in_the_wild', label: 'Exploited in the wild' },
  { value: 'exploited_by_government', label: 'Exploited by governments' },
];

export function foundByLabel(value: string): string {
  return FOUND_BY_OPTIONS.find((f) => f.value === value)?.label ?? value;
}

const REASONS: Record<string, string> = {
  same_cwe: 'Same CWE',
  same_component: 'Same component',
  same_product: 'Same product',
  similar_text: 'Similar description',
};

export function reasonLabel(reason: string): string {
  return REASONS[reason] ?? reason;
}

const ROLES: Record<string, string> = {
  reporter: 'Reporter',
  co_reporter: 'Co-reporter',
  collaborator: 'Collaborator',
};

export function roleLabel(role: string): string {
  return ROLES[role] ?? role;
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
