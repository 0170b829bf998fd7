// CVSS 4.0 scoring (FIRST's specification, section 8): the macrovector from the equivalence classes EQ1–EQ6,
// its score from the lookup table, lowered by the mean proportional severity distance to its highest-severity
// vectors, rounded half up. Tables come from ae-cvss-calculator (v4-tables.ts); the arithmetic is here
// because the library's own scoring (exact, but ~1 ms a vector) was ~50 times slower.
import { requiredMetric, type ParsedVector } from './parse.ts';
import { V4_TABLES, type EqClass } from './v4-tables.ts';

export type V4Nomenclature = 'CVSS-B' | 'CVSS-BT' | 'CVSS-BE' | 'CVSS-BTE';

export interface V4Score {
  score: number;
  nomenclature: V4Nomenclature;
  /** Six digits, the levels of EQ1..EQ6, e.g. "102201". */
  macrovector: string;
}

/** The base metrics that environmental "M" metrics can modify. */
const MODIFIABLE = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'] as const;
const ENVIRONMENTAL = ['CR', 'IR', 'AR', ...MODIFIABLE.map((k) => `M${k}`)];

/** Each metric value's distance, in steps, from the most severe value (only differences are used). */
const STEPS: Record<string, Record<string, number>> = {
  AV: { N: 0, A: 1, L: 2, P: 3 },
  PR: { N: 0, L: 1, H: 2 },
  UI: { N: 0, P: 1, A: 2 },
  AC: { L: 0, H: 1 },
  AT: { N: 0, P: 1 },
  VC: { H: 0, L: 1, N: 2 },
  VI: { H: 0, L: 1, N: 2 },
  VA: { H: 0, L: 1, N: 2 },
  SC: { H: 1, L: 2, N: 3 },
  SI: { S: 0, H: 1, L: 2, N: 3 },
  SA: { S: 0, H: 1, L: 2, N: 3 },
  CR: { H: 0, M: 1, L: 2 },
  IR: { H: 0, M: 1, L: 2 },
  AR: { H: 0, M: 1, L: 2 },
};
const DISTANCE_GROUPS = {
  eq1: ['AV', 'PR', 'UI'],
  eq2: ['AC', 'AT'],
  eq3eq6: ['VC', 'VI', 'VA', 'CR', 'IR', 'AR'],
  eq4: ['SC', 'SI', 'SA'],
} as const;
const DISTANCE_METRICS = Object.values(DISTANCE_GROUPS).flat();

type Values = Record<string, string>;

/** A value's distance in steps (STEPS has every value parsing allows, and the highest vectors use). */
function stepsOf(key: string, value: string | undefined): number {
  const steps = value === undefined ? undefined : STEPS[key]?.[value];
  if (steps === undefined) throw new Error(`Internal error: CVSS 4.0 has no severity step for ${key}:${value ?? '(none)'}.`);
  return steps;
}

/** The equivalence class of a level (macrovectorOf yields only the levels each table has). */
function classAt(eq: string, level: string | number, eqClass: EqClass | undefined): EqClass {
  if (!eqClass) throw new Error(`Internal error: CVSS 4.0 has no ${eq} class ${level}.`);
  return eqClass;
}

/** The values that count for scoring: modified metrics over base ones; E:X as A, CR/IR/AR:X as H. */
function effectiveValues(metrics: ReadonlyMap<string, string>): Values {
  const v: Values = {};
  for (const key of MODIFIABLE) {
    const modified = metrics.get(`M${key}`);
    v[key] = modified && modified !== 'X' ? modified : requiredMetric(metrics, key);
  }
  const e = metrics.get('E') ?? 'X';
  v.E = e === 'X' ? 'A' : e;
  for (const key of ['CR', 'IR', 'AR']) {
    const r = metrics.get(key) ?? 'X';
    v[key] = r === 'X' ? 'H' : r;
  }
  return v;
}

function macrovectorOf(v: Values): [number, number, number, number, number, number] {
  const eq1 = v.AV === 'N' && v.PR === 'N' && v.UI === 'N' ? 0 : (v.AV === 'N' || v.PR === 'N' || v.UI === 'N') && v.AV !== 'P' ? 1 : 2;
  const eq2 = v.AC === 'L' && v.AT === 'N' ? 0 : 1;
  const eq3 = v.VC === 'H' && v.VI === 'H' ? 0 : v.VC === 'H' || v.VI === 'H' || v.VA === 'H' ? 1 : 2;
  const eq4 = v.SI === 'S' || v.SA === 'S' ? 0 : v.SC === 'H' || v.SI === 'H' || v.SA === 'H' ? 1 : 2;
  const eq5 = v.E === 'A' ? 0 : v.E === 'P' ? 1 : 2;
  const eq6 = (v.CR === 'H' && v.VC === 'H') || (v.IR === 'H' && v.VI === 'H') || (v.AR === 'H' && v.VA === 'H') ? 0 : 1;
  return [eq1, eq2, eq3, eq4, eq5, eq6];
}

