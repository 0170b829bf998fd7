// CVSS 3.0 and 3.1 scoring through ae-cvss-calculator. As in FIRST's calculator, every modified base metric
// that is absent or X takes its base metric's value before scoring, so the environmental score always
// exists (the library would otherwise give none for a base-only vector); a missing temporal score is the base.
import ae from 'ae-cvss-calculator';
import { VERSIONS } from './definitions.ts';
import { requiredMetric, type ParsedVector } from './parse.ts';

export interface V3Score {
  base: number;
  temporal: number;
  environmental: number;
}

const BASE_KEYS = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'];

/** The vector handed to the library: the given metrics, with each unset modified metric set to its base value. */
function filledVector(parsed: ParsedVector): string {
  const def = VERSIONS[parsed.version];
  const parts = def.metrics.flatMap((metric) => {
    const value = parsed.metrics.get(metric.key);
    const base = metric.key.startsWith('M') ? metric.key.slice(1) : undefined;
    if (base && BASE_KEYS.includes(base) && (value === undefined || value === 'X')) {
      return [`${metric.key}:${requiredMetric(parsed.metrics, base)}`];
    }
    return value === undefined ? [] : [`${metric.key}:${value}`];
  });
  return def.prefix + parts.join('/');
}

export function scoreV3(parsed: ParsedVector): V3Score {
  if (parsed.version !== '3.0' && parsed.version !== '3.1') throw new Error(`scoreV3 got CVSS ${parsed.version}`);
  const vector = filledVector(parsed);
  const calculator = parsed.version === '3.1' ? new ae.Cvss3P1(vector) : new ae.Cvss3P0(vector);
  const scores = calculator.calculateScores();
  const base = scores.base;
  const environmental = scores.environmental;
  if (base === undefined || environmental === undefined) {
    throw new Error(`ae-cvss-calculator gave no base or environmental score for ${parsed.vector}`);
  }
  return { base, temporal: scores.temporal ?? base, environmental };
}
