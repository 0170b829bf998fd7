// A report's severity from its CVSS vector (src/cvss), and the seed 000 risk level: high risk from CVSS 7.0
// up, low below, unless the team overrides it.
import { fieldError } from '../../errors/catalog.ts';
import { CvssVectorError, primaryScore, qualitativeSeverity, riskLevel, scoreVector } from '../../cvss/index.ts';

export interface ReportScore {
  vector: string;
  version: string;
  /** The score that rates the report: v4.0's score, otherwise the base score. */
  score: number;
  severity: 'none' | 'low' | 'medium' | 'high' | 'critical';
}

export function scoreReportVector(field: string, text: string): ReportScore {
  try {
    const r = scoreVector(text.trim());
    const score = primaryScore(r);
    // One scale for every version (v2's NVD scale has no "critical"): the v3/v4 qualitative rating of the score.
    const severity = qualitativeSeverity(score);
    return { vector: r.vector, version: r.version, score, severity: severity.toLowerCase() as ReportScore['severity'] };
  } catch (err) {
    if (err instanceof CvssVectorError) throw fieldError(field, err.message);
    throw err;
  }
}

// The guidance of seed 000's level definitions, shown with the level.
export const RISK_GUIDANCE = {
  high: 'High risk: carefully consider what is at risk (an intruder could change the site without authorisation, stop it, or read information without proper authentication). Operators might take the site offline until the fix is deployed; the fix should be deployed as soon as possible, with the notice published through the news feed.',
  low: 'Low risk: customers should download and deploy the fix (this can take a few days).',
} as const;

export function riskFor(
  score: number | null,
  override: 'low' | 'high' | null,
): { level: 'low' | 'high' | null; overridden: boolean; guidance: string | null } {
  const level = override ?? (score === null ? null : riskLevel(score));
  return { level, overridden: override !== null, guidance: level ? RISK_GUIDANCE[level] : null };
}
