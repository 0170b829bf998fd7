// Strict parsing of a CVSS vector string: the version from its prefix (none, optionally in parentheses, for
// CVSS 2.0), each metric once with a known value, all mandatory metrics present. Metrics may come in any
// order; the normalised vector lists them in canonical order (values, including X/ND, kept as given).
import { PREFIXED_VERSIONS, VERSIONS, type CvssVersion, type MetricDefinition, type VersionDefinition } from './definitions.ts';
import { CvssVectorError } from './errors.ts';

export interface ParsedVector {
  version: CvssVersion;
  /** Metric key → value, for the metrics given. */
  metrics: ReadonlyMap<string, string>;
  /** The normalised vector: prefix, then the given metrics in canonical order. */
  vector: string;
}

/** The value of a metric that every vector of its version gives (parsing refuses a vector without it). */
export function requiredMetric(metrics: ReadonlyMap<string, string>, key: string): string {
  const value = metrics.get(key);
  if (value === undefined) throw new Error(`Internal error: the parsed CVSS vector has no ${key}.`);
  return value;
}

const PREFIX_EXAMPLE = '"CVSS:4.0/", "CVSS:3.1/" or "CVSS:3.0/"';

function label(def: MetricDefinition): string {
  return `${def.key} (${def.name})`;
}

function list(values: readonly string[], conjunction: 'or' | 'and'): string {
  const last = values.at(-1) ?? '';
  return values.length <= 1 ? last : `${values.slice(0, -1).join(', ')} ${conjunction} ${last}`;
}

function versionLabel(def: VersionDefinition): string {
  return `CVSS ${def.version}`;
}

/** Which version a vector's text claims, and the metrics part after the prefix (or inside the parentheses). */
function splitPrefix(text: string, fail: (message: string) => never): { def: VersionDefinition; body: string } {
  if (/^cvss:/i.test(text) && !text.startsWith('CVSS:')) {
    fail(`The prefix must be written in upper case: "CVSS:${text.slice(5, text.indexOf('/') > 0 ? text.indexOf('/') : undefined)}/".`);
  }
  if (text.startsWith('CVSS:')) {
    const slash = text.indexOf('/');
    const version = text.slice(5, slash < 0 ? undefined : slash);
    if (slash < 0) fail(`The prefix "CVSS:${version}" must be followed by "/" and the metrics.`);
    if (version === '2.0' || version === '2') {
      fail('CVSS 2.0 vectors are written without a prefix, e.g. "AV:N/AC:L/Au:N/C:P/I:P/A:P".');
    }
    const known = PREFIXED_VERSIONS.find((v) => v === version);
    if (!known) {
      fail(`"CVSS:${version}/" is not a CVSS version Parapet knows: use ${PREFIX_EXAMPLE}, or a CVSS 2.0 vector without prefix.`);
    }
    if (text.includes('(') || text.includes(')')) fail(`Only CVSS 2.0 vectors may be written in parentheses.`);
    return { def: VERSIONS[known], body: text.slice(slash + 1) };
  }
  // "CVSS3.1/", "3.1/", "FIRST:3.1/": a dotted version where a prefix would be (no CVSS 2.0 value is one).
  if (/^[A-Za-z-]*:?v?\d+\.\d+\//.test(text) || text.startsWith('CVSS')) {
    const prefix = text.slice(0, text.indexOf('/') + 1 || undefined);
    fail(`"${prefix}" is not a valid prefix: use ${PREFIX_EXAMPLE}, or a CVSS 2.0 vector without prefix.`);
  }
  let body = text;
  const opens = text.startsWith('(');
  const closes = text.endsWith(')');
  if (opens !== closes) fail('The vector has an unmatched parenthesis: write "(AV:…)" with both or neither.');
  if (opens) body = text.slice(1, -1);
  if (opens && /^cvss:/i.test(body)) fail('Only CVSS 2.0 vectors may be written in parentheses.');
  if (body.includes('(') || body.includes(')')) fail('The vector contains a parenthesis inside it.');
  return { def: VERSIONS['2.0'], body };
}

type Pairs = readonly (readonly [string, string])[];
type Check = { ok: true; metrics: Map<string, string> } | { ok: false; message: string };

