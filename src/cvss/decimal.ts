// Exact decimal arithmetic for CVSS 2.0 scoring (its reference rounds exact decimals half up; binary floats
// differ by 0.1 at ties): a value is an integer count of 10^-scale, held as a BigInt.

export interface Decimal {
  units: bigint;
  scale: number;
}

/** Parses "0.395", "10", "1.176". */
export function dec(text: string): Decimal {
  const [whole = '0', fraction = ''] = text.split('.');
  return { units: BigInt(whole + fraction), scale: fraction.length };
}

function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = aligned(a, b);
  return { units: x + y, scale };
}

export function sub(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = aligned(a, b);
  return { units: x - y, scale };
}

export function mul(...factors: Decimal[]): Decimal {
  return factors.reduce((a, b) => ({ units: a.units * b.units, scale: a.scale + b.scale }), dec('1'));
}

export function compare(a: Decimal, b: Decimal): number {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const min = (a: Decimal, b: Decimal): Decimal => (compare(a, b) <= 0 ? a : b);
export const max = (a: Decimal, b: Decimal): Decimal => (compare(a, b) >= 0 ? a : b);

/** Rounds to one decimal place, halves away from zero (Python's ROUND_HALF_UP). */
export function round1(a: Decimal): Decimal {
  if (a.scale <= 1) return a;
  const divisor = 10n ** BigInt(a.scale - 1);
  const half = divisor / 2n;
  const magnitude = a.units < 0n ? -a.units : a.units;
  const rounded = (magnitude + half) / divisor;
  return { units: a.units < 0n ? -rounded : rounded, scale: 1 };
}

export function toNumber(a: Decimal): number {
  return Number(a.units) / 10 ** a.scale;
}
