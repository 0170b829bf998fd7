// The report lifecycle's vocabulary, shared by the server and the web UI: the states, which of them are
// finished, and their names for people. Pure data, no imports: the web bundle includes this file as it is.
// Which moves between states are legal is the server's (src/domain/reports/states.ts).

export const REPORT_STATES = [
  'new',
  'triaged',
  'in_remediation',
  'fixed',
  'disclosed',
  'closed',
  'needs_more_info',
  'duplicate',
  'informative',
  'not_applicable',
  'spam',
  'withdrawn',
] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/** Side exits end a report without a fix. */
export const SIDE_EXITS: readonly ReportState[] = ['duplicate', 'informative', 'not_applicable', 'spam', 'withdrawn'];
/** States in which a report is finished: no SLA clock runs, nothing waits for the team, no withdrawal. */
export const FINISHED: readonly ReportState[] = ['disclosed', 'closed', ...SIDE_EXITS];
/** States in which a report is not finished, in lifecycle order. */
export const OPEN_STATES: readonly ReportState[] = REPORT_STATES.filter((s) => !FINISHED.includes(s));

export const STATE_LABELS: Record<ReportState, string> = {
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

export function isReportState(value: unknown): value is ReportState {
  return typeof value === 'string' && (REPORT_STATES as readonly string[]).includes(value);
}

export function isFinished(state: string): boolean {
  return isReportState(state) && FINISHED.includes(state);
}

/** The state's name for people; an unknown code as it is. */
export function stateLabel(state: string): string {
  return isReportState(state) ? STATE_LABELS[state] : state;
}
