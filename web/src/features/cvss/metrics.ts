// The metrics of CVSS 3.1 (3.0 has the same) and 4.0 for the calculator's pickers: abbreviations and allowed
// values in canonical order, mirrored from the server's src/cvss/definitions.ts, with the specifications'
// names for metrics and values and the group each metric is shown in. Scoring is the server's.

export type CalculatorVersion = '3.1' | '4.0';

export interface MetricValue {
  /** As written in vectors, e.g. "N". */
  code: string;
  /** The specification's name, e.g. "Network". */
  label: string;
}

export interface Metric {
  key: string;
  name: string;
  /** In the specification's order; optional metrics start with X (Not Defined). */
  values: readonly MetricValue[];
  mandatory: boolean;
}

export interface MetricGroup {
  /** Shown as the group's legend. */
  title: string;
  /** Base metrics are always shown; the other groups are folded away until opened. */
  base: boolean;
  metrics: readonly Metric[];
}

export interface VersionMetrics {
  version: CalculatorVersion;
  /** Vector prefixes this version's pickers read ("CVSS:3.0/" vectors use the 3.1 pickers). */
  prefixes: readonly string[];
  groups: readonly MetricGroup[];
}

const v = (spec: string): MetricValue[] =>
  spec.split('|').map((pair) => {
    const [code, label] = pair.split('=');
    return { code: code!, label: label! };
  });

const metric = (key: string, name: string, values: string, mandatory = false): Metric => ({ key, name, values: v(values), mandatory });

const NOT_DEFINED = 'X=Not Defined';
const HLN = 'H=High|L=Low|N=None';
const REQUIREMENT = `${NOT_DEFINED}|H=High|M=Medium|L=Low`;

const V3: VersionMetrics = {
  version: '3.1',
  prefixes: ['CVSS:3.1/', 'CVSS:3.0/'],
  groups: [
    {
      title: 'Base metrics',
      base: true,
      metrics: [
        metric('AV', 'Attack Vector', 'N=Network|A=Adjacent Network|L=Local|P=Physical', true),
        metric('AC', 'Attack Complexity', 'L=Low|H=High', true),
        metric('PR', 'Privileges Required', 'N=None|L=Low|H=High', true),
        metric('UI', 'User Interaction', 'N=None|R=Required', true),
        metric('S', 'Scope', 'U=Unchanged|C=Changed', true),
        metric('C', 'Confidentiality', HLN, true),
        metric('I', 'Integrity', HLN, true),
        metric('A', 'Availability', HLN, true),
      ],
    },
    {
      title: 'Temporal metrics',
      base: false,
      metrics: [
        metric('E', 'Exploit Code Maturity', `${NOT_DEFINED}|H=High|F=Functional|P=Proof-of-Concept|U=Unproven`),
        metric('RL', 'Remediation Level', `${NOT_DEFINED}|U=Unavailable|W=Workaround|T=Temporary Fix|O=Official Fix`),
        metric('RC', 'Report Confidence', `${NOT_DEFINED}|C=Confirmed|R=Reasonable|U=Unknown`),
      ],
    },
    {
      title: 'Environmental metrics',
      base: false,
      metrics: [
        metric('CR', 'Confidentiality Requirement', REQUIREMENT),
        metric('IR', 'Integrity Requirement', REQUIREMENT),
        metric('AR', 'Availability Requirement', REQUIREMENT),
        metric('MAV', 'Modified Attack Vector', `${NOT_DEFINED}|N=Network|A=Adjacent Network|L=Local|P=Physical`),
        metric('MAC', 'Modified Attack Complexity', `${NOT_DEFINED}|L=Low|H=High`),
        metric('MPR', 'Modified Privileges Required', `${NOT_DEFINED}|N=None|L=Low|H=High`),
        metric('MUI', 'Modified User Interaction', `${NOT_DEFINED}|N=None|R=Required`),
        metric('MS', 'Modified Scope', `${NOT_DEFINED}|U=Unchanged|C=Changed`),
        metric('MC', 'Modified Confidentiality', `${NOT_DEFINED}|${HLN}`),
        metric('MI', 'Modified Integrity', `${NOT_DEFINED}|${HLN}`),
        metric('MA', 'Modified Availability', `${NOT_DEFINED}|${HLN}`),
      ],
    },
  ],
};

