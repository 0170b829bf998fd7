// Disclosure deadlines (seed 003: 90 days from receipt by default, per-product alternatives, the reporter's
// preferred date, agreed extensions) and SLA clocks, computed from the application clock. Pure functions.
import type { ReportState } from './states.ts';
import { FINISHED } from './states.ts';
import { SLA_STATUSES, type SlaStatus } from '../../shared/report-vocabulary.ts';

const DAY_MS = 86_400_000;

export interface DisclosureInput {
  receivedAt: Date;
  disclosureDays: number;
  preferredDisclosureOn: string | null;
  extensionDays: number;
}

function dateOnly(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * The disclosure date: the reporter's preferred date when they gave one, otherwise receipt plus the product's
 * policy days; then any agreed extension.
 */
export function disclosureDate(r: DisclosureInput): string {
  const base = r.preferredDisclosureOn
    ? new Date(`${r.preferredDisclosureOn}T00:00:00Z`)
    : new Date(Date.parse(dateOnly(r.receivedAt) + 'T00:00:00Z') + r.disclosureDays * DAY_MS);
  return dateOnly(new Date(base.getTime() + r.extensionDays * DAY_MS));
}

/** Whole days from today (UTC) to the disclosure date; negative once it has passed. */
export function daysLeft(date: string, now: Date): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${dateOnly(now)}T00:00:00Z`)) / DAY_MS);
}

/** Adds business days (Monday to Friday, UTC) to a moment. */
export function addBusinessDays(from: Date, days: number): Date {
  let t = from.getTime();
  let left = days;
  while (left > 0) {
    t += DAY_MS;
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) left -= 1;
  }
  return new Date(t);
}

export interface SlaSettings {
  acknowledgeBusinessDays: number;
  triageBusinessDays: number;
  triageCriticalBusinessDays: number;
  fixDays: { critical: number; high: number; medium: number; low: number };
  /** A clock is "near" breach when at most this share of its window is left. */
  nearShare: number;
}

export const DEFAULT_SLA: SlaSettings = {
  acknowledgeBusinessDays: 2,
  triageBusinessDays: 5,
  triageCriticalBusinessDays: 1,
  fixDays: { critical: 7, high: 30, medium: 90, low: 180 },
  nearShare: 0.25,
};

export type { SlaStatus };

export interface SlaClock {
  name: 'acknowledge' | 'triage' | 'fix';
  due: Date;
  doneAt: Date | null;
  status: SlaStatus;
}

export interface SlaInput {
  state: ReportState;
  receivedAt: Date;
  acknowledgedAt: Date | null;
  triagedAt: Date | null;
  fixedAt: Date | null;
  severity: string | null;
}

function clock(
  name: SlaClock['name'],
  start: Date,
  due: Date,
  doneAt: Date | null,
  now: Date,
  nearShare: number,
  running: boolean,
): SlaClock {
  if (doneAt) return { name, due, doneAt, status: doneAt <= due ? 'met' : 'missed' };
  if (!running) return { name, due, doneAt: null, status: now > due ? 'missed' : 'met' };
  if (now > due) return { name, due, doneAt: null, status: 'breached' };
  const window = due.getTime() - start.getTime();
  const left = due.getTime() - now.getTime();
  return { name, due, doneAt: null, status: left <= window * nearShare ? 'near' : 'on_track' };
}

/** The three SLA clocks of a report. Finished reports stop every clock that has not completed. */
export function slaClocks(r: SlaInput, sla: SlaSettings, now: Date): SlaClock[] {
  const running = !FINISHED.includes(r.state);
  const critical = r.severity === 'critical';
  const ack = clock(
    'acknowledge',
    r.receivedAt,
    addBusinessDays(r.receivedAt, sla.acknowledgeBusinessDays),
    r.acknowledgedAt,
    now,
    sla.nearShare,
    running,
  );
  const triageDays = critical ? sla.triageCriticalBusinessDays : sla.triageBusinessDays;
  const triage = clock('triage', r.receivedAt, addBusinessDays(r.receivedAt, triageDays), r.triagedAt, now, sla.nearShare, running);
  const clocks = [ack, triage];
  const sev = r.severity as keyof SlaSettings['fixDays'] | null;
  if (sev && sev in sla.fixDays) {
    const due = new Date(r.receivedAt.getTime() + sla.fixDays[sev] * DAY_MS);
    clocks.push(clock('fix', r.receivedAt, due, r.fixedAt, now, sla.nearShare, running));
  }
  return clocks;
}

export interface DeadlineWarning {
  id: 'fix_after_disclosure';
  message: string;
  /** The day the SLA's fix target falls on (UTC). */
  fixDueOn: string;
  disclosureOn: string;
}

/**
 * What the team should know about a report's dates: the fix target of its SLA falling after the agreed
 * disclosure date (the details would be published before the fix is due). Only while the fix clock runs.
 */
export function deadlineWarnings(clocks: SlaClock[], disclosureOn: string, severity: string | null): DeadlineWarning[] {
  const fix = clocks.find((c) => c.name === 'fix');
  if (!fix || fix.doneAt || fix.status === 'met' || fix.status === 'missed') return [];
  const due = dateOnly(fix.due);
  if (due <= disclosureOn) return [];
  return [
    {
      id: 'fix_after_disclosure',
      message: `The fix target of the SLA for ${severity ?? 'this'} reports is ${due}, after the agreed disclosure date ${disclosureOn}: fix it sooner, or agree a later disclosure date with the reporter.`,
      fixDueOn: due,
      disclosureOn,
    },
  ];
}

/** The worst status among a report's running clocks, for lists and the dashboard. */
export function worstSla(clocks: SlaClock[]): SlaStatus {
  for (const s of SLA_STATUSES) if (clocks.some((c) => c.status === s)) return s;
  return 'met';
}
