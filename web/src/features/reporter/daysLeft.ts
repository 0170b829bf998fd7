// Days until (or since) a reporter-facing date, as the reporter's pages say it. The states and which are
// finished come from src/shared/report-states.ts.

/** "in 12 days", "today", "3 days ago". */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft === 0) return 'today';
  if (daysLeft > 0) return `in ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}`;
  const ago = -daysLeft;
  return `${ago} ${ago === 1 ? 'day' : 'days'} ago`;
}
