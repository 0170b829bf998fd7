// The four stages of seed 001 ("Security Incident Response Plan") with their activities, shown on each report
// as a checklist the assignee works through.
export interface StageActivity {
  key: string;
  label: string;
}

export interface StageDefinition {
  key: 'discovery' | 'assessment' | 'disclosure' | 'post_mortem';
  label: string;
  activities: StageActivity[];
}

export const STAGES: readonly StageDefinition[] = [
  {
    key: 'discovery',
    label: 'Discovery and Assignment',
    activities: [
      { key: 'cve_recorded', label: 'Record a CVE ID (entered, or taken from the pool of reserved IDs)' },
      { key: 'board_notified', label: 'Send an e-mail regarding the potential issue to the Board' },
      { key: 'reporter_acknowledged', label: 'Acknowledge the reporter' },
    ],
  },
  {
    key: 'assessment',
    label: 'Assessment and Remediation',
    activities: [
      { key: 'validated', label: 'Validate: confirm a vulnerability exists and create a test for it' },
      { key: 'classified', label: 'Classify severity and impact with CVSS; note the specific potential impact' },
      { key: 'versions_identified', label: 'Identify all affected products and versions' },
      { key: 'reporter_briefed', label: 'Brief the reporter on the assessment' },
      { key: 'technical_resources', label: 'Work with technical resources on the remediation' },
      { key: 'remediation_decided', label: 'Identify remediation options and decide the best strategy' },
      { key: 'fix_implemented', label: 'Implement a fix in the appropriate repository' },
      { key: 'fix_validated', label: 'Validate that the issue is resolved (ideally by a second organisation)' },
      { key: 'regression_test', label: 'Create a test so the issue does not come back in future versions' },
    ],
  },
  {
    key: 'disclosure',
    label: 'Community Disclosure and Patch Release',
    activities: [
      { key: 'release_announced', label: 'Announce the vulnerability and the release date' },
      { key: 'patch_created', label: 'Create the patch release or remediation instructions' },
      { key: 'patch_published', label: 'Publish the patch release with the incident manager' },
      { key: 'repository_owners_notified', label: 'Send the disclosure notice to code repository owners' },
    ],
  },
  {
    key: 'post_mortem',
    label: 'Post-Mortem',
    activities: [
      { key: 'board_retrospective', label: 'The Board discusses how the response plan played out' },
      { key: 'technical_retrospective', label: 'Discuss the technical substance of the fix and how to prevent similar issues' },
    ],
  },
];

export const ACTIVITY_KEYS: ReadonlySet<string> = new Set(STAGES.flatMap((s) => s.activities.map((a) => a.key)));