const lookup = (levels: number[]): number => V4_TABLES.scores.get(levels.join('')) ?? Number.NaN;

/** The score of the next lower macrovector for EQ3 and EQ6 together (they are not independent). */
function lowerEq3Eq6(mv: number[]): number {
  const [e1, e2, e3, e4, e5, e6] = mv as [number, number, number, number, number, number];
  if (e3 === 0 && e6 === 0) {
    // Two ways down (00 → 01 or 00 → 10): the higher score is the next lower one.
    const left = lookup([e1, e2, e3, e4, e5, e6 + 1]);
    const right = lookup([e1, e2, e3 + 1, e4, e5, e6]);
    return left > right ? left : right;
  }
  if (e3 === 1 && e6 === 0) return lookup([e1, e2, e3, e4, e5, e6 + 1]);
  if (e3 === 2) return Number.NaN; // 21 is the lowest class
  return lookup([e1, e2, e3 + 1, e4, e5, e6]); // 01 → 11, 11 → 21
}

/** Per-metric severity distances from the first highest-severity vector the scored vector does not exceed. */
function severityDistances(v: Values, classes: EqClass[]): Record<string, number> {
  let distances: Record<string, number> = {};
  const combos = classes.reduce<Values[]>((acc, eq) => acc.flatMap((partial) => eq.highest.map((h) => ({ ...partial, ...h }))), [{}]);
  for (const max of combos) {
    distances = {};
    let below = false;
    for (const key of DISTANCE_METRICS) {
      const d = stepsOf(key, v[key]) - stepsOf(key, max[key]);
      distances[key] = d;
      if (d < 0) below = true;
    }
    if (!below) break;
  }
  return distances;
}

function nomenclatureOf(metrics: ReadonlyMap<string, string>): V4Nomenclature {
  const defined = (key: string) => (metrics.get(key) ?? 'X') !== 'X';
  const threat = defined('E');
  const environmental = ENVIRONMENTAL.some(defined);
  return `CVSS-B${threat ? 'T' : ''}${environmental ? 'E' : ''}` as V4Nomenclature;
}

function roundHalfUp(value: number): number {
  // The interpolation can land one ULP below an x.x5 tie; the epsilon lifts it (FIRST's 2024 fix).
  return Math.round((value + 1e-6) * 10) / 10;
}

export function scoreV4(parsed: ParsedVector): V4Score {
  const v = effectiveValues(parsed.metrics);
  const mv = macrovectorOf(v);
  const macrovector = mv.join('');
  const nomenclature = nomenclatureOf(parsed.metrics);
  if (['VC', 'VI', 'VA', 'SC', 'SI', 'SA'].every((key) => v[key] === 'N')) return { score: 0, nomenclature, macrovector };

  const [e1, e2, e3, e4, e5, e6] = mv;
  const value = lookup(mv);
  const t = V4_TABLES;
  const eq1 = classAt('EQ1', e1, t.eq1[e1]);
  const eq2 = classAt('EQ2', e2, t.eq2[e2]);
  const eq3eq6 = classAt('EQ3/EQ6', `${e3}${e6}`, t.eq3eq6.get(`${e3}${e6}`));
  const eq4 = classAt('EQ4', e4, t.eq4[e4]);
  const eq5 = classAt('EQ5', e5, t.eq5[e5]);
  const d = severityDistances(v, [eq1, eq2, eq3eq6, eq4, eq5]);
  // severityDistances gives every distance metric a value (NaN, as before, should one ever be missing).
  const sum = (keys: readonly string[]) => keys.reduce((s, key) => s + (d[key] ?? Number.NaN), 0);

  const steps: { lower: number; distance: number; depth: number }[] = [
    { lower: lookup([e1 + 1, e2, e3, e4, e5, e6]), distance: sum(DISTANCE_GROUPS.eq1), depth: eq1.depth },
    { lower: lookup([e1, e2 + 1, e3, e4, e5, e6]), distance: sum(DISTANCE_GROUPS.eq2), depth: eq2.depth },
    { lower: lowerEq3Eq6(mv), distance: sum(DISTANCE_GROUPS.eq3eq6), depth: eq3eq6.depth },
    { lower: lookup([e1, e2, e3, e4 + 1, e5, e6]), distance: sum(DISTANCE_GROUPS.eq4), depth: eq4.depth },
    // EQ5 (exploit maturity) has no distance within its class: it counts in the mean with 0.
    { lower: lookup([e1, e2, e3, e4, e5 + 1, e6]), distance: 0, depth: eq5.depth },
  ];
  let total = 0;
  let existing = 0;
  for (const { lower, distance, depth } of steps) {
    if (Number.isNaN(lower) || depth === 0) continue;
    existing++;
    total += (distance / depth) * (value - lower);
  }
  const score = Math.min(10, Math.max(0, value - (existing === 0 ? 0 : total / existing)));
  return { score: roundHalfUp(score), nomenclature, macrovector };
}
