// Codes reports carry besides their state, shared by the server and the web UI: how an issue was found
// (seed 003), severities as lists and filters name them, SLA clock statuses, similar-report reasons and
// member roles. Pure data, no imports.

/** Seed 003's table of how vulnerabilities are found. */
export const FOUND_BY = [
  'development',
  'qa',
  'responsible_disclosure',
  'bug_bounty',
  'full_disclosure',
  'exploited_in_the_wild',
  'exploited_by_government',
] as const;
export type FoundBy = (typeof FOUND_BY)[number];

export const FOUND_BY_LABELS: Record<FoundBy, string> = {
  development: 'Development',
  qa: 'QA',
  responsible_disclosure: 'Responsible disclosure',
  bug_bounty: 'Bug bounty',
  full_disclosure: 'Full disclosure',
  exploited_in_the_wild: 'Exploited in the wild',
  exploited_by_government: 'Exploited by governments',
};

/** Highest first, as the dashboard and filters list them; `unscored` is a report without a score. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none', 'unscored'] as const;
export type SeverityFilter = (typeof SEVERITIES)[number];

/** Worst first: the order in which a report's worst clock is chosen and lists show them. */
export const SLA_STATUSES = ['breached', 'near', 'missed', 'on_track', 'met'] as const;
export type SlaStatus = (typeof SLA_STATUSES)[number];

export const SLA_LABELS: Record<SlaStatus, string> = {
  breached: 'Breached',
  near: 'Near breach',
  missed: 'Missed',
  on_track: 'On track',
  met: 'Met',
};

export const SIMILAR_REASONS = ['same_cwe', 'same_component', 'same_product', 'similar_text'] as const;
export type SimilarReason = (typeof SIMILAR_REASONS)[number];

export const MEMBER_ROLES = ['reporter', 'co_reporter', 'collaborator'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
