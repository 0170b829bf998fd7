// Reading vector text into picker values and writing picker values back as a vector, for the calculator.
// Reading is forgiving (the pickers show whatever parts are understood); whether a vector is valid, and its
// score, is the server's answer.
import { CALCULATOR_VERSIONS, metricsOf, type CalculatorVersion } from './metrics.ts';

export type MetricValues = Record<string, string>;

export interface ReadVector {
  /** The version the prefix names, if it is one the pickers support. */
  version: CalculatorVersion | undefined;
  /** The prefix as written ("CVSS:3.0/" keeps 3.0 when the pickers rewrite the vector). */
  prefix: string | undefined;
  /** Metric → value, for the parts that name a known metric and one of its values. */
  values: MetricValues;
  /** Metrics the version requires that the text does not give. */
  missing: string[];
}

/** The calculator version a vector's prefix names (CVSS 3.0 uses the 3.1 pickers), if any. */
export function versionOfText(text: string): { version: CalculatorVersion; prefix: string } | undefined {
  const head = text.trim().split('/')[0] ?? '';
  for (const version of Object.keys(CALCULATOR_VERSIONS) as CalculatorVersion[]) {
    const prefix = CALCULATOR_VERSIONS[version].prefixes.find((p) => p === `${head}/`);
    if (prefix) return { version, prefix };
  }
  return undefined;
}

export function readVector(text: string, fallback: CalculatorVersion): ReadVector {
  const found = versionOfText(text);
  const version = found?.version ?? fallback;
  const metrics = metricsOf(version);
  const values: MetricValues = {};
  const parts = text.trim().split('/');
  for (const part of found ? parts.slice(1) : parts) {
    const [key, value, extra] = part.split(':');
    if (key === undefined || value === undefined || extra !== undefined) continue;
    const m = metrics.find((x) => x.key === key);
    if (m && m.values.some((val) => val.code === value) && values[key] === undefined) values[key] = value;
  }
  const missing = metrics.filter((m) => m.mandatory && values[m.key] === undefined).map((m) => m.key);
  return { version: found?.version, prefix: found?.prefix, values, missing };
}

/**
 * The vector for picker values, in canonical order: every mandatory metric that has a value, and the optional
 * ones that are not X (Not Defined). No values at all give the empty text.
 */
export function writeVector(version: CalculatorVersion, values: MetricValues, prefix = CALCULATOR_VERSIONS[version].prefixes[0]): string {
  const parts = metricsOf(version)
    .filter((m) => values[m.key] !== undefined && (m.mandatory || values[m.key] !== 'X'))
    .map((m) => `${m.key}:${values[m.key]}`);
  return parts.length === 0 ? '' : `${prefix}${parts.join('/')}`;
}