/** Checks NAME:VALUE pairs against one version's metrics: known names and values, each once, all mandatory. */
function checkMetrics(def: VersionDefinition, pairs: Pairs): Check {
  const byKey = new Map(def.metrics.map((d) => [d.key, d]));
  const given = new Map<string, string>();
  for (const [key, value] of pairs) {
    const metric = byKey.get(key);
    if (!metric) {
      const sameLetters = def.metrics.find((d) => d.key.toLowerCase() === key.toLowerCase());
      return {
        ok: false,
        message: sameLetters
          ? `"${key}" is not a ${versionLabel(def)} metric: metric names are case-sensitive, write "${sameLetters.key}".`
          : `"${key}" is not a ${versionLabel(def)} metric. The metrics are ${def.metrics.map((d) => d.key).join(', ')}.`,
      };
    }
    if (given.has(key)) return { ok: false, message: `${label(metric)} appears more than once: give each metric once.` };
    if (!metric.values.includes(value)) {
      const sameLetters = metric.values.find((v) => v.toLowerCase() === value.toLowerCase());
      return {
        ok: false,
        message: sameLetters
          ? `"${key}:${value}" is not valid: values are case-sensitive, write "${key}:${sameLetters}".`
          : `"${key}:${value}" is not valid: ${label(metric)} takes ${list(metric.values, 'or')}.`,
      };
    }
    given.set(key, value);
  }
  const missing = def.metrics.filter((d) => d.mandatory && !given.has(d.key));
  if (missing.length > 0) {
    const what = missing.length === 1 ? 'the mandatory metric' : 'the mandatory metrics';
    return { ok: false, message: `The ${versionLabel(def)} vector lacks ${what} ${list(missing.map(label), 'and')}.` };
  }
  return { ok: true, metrics: given };
}

/** When the metrics fit another version than the prefix says (or the prefix is missing), says so. */
function otherVersionHint(def: VersionDefinition, pairs: Pairs): string | undefined {
  const fits = (v: CvssVersion) => checkMetrics(VERSIONS[v], pairs).ok;
  if (def.version === '2.0') {
    if (fits('4.0')) return 'This looks like a CVSS 4.0 vector without its prefix: start it with "CVSS:4.0/".';
    if (fits('3.1')) return 'This looks like a CVSS 3.x vector without its prefix: start it with "CVSS:3.1/" (or "CVSS:3.0/").';
    // Not a complete vector of any version: still, names that only CVSS 3.x/4.0 use mean a missing prefix.
    const keys = new Set(pairs.map(([k]) => k));
    const uses = (v: CvssVersion, not: CvssVersion[]) =>
      VERSIONS[v].metrics.some((d) => keys.has(d.key) && not.every((o) => !VERSIONS[o].metrics.some((e) => e.key === d.key)));
    if (uses('4.0', ['2.0', '3.1'])) return 'This looks like a CVSS 4.0 vector without its prefix: start it with "CVSS:4.0/".';
    if (uses('3.1', ['2.0'])) return 'This looks like a CVSS 3.x vector without its prefix: start it with "CVSS:3.1/" (or "CVSS:3.0/").';
    return undefined;
  }
  const says = `its prefix says "${def.prefix}"`;
  if (def.version === '4.0' && fits('3.1')) return `This looks like a CVSS 3.x vector, but ${says}: use "CVSS:3.1/" (or "CVSS:3.0/").`;
  if (def.version !== '4.0' && fits('4.0')) return `This looks like a CVSS 4.0 vector, but ${says}: use "CVSS:4.0/".`;
  if (fits('2.0')) return `This looks like a CVSS 2.0 vector, but ${says}: CVSS 2.0 vectors are written without a prefix.`;
  return undefined;
}

/** Parses and validates a CVSS 2.0, 3.0, 3.1 or 4.0 vector. Throws CvssVectorError. */
export function parseVector(text: string): ParsedVector {
  const fail = (message: string): never => {
    throw new CvssVectorError(message, text);
  };
  if (typeof text !== 'string') fail('The CVSS vector must be a string.');
  if (text.length === 0) fail('The CVSS vector is empty.');
  const space = text.search(/\s/);
  if (space >= 0) {
    fail(`The CVSS vector contains whitespace (at character ${space + 1}); write it without spaces or line breaks.`);
  }
  const { def, body } = splitPrefix(text, fail);
  if (body.length === 0) fail(`The ${versionLabel(def)} vector has no metrics.`);
  if (body.endsWith('/')) fail('The CVSS vector ends with "/": remove the trailing slash.');
  if (body.startsWith('/')) fail('The CVSS vector has an empty part: remove the extra "/".');

  const parts = body.split('/');
  const pairs = parts.map((part) => {
    if (part.length === 0) fail('The CVSS vector has an empty part between two "/": remove the extra "/".');
    const [name, value, ...more] = part.split(':');
    if (more.length > 0 || !name || !value) {
      return fail(`"${part}" is not a metric: each part must be NAME:VALUE, e.g. "AV:N".`);
    }
    return [name, value] as const;
  });

  const checked = checkMetrics(def, pairs);
  if (!checked.ok) return fail(otherVersionHint(def, pairs) ?? checked.message);
  const given = checked.metrics;
  const ordered = def.metrics.filter((d) => given.has(d.key)).map((d) => `${d.key}:${given.get(d.key)}`);
  return { version: def.version, metrics: given, vector: def.prefix + ordered.join('/') };
}
