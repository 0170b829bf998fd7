// Small labelled badges for reports: SLA status, severity, state, and "internal". Each says its meaning in
// words; the colour only repeats it.
import { severityLabel, slaLabel } from './reportLabels.ts';

export function SlaBadge({ status, label }: { status: string | null; label?: string }) {
  if (!status) return <span className="muted">—</span>;
  return (
    <span className={`tag sla-${status}`}>
      {label ? <span className="visually-hidden">{label}: </span> : null}
      {slaLabel(status)}
    </span>
  );
}

export function SeverityBadge({ severity, score }: { severity: string | null; score?: number | null }) {
  const key = severity ?? 'unscored';
  return (
    <span className={`tag severity-${key}`}>
      {severityLabel(severity)}
      {score !== null && score !== undefined ? ` ${score.toFixed(1)}` : ''}
    </span>
  );
}

export function StateBadge({ state, label }: { state: string; label: string }) {
  return <span className={`tag state-${state}`}>{label}</span>;
}

export function InternalBadge({ text = 'Internal' }: { text?: string }) {
  return <span className="tag tag-internal">{text}</span>;
}
