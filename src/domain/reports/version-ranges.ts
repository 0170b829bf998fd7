// Version ranges as the team records them on a report ("affected" per product), matched against the
// product's catalogue of versions. A range is alternatives separated by "||", each a comma- or
// space-separated list of constraints that must all hold: ">= 2.0, < 2.4.1", "<= 1.9 || 3.0", "2.3", "*".
// Versions compare part by part (split on ".", "-", "_" and "+"): numeric parts as numbers, others as text,
// missing parts as 0, so "2.0" equals "2.0.0" and "2.10" follows "2.9". A leading "v" is ignored.

type Op = '>=' | '>' | '<=' | '<' | '=';
interface Constraint {
  op: Op;
  version: string;
}

function parts(version: string): (number | string)[] {
  return version
    .trim()
    .replace(/^v(?=\d)/i, '')
    .split(/[.\-_+]/)
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.toLowerCase()));
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] ?? 0;
    const q = y[i] ?? 0;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    // A numeric part sorts after a text part: 2.0 (its missing third part counts as 0) follows 2.0-beta.
    if (typeof p === 'number') return 1;
    if (typeof q === 'number') return -1;
    return p < q ? -1 : 1;
  }
  return 0;
}

function parseAlternative(text: string): Constraint[] | undefined {
  const tokens = text
    .replace(/(>=|<=|==|=|>|<)\s+/g, '$1')
    .split(/[\s,]+/)
    .filter((t) => t !== '');
  const out: Constraint[] = [];
  for (const token of tokens) {
    if (token === '*' || /^(all|any)$/i.test(token)) continue;
    const m = /^(>=|<=|==|=|>|<)?(v?\d[0-9A-Za-z.\-_+]*)$/i.exec(token);
    const version = m?.[2];
    if (!m || version === undefined) return undefined;
    const op = (m[1] === '==' ? '=' : (m[1] ?? '=')) as Op;
    out.push({ op, version });
  }
  return out;
}

/** The range's alternatives, or undefined when the text is not a range this module reads. */
export function parseRange(text: string): Constraint[][] | undefined {
  const alternatives = text.split('||').map((a) => a.trim());
  if (alternatives.some((a) => a === '') && alternatives.length > 1) return undefined;
  const parsed = alternatives.map(parseAlternative);
  return parsed.some((p) => p === undefined) ? undefined : (parsed as Constraint[][]);
}

function holds(c: Constraint, version: string): boolean {
  const d = compareVersions(version, c.version);
  switch (c.op) {
    case '>=':
      return d >= 0;
    case '>':
      return d > 0;
    case '<=':
      return d <= 0;
    case '<':
      return d < 0;
    case '=':
      return d === 0;
  }
}

/** Whether the version is in the range (false when the range cannot be read). */
export function inRange(range: string, version: string): boolean {
  const alternatives = parseRange(range);
  if (!alternatives) return false;
  return alternatives.some((constraints) => constraints.every((c) => holds(c, version)));
}
