// CVSS 2.0 scoring (FIRST's guide, section 3.2) in exact decimals, rounding each score half up to one place as
// the reference does; absent temporal and environmental metrics count as ND. Written here because
// ae-cvss-calculator's float arithmetic missed 11 of the 10,791 reference vectors by 0.1 at ties.
import { add, dec, max, min, mul, round1, sub, toNumber, type Decimal } from './decimal.ts';
import type { ParsedVector } from './parse.ts';

export interface V2Score {
  base: number;
  temporal: number;
  environmental: number;
}

const table = (entries: Record<string, string>): Record<string, Decimal> =>
  Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, dec(v)]));

const IMPACT = table({ N: '0', P: '0.275', C: '0.660' });
const REQUIREMENT = table({ L: '0.5', M: '1.0', H: '1.51', ND: '1.0' });
const WEIGHTS: Record<string, Record<string, Decimal>> = {
  AV: table({ L: '0.395', A: '0.646', N: '1.0' }),
  AC: table({ H: '0.35', M: '0.61', L: '0.71' }),
  Au: table({ M: '0.45', S: '0.56', N: '0.704' }),
  C: IMPACT,
  I: IMPACT,
  A: IMPACT,
  E: table({ U: '0.85', POC: '0.9', F: '0.95', H: '1.00', ND: '1.00' }),
  RL: table({ OF: '0.87', TF: '0.90', W: '0.95', U: '1.00', ND: '1.00' }),
  RC: table({ UC: '0.90', UR: '0.95', C: '1.00', ND: '1.00' }),
  CDP: table({ N: '0', L: '0.1', LM: '0.3', MH: '0.4', H: '0.5', ND: '0' }),
  TD: table({ N: '0', L: '0.25', M: '0.75', H: '1.0', ND: '1.0' }),
  CR: REQUIREMENT,
  IR: REQUIREMENT,
  AR: REQUIREMENT,
};

const ZERO = dec('0');
const ONE = dec('1');
const TEN = dec('10');

export function scoreV2(parsed: ParsedVector): V2Score {
  if (parsed.version !== '2.0') throw new Error(`scoreV2 got CVSS ${parsed.version}`);
  const w = (key: string): Decimal => {
    const value = parsed.metrics.get(key) ?? 'ND';
    const weight = WEIGHTS[key]?.[value];
    // Parsing allows only the values these tables have.
    if (weight === undefined) throw new Error(`Internal error: CVSS 2.0 has no weight for ${key}:${value}.`);
    return weight;
  };

  const exploitability = mul(dec('20'), w('AV'), w('AC'), w('Au'));
  const baseEquation = (impact: Decimal): Decimal => {
    const f = impact.units === 0n ? ZERO : dec('1.176');
    return round1(mul(sub(add(mul(dec('0.6'), impact), mul(dec('0.4'), exploitability)), dec('1.5')), f));
  };
  const temporalEquation = (base: Decimal): Decimal => round1(mul(base, w('E'), w('RL'), w('RC')));

  // Impact = 10.41 × (1 − (1 − C)(1 − I)(1 − A))
  const impact = mul(dec('10.41'), sub(ONE, mul(sub(ONE, w('C')), sub(ONE, w('I')), sub(ONE, w('A')))));
  const base = max(ZERO, baseEquation(impact));
  const temporal = max(ZERO, temporalEquation(base));

  // AdjustedImpact = min(10, 10.41 × (1 − (1 − C·CR)(1 − I·IR)(1 − A·AR))); AdjustedTemporal from it.
  const adjustedImpact = min(
    TEN,
    mul(dec('10.41'), sub(ONE, mul(sub(ONE, mul(w('C'), w('CR'))), sub(ONE, mul(w('I'), w('IR'))), sub(ONE, mul(w('A'), w('AR')))))),
  );
  const adjustedTemporal = temporalEquation(baseEquation(adjustedImpact));
  const environmental = max(ZERO, round1(mul(add(adjustedTemporal, mul(sub(TEN, adjustedTemporal), w('CDP'))), w('TD'))));
  return { base: toNumber(base), temporal: toNumber(temporal), environmental: toNumber(environmental) };
}
