// Qualitative severity of a CVSS score (FIRST's ratings for 3.x/4.0; NVD's Low/Medium/High for 2.0) and
// Parapet's two risk levels from seed 000: "high" from a score of 7.0 up (the threshold can be changed), else "low".
import type { CvssVersion } from './definitions.ts';

export type CvssSeverity = 'None' | 'Low' | 'Medium' | 'High' | 'Critical';
export type Cvss2Severity = Extract<CvssSeverity, 'Low' | 'Medium' | 'High'>;
export type RiskLevel = 'high' | 'low';

/** The default score from which a report is "high" risk. */
export const HIGH_RISK_FROM = 7.0;

function checkScore(score: number): void {
  if (!Number.isFinite(score) || score < 0 || score > 10) throw new RangeError(`A CVSS score is between 0 and 10 (got ${score}).`);
}

/** CVSS 2.0 (as NVD rates it): Low 0.0–3.9, Medium 4.0–6.9, High 7.0–10.0. */
export function qualitativeSeverity(score: number, version: '2.0'): Cvss2Severity;
/** CVSS 3.x/4.0 (the default): None 0.0, Low 0.1–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0. */
export function qualitativeSeverity(score: number, version?: CvssVersion): CvssSeverity;
export function qualitativeSeverity(score: number, version: CvssVersion = '3.1'): CvssSeverity {
  checkScore(score);
  if (version === '2.0') return score < 4 ? 'Low' : score < 7 ? 'Medium' : 'High';
  if (score === 0) return 'None';
  return score < 4 ? 'Low' : score < 7 ? 'Medium' : score < 9 ? 'High' : 'Critical';
}

/** "high" from `highFrom` (7.0 unless overridden) up, "low" below. */
export function riskLevel(score: number, highFrom: number = HIGH_RISK_FROM): RiskLevel {
  checkScore(score);
  return score >= highFrom ? 'high' : 'low';
}
