// CVSS for Parapet: scoreVector(text) validates a CVSS 2.0, 3.0, 3.1 or 4.0 vector strictly and scores it,
// or throws CvssVectorError with a message for a person. Also the severity and risk-level helpers.
import type { CvssVersion } from './definitions.ts';
import { CvssVectorError } from './errors.ts';
import { parseVector } from './parse.ts';
import { qualitativeSeverity, type Cvss2Severity, type CvssSeverity } from './severity.ts';
import { scoreV2 } from './v2.ts';
import { scoreV3 } from './v3.ts';
import { scoreV4, type V4Nomenclature } from './v4.ts';

export type { CvssVersion } from './definitions.ts';
export { CvssVectorError } from './errors.ts';
export { parseVector, type ParsedVector } from './parse.ts';
export { HIGH_RISK_FROM, qualitativeSeverity, riskLevel, type Cvss2Severity, type CvssSeverity, type RiskLevel } from './severity.ts';
export type { V4Nomenclature } from './v4.ts';

export interface Cvss2Result {
  version: '2.0';
  /** Normalised: metrics in canonical order, no parentheses. */
  vector: string;
  base: number;
  temporal: number;
  environmental: number;
  /** Of the base score. */
  severity: Cvss2Severity;
}

export interface Cvss3Result {
  version: '3.0' | '3.1';
  vector: string;
  base: number;
  /** The base score when no temporal metric is given. */
  temporal: number;
  /** Unset modified metrics take their base values (as FIRST's calculator does). */
  environmental: number;
  /** Of the base score. */
  severity: CvssSeverity;
}

export interface Cvss4Result {
  version: '4.0';
  vector: string;
  /** One score, from all the metrics given (the nomenclature says which). */
  score: number;
  nomenclature: V4Nomenclature;
  severity: CvssSeverity;
  /** The six EQ levels, e.g. "102201". */
  macrovector: string;
}

export type CvssResult = Cvss2Result | Cvss3Result | Cvss4Result;

/** Validates and scores a CVSS vector. Throws CvssVectorError (message for a person) when it is not valid. */
export function scoreVector(text: string): CvssResult {
  const parsed = parseVector(text);
  const { version, vector } = parsed;
  if (version === '4.0') {
    const { score, nomenclature, macrovector } = scoreV4(parsed);
    return { version, vector, score, nomenclature, severity: qualitativeSeverity(score), macrovector };
  }
  if (version === '2.0') {
    const { base, temporal, environmental } = scoreV2(parsed);
    return { version, vector, base, temporal, environmental, severity: qualitativeSeverity(base, '2.0') };
  }
  const { base, temporal, environmental } = scoreV3(parsed);
  return { version, vector, base, temporal, environmental, severity: qualitativeSeverity(base) };
}

/** scoreVector, with an invalid vector as `{ error: message }` instead of a throw (for line-by-line use). */
export function scoreVectorOrError(text: string): CvssResult | { error: string } {
  try {
    return scoreVector(text);
  } catch (err) {
    if (err instanceof CvssVectorError) return { error: err.message };
    throw err;
  }
}

/**
 * The one score a report shows and stores beside its vector: the CVSS 4.0 score, or the base score of
 * CVSS 2.0/3.x (as in CVE records' baseScore). `result.severity` is this score's severity.
 */
export function primaryScore(result: CvssResult): number {
  return result.version === '4.0' ? result.score : result.base;
}

/** Which versions scoreVector accepts. */
export const CVSS_VERSIONS: readonly CvssVersion[] = ['2.0', '3.0', '3.1', '4.0'];