const V4: VersionMetrics = {
  version: '4.0',
  prefixes: ['CVSS:4.0/'],
  groups: [
    {
      title: 'Base metrics: exploitability',
      base: true,
      metrics: [
        metric('AV', 'Attack Vector', 'N=Network|A=Adjacent|L=Local|P=Physical', true),
        metric('AC', 'Attack Complexity', 'L=Low|H=High', true),
        metric('AT', 'Attack Requirements', 'N=None|P=Present', true),
        metric('PR', 'Privileges Required', 'N=None|L=Low|H=High', true),
        metric('UI', 'User Interaction', 'N=None|P=Passive|A=Active', true),
      ],
    },
    {
      title: 'Base metrics: vulnerable system impact',
      base: true,
      metrics: [
        metric('VC', 'Vulnerable System Confidentiality', HLN, true),
        metric('VI', 'Vulnerable System Integrity', HLN, true),
        metric('VA', 'Vulnerable System Availability', HLN, true),
      ],
    },
    {
      title: 'Base metrics: subsequent system impact',
      base: true,
      metrics: [
        metric('SC', 'Subsequent System Confidentiality', HLN, true),
        metric('SI', 'Subsequent System Integrity', HLN, true),
        metric('SA', 'Subsequent System Availability', HLN, true),
      ],
    },
    {
      title: 'Threat metrics',
      base: false,
      metrics: [metric('E', 'Exploit Maturity', `${NOT_DEFINED}|A=Attacked|P=POC|U=Unreported`)],
    },
    {
      title: 'Environmental metrics',
      base: false,
      metrics: [
        metric('CR', 'Confidentiality Requirement', REQUIREMENT),
        metric('IR', 'Integrity Requirement', REQUIREMENT),
        metric('AR', 'Availability Requirement', REQUIREMENT),
        metric('MAV', 'Modified Attack Vector', `${NOT_DEFINED}|N=Network|A=Adjacent|L=Local|P=Physical`),
        metric('MAC', 'Modified Attack Complexity', `${NOT_DEFINED}|L=Low|H=High`),
        metric('MAT', 'Modified Attack Requirements', `${NOT_DEFINED}|N=None|P=Present`),
        metric('MPR', 'Modified Privileges Required', `${NOT_DEFINED}|N=None|L=Low|H=High`),
        metric('MUI', 'Modified User Interaction', `${NOT_DEFINED}|N=None|P=Passive|A=Active`),
        metric('MVC', 'Modified Vulnerable System Confidentiality', `${NOT_DEFINED}|${HLN}`),
        metric('MVI', 'Modified Vulnerable System Integrity', `${NOT_DEFINED}|${HLN}`),
        metric('MVA', 'Modified Vulnerable System Availability', `${NOT_DEFINED}|${HLN}`),
        metric('MSC', 'Modified Subsequent System Confidentiality', `${NOT_DEFINED}|${HLN}`),
        metric('MSI', 'Modified Subsequent System Integrity', `${NOT_DEFINED}|S=Safety|${HLN}`),
        metric('MSA', 'Modified Subsequent System Availability', `${NOT_DEFINED}|S=Safety|${HLN}`),
      ],
    },
    {
      title: 'Supplemental metrics',
      base: false,
      metrics: [
        metric('S', 'Safety', `${NOT_DEFINED}|N=Negligible|P=Present`),
        metric('AU', 'Automatable', `${NOT_DEFINED}|N=No|Y=Yes`),
        metric('R', 'Recovery', `${NOT_DEFINED}|A=Automatic|U=User|I=Irrecoverable`),
        metric('V', 'Value Density', `${NOT_DEFINED}|D=Diffuse|C=Concentrated`),
        metric('RE', 'Vulnerability Response Effort', `${NOT_DEFINED}|L=Low|M=Moderate|H=High`),
        metric('U', 'Provider Urgency', `${NOT_DEFINED}|Clear=Clear|Green=Green|Amber=Amber|Red=Red`),
      ],
    },
  ],
};

export const CALCULATOR_VERSIONS: Readonly<Record<CalculatorVersion, VersionMetrics>> = { '3.1': V3, '4.0': V4 };

/** Every metric of a version in canonical (vector) order. */
export function metricsOf(version: CalculatorVersion): Metric[] {
  return CALCULATOR_VERSIONS[version].groups.flatMap((g) => g.metrics);
}
