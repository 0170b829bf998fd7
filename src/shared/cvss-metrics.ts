// The metrics of CVSS 2.0, 3.0/3.1 and 4.0: names, allowed values, which are mandatory, and the canonical
// order in which a normalised vector lists them (the order of the FIRST specifications' vector strings).
// Shared by the server (src/cvss) and the web calculator (web/src/features/cvss); pure data, no imports.

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

export interface MetricDefinition {
  /** The abbreviation used in vectors, e.g. "AV". */
  key: string;
  /** The full name, for messages. */
  name: string;
  /** Allowed values in the specification's order, e.g. ["N", "A", "L", "P"]. */
  values: readonly string[];
  mandatory: boolean;
}

export interface VersionDefinition {
  version: CvssVersion;
  /** "CVSS:3.1/" etc.; CVSS 2.0 vectors have none. */
  prefix: string;
  /** In canonical order. */
  metrics: readonly MetricDefinition[];
}

const m = (key: string, name: string, values: string, mandatory = false): MetricDefinition => ({
  key,
  name,
  values: values.split(' '),
  mandatory,
});

const V2_METRICS = [
  m('AV', 'Access Vector', 'L A N', true),
  m('AC', 'Access Complexity', 'H M L', true),
  m('Au', 'Authentication', 'M S N', true),
  m('C', 'Confidentiality Impact', 'N P C', true),
  m('I', 'Integrity Impact', 'N P C', true),
  m('A', 'Availability Impact', 'N P C', true),
  m('E', 'Exploitability', 'U POC F H ND'),
  m('RL', 'Remediation Level', 'OF TF W U ND'),
  m('RC', 'Report Confidence', 'UC UR C ND'),
  m('CDP', 'Collateral Damage Potential', 'N L LM MH H ND'),
  m('TD', 'Target Distribution', 'N L M H ND'),
  m('CR', 'Confidentiality Requirement', 'L M H ND'),
  m('IR', 'Integrity Requirement', 'L M H ND'),
  m('AR', 'Availability Requirement', 'L M H ND'),
];

const V3_METRICS = [
  m('AV', 'Attack Vector', 'N A L P', true),
  m('AC', 'Attack Complexity', 'L H', true),
  m('PR', 'Privileges Required', 'N L H', true),
  m('UI', 'User Interaction', 'N R', true),
  m('S', 'Scope', 'U C', true),
  m('C', 'Confidentiality', 'H L N', true),
  m('I', 'Integrity', 'H L N', true),
  m('A', 'Availability', 'H L N', true),
  m('E', 'Exploit Code Maturity', 'X H F P U'),
  m('RL', 'Remediation Level', 'X U W T O'),
  m('RC', 'Report Confidence', 'X C R U'),
  m('CR', 'Confidentiality Requirement', 'X H M L'),
  m('IR', 'Integrity Requirement', 'X H M L'),
  m('AR', 'Availability Requirement', 'X H M L'),
  m('MAV', 'Modified Attack Vector', 'X N A L P'),
  m('MAC', 'Modified Attack Complexity', 'X L H'),
  m('MPR', 'Modified Privileges Required', 'X N L H'),
  m('MUI', 'Modified User Interaction', 'X N R'),
  m('MS', 'Modified Scope', 'X U C'),
  m('MC', 'Modified Confidentiality', 'X H L N'),
  m('MI', 'Modified Integrity', 'X H L N'),
  m('MA', 'Modified Availability', 'X H L N'),
];

const V4_METRICS = [
  m('AV', 'Attack Vector', 'N A L P', true),
  m('AC', 'Attack Complexity', 'L H', true),
  m('AT', 'Attack Requirements', 'N P', true),
  m('PR', 'Privileges Required', 'N L H', true),
  m('UI', 'User Interaction', 'N P A', true),
  m('VC', 'Vulnerable System Confidentiality', 'H L N', true),
  m('VI', 'Vulnerable System Integrity', 'H L N', true),
  m('VA', 'Vulnerable System Availability', 'H L N', true),
  m('SC', 'Subsequent System Confidentiality', 'H L N', true),
  m('SI', 'Subsequent System Integrity', 'H L N', true),
  m('SA', 'Subsequent System Availability', 'H L N', true),
  m('E', 'Exploit Maturity', 'X A P U'),
  m('CR', 'Confidentiality Requirement', 'X H M L'),
  m('IR', 'Integrity Requirement', 'X H M L'),
  m('AR', 'Availability Requirement', 'X H M L'),
  m('MAV', 'Modified Attack Vector', 'X N A L P'),
  m('MAC', 'Modified Attack Complexity', 'X L H'),
  m('MAT', 'Modified Attack Requirements', 'X N P'),
  m('MPR', 'Modified Privileges Required', 'X N L H'),
  m('MUI', 'Modified User Interaction', 'X N P A'),
  m('MVC', 'Modified Vulnerable System Confidentiality', 'X H L N'),
  m('MVI', 'Modified Vulnerable System Integrity', 'X H L N'),
  m('MVA', 'Modified Vulnerable System Availability', 'X H L N'),
  m('MSC', 'Modified Subsequent System Confidentiality', 'X H L N'),
  m('MSI', 'Modified Subsequent System Integrity', 'X S H L N'),
  m('MSA', 'Modified Subsequent System Availability', 'X S H L N'),
  m('S', 'Safety', 'X N P'),
  m('AU', 'Automatable', 'X N Y'),
  m('R', 'Recovery', 'X A U I'),
  m('V', 'Value Density', 'X D C'),
  m('RE', 'Vulnerability Response Effort', 'X L M H'),
  m('U', 'Provider Urgency', 'X Clear Green Amber Red'),
];

export const VERSIONS: Readonly<Record<CvssVersion, VersionDefinition>> = {
  '2.0': { version: '2.0', prefix: '', metrics: V2_METRICS },
  '3.0': { version: '3.0', prefix: 'CVSS:3.0/', metrics: V3_METRICS },
  '3.1': { version: '3.1', prefix: 'CVSS:3.1/', metrics: V3_METRICS },
  '4.0': { version: '4.0', prefix: 'CVSS:4.0/', metrics: V4_METRICS },
};

/** The versions whose vectors carry a "CVSS:x.y/" prefix. */
export const PREFIXED_VERSIONS = ['3.0', '3.1', '4.0'] as const satisfies readonly CvssVersion[];
