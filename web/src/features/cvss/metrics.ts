// The metrics of CVSS 3.1 (3.0 has the same) and 4.0 for the calculator's pickers. Abbreviations, names,
// allowed values, canonical order and which are mandatory come from the table the server scores with
// (src/shared/cvss-metrics.ts); this file adds the specifications' names for the values and the group each
// metric is shown in. Scoring is the server's.
import { VERSIONS } from '../../../../src/shared/cvss-metrics.ts';

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
  /** Vector prefixes this version's pickers read, the first the one they write ("CVSS:3.0/" vectors use the 3.1 pickers). */
  prefixes: readonly [string, ...string[]];
  groups: readonly MetricGroup[];
}

const v = (spec: string): MetricValue[] =>
  spec.split('|').map((pair) => {
    const [code, label] = pair.split('=');
    if (code === undefined || label === undefined) throw new Error(`A CVSS value is written "code=Name", not "${pair}".`);
    return { code, label };
  });

/** A metric of the shared table with the names of its values ("code=Name|…", one for each allowed value). */
function metric(version: CalculatorVersion, key: string, labels: string): Metric {
  const def = VERSIONS[version].metrics.find((m) => m.key === key);
  if (!def) throw new Error(`CVSS ${version} has no metric ${key}.`);
  const names = new Map(v(labels).map((x) => [x.code, x.label]));
  const values = def.values.map((code) => {
    const label = names.get(code);
    if (label === undefined) throw new Error(`CVSS ${version} ${key}:${code} has no name.`);
    return { code, label };
  });
  if (names.size !== values.length) throw new Error(`CVSS ${version} ${key} names values it does not have.`);
  return { key, name: def.name, values, mandatory: def.mandatory };
}
const m3 = (key: string, labels: string) => metric('3.1', key, labels);
const m4 = (key: string, labels: string) => metric('4.0', key, labels);

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
        m3('AV', 'N=Network|A=Adjacent Network|L=Local|P=Physical'),
        m3('AC', 'L=Low|H=High'),
        m3('PR', 'N=None|L=Low|H=High'),
        m3('UI', 'N=None|R=Required'),
        m3('S', 'U=Unchanged|C=Changed'),
        m3('C', HLN),
        m3('I', HLN),
        m3('A', HLN),
      ],
    },
    {
      title: 'Temporal metrics',
      base: false,
      metrics: [
        m3('E', `${NOT_DEFINED}|H=High|F=Functional|P=Proof-of-Concept|U=Unproven`),
        m3('RL', `${NOT_DEFINED}|U=Unavailable|W=Workaround|T=Temporary Fix|O=Official Fix`),
        m3('RC', `${NOT_DEFINED}|C=Confirmed|R=Reasonable|U=Unknown`),
      ],
    },
    {
      title: 'Environmental metrics',
      base: false,
      metrics: [
        m3('CR', REQUIREMENT),
        m3('IR', REQUIREMENT),
        m3('AR', REQUIREMENT),
        m3('MAV', `${NOT_DEFINED}|N=Network|A=Adjacent Network|L=Local|P=Physical`),
        m3('MAC', `${NOT_DEFINED}|L=Low|H=High`),
        m3('MPR', `${NOT_DEFINED}|N=None|L=Low|H=High`),
        m3('MUI', `${NOT_DEFINED}|N=None|R=Required`),
        m3('MS', `${NOT_DEFINED}|U=Unchanged|C=Changed`),
        m3('MC', `${NOT_DEFINED}|${HLN}`),
        m3('MI', `${NOT_DEFINED}|${HLN}`),
        m3('MA', `${NOT_DEFINED}|${HLN}`),
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
        m4('AV', 'N=Network|A=Adjacent|L=Local|P=Physical'),
        m4('AC', 'L=Low|H=High'),
        m4('AT', 'N=None|P=Present'),
        m4('PR', 'N=None|L=Low|H=High'),
        m4('UI', 'N=None|P=Passive|A=Active'),
      ],
    },
    {
      title: 'Base metrics: vulnerable system impact',
      base: true,
      metrics: [m4('VC', HLN), m4('VI', HLN), m4('VA', HLN)],
    },
    {
      title: 'Base metrics: subsequent system impact',
      base: true,
      metrics: [m4('SC', HLN), m4('SI', HLN), m4('SA', HLN)],
    },
    {
      title: 'Threat metrics',
      base: false,
      metrics: [m4('E', `${NOT_DEFINED}|A=Attacked|P=POC|U=Unreported`)],
    },
    {
      title: 'Environmental metrics',
      base: false,
      metrics: [
        m4('CR', REQUIREMENT),
        m4('IR', REQUIREMENT),
        m4('AR', REQUIREMENT),
        m4('MAV', `${NOT_DEFINED}|N=Network|A=Adjacent|L=Local|P=Physical`),
        m4('MAC', `${NOT_DEFINED}|L=Low|H=High`),
        m4('MAT', `${NOT_DEFINED}|N=None|P=Present`),
        m4('MPR', `${NOT_DEFINED}|N=None|L=Low|H=High`),
        m4('MUI', `${NOT_DEFINED}|N=None|P=Passive|A=Active`),
        m4('MVC', `${NOT_DEFINED}|${HLN}`),
        m4('MVI', `${NOT_DEFINED}|${HLN}`),
        m4('MVA', `${NOT_DEFINED}|${HLN}`),
        m4('MSC', `${NOT_DEFINED}|${HLN}`),
        m4('MSI', `${NOT_DEFINED}|S=Safety|${HLN}`),
        m4('MSA', `${NOT_DEFINED}|S=Safety|${HLN}`),
      ],
    },
    {
      title: 'Supplemental metrics',
      base: false,
      metrics: [
        m4('S', `${NOT_DEFINED}|N=Negligible|P=Present`),
        m4('AU', `${NOT_DEFINED}|N=No|Y=Yes`),
        m4('R', `${NOT_DEFINED}|A=Automatic|U=User|I=Irrecoverable`),
        m4('V', `${NOT_DEFINED}|D=Diffuse|C=Concentrated`),
        m4('RE', `${NOT_DEFINED}|L=Low|M=Moderate|H=High`),
        m4('U', `${NOT_DEFINED}|Clear=Clear|Green=Green|Amber=Amber|Red=Red`),
      ],
    },
  ],
};

export const CALCULATOR_VERSIONS: Readonly<Record<CalculatorVersion, VersionMetrics>> = { '3.1': V3, '4.0': V4 };

/** Every metric of a version in canonical (vector) order. */
export function metricsOf(version: CalculatorVersion): Metric[] {
  return CALCULATOR_VERSIONS[version].groups.flatMap((g) => g.metrics);
}
