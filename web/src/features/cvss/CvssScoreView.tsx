// The server's score for a vector: the score and qualitative severity, and the version's details (CVSS 3.x:
// base, temporal, environmental; CVSS 4.0: nomenclature and macrovector).
import type { CvssScore } from './cvssApi.ts';
import { primaryScore } from './cvssApi.ts';

/** A qualitative severity ("Critical", or "critical" as reports store it), shown capitalised. */
export function SeverityBadge({ severity }: { severity: string }) {
  const name = severity.charAt(0).toUpperCase() + severity.slice(1).toLowerCase();
  return <span className={`cvss-severity cvss-severity-${severity.toLowerCase()}`}>{name}</span>;
}

export function CvssScoreView({ score }: { score: CvssScore }) {
  return (
    <div className="cvss-score">
      <p className="cvss-score-main">
        <span className="cvss-score-number">{primaryScore(score).toFixed(1)}</span> <SeverityBadge severity={score.severity} />{' '}
        <span className="muted">CVSS {score.version}</span>
      </p>
      <dl className="cvss-score-details">
        {score.version === '4.0' ? (
          <>
            <div>
              <dt>Nomenclature</dt>
              <dd>{score.nomenclature}</dd>
            </div>
            <div>
              <dt>Macrovector</dt>
              <dd>{score.macrovector}</dd>
            </div>
          </>
        ) : (
          <>
            <div>
              <dt>Base</dt>
              <dd>{score.base.toFixed(1)}</dd>
            </div>
            <div>
              <dt>Temporal</dt>
              <dd>{score.temporal.toFixed(1)}</dd>
            </div>
            <div>
              <dt>Environmental</dt>
              <dd>{score.environmental.toFixed(1)}</dd>
            </div>
          </>
        )}
      </dl>
    </div>
  );
}
