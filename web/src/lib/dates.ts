// Dates and times for people, in one format everywhere in the UI (the <Time> component uses these; text that
// names a date does too). Moments (an API timestamp) are shown in the reader's time zone, which is always
// named ("12 Mar 2026, 14:05 CET"); calendar days (YYYY-MM-DD: disclosure dates, release dates) are dates
// without a time, so no zone shifts them.
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const dayFormat = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
const momentFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** True for a calendar day (YYYY-MM-DD) rather than a moment. */
export function isDay(value: string): boolean {
  return DAY.test(value);
}

/** A calendar day from the API (YYYY-MM-DD), as "12 Mar 2026" in the reader's language. */
export function formatDay(day: string): string {
  const m = DAY.exec(day);
  if (!m) return day;
  return dayFormat.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

/** A moment from the API (ISO 8601), in the reader's time zone, with the zone named. */
export function formatMoment(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : momentFormat.format(d);
}

/** The same moment in UTC, for a tooltip: "2026-03-12 13:05 UTC". */
export function utcText(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
