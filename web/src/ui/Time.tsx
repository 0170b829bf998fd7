// The one way the UI shows a date or time (src/dates.ts formats it): a moment in the reader's time zone with the
// zone named (and UTC in the tooltip), or a calendar day (YYYY-MM-DD) as a date; the machine-readable value
// stays in dateTime.
import { formatDay, formatMoment, isDay, utcText } from '../lib/dates.ts';

export function Time({ value, className }: { value: string | null | undefined; className?: string }) {
  if (!value) return <span className="muted">—</span>;
  if (isDay(value)) {
    return (
      <time dateTime={value} className={className}>
        {formatDay(value)}
      </time>
    );
  }
  return (
    <time dateTime={value} title={utcText(value)} className={className}>
      {formatMoment(value)}
    </time>
  );
}
