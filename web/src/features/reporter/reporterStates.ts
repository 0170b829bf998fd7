// Report states as reporters see them: labels (mirroring the server's STATE_LABELS) and which states are
// finished (a finished report can no longer be withdrawn).
export const STATE_LABELS: Record<string, string> = {
  new: 'New',
  triaged: 'Triaged',
  in_remediation: 'In remediation',
  fixed: 'Fixed',
  disclosed: 'Disclosed',
  closed: 'Closed',
  needs_more_info: 'Needs more info',
  duplicate: 'Duplicate',
  informative: 'Informative',
  not_applicable: 'Not applicable',
  spam: 'Spam',
  withdrawn: 'Withdrawn',
};

export const FINISHED_STATES: readonly string[] = ['disclosed', 'closed', 'duplicate', 'informative', 'not_applicable', 'spam', 'withdrawn'];

export const stateLabel = (state: unknown): string => (typeof state === 'string' ? (STATE_LABELS[state] ?? state) : '');

/** "in 12 days", "today", "3 days ago". */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft === 0) return 'today';
  if (daysLeft > 0) return `in ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}`;
  const ago = -daysLeft;
  return `${ago} ${ago === 1 ? 'day' : 'days'} ago`;
}
