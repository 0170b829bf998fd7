// What a team's state change needs beyond the lifecycle: the original a duplicate names, and the explicit
// confirmation for disclosing before the agreed date. Used by transitionReport for the team's causes.
import type { Session } from '../../../access/session.ts';
import type { Tx } from '../../../db/database.ts';
import { AppError, fieldError } from '../../../errors/catalog.ts';
import { daysLeft, disclosureDate } from '../deadlines.ts';
import { findReport, findReportIdByTracking, type ReportRow } from '../repository.ts';

const REPORT_ID_MAX = 2_147_483_647;

/** The original a report is marked a duplicate of: a report the session can read, not itself, not a duplicate. */
export async function resolveOriginal(s: Session, tx: Tx, report: ReportRow, ref: number | string | undefined): Promise<ReportRow> {
  if (ref === undefined || ref === '')
    throw fieldError('duplicateOf', 'name the original report (its id or tracking id) when marking a duplicate.');
  const text = typeof ref === 'string' ? ref.trim() : '';
  // Digits name an id (ids are PostgreSQL integers: a longer number names no report); anything else a tracking id.
  const originalId =
    typeof ref === 'number'
      ? ref
      : /^\d+$/.test(text)
        ? Number(text) <= REPORT_ID_MAX
          ? Number(text)
          : undefined
        : await findReportIdByTracking(s, tx, text.toUpperCase());
  const original = originalId === undefined ? undefined : await findReport(s, tx, originalId);
  if (!original) throw fieldError('duplicateOf', `there is no report ${ref} that you can read.`);
  if (original.id === report.id) throw fieldError('duplicateOf', 'a report cannot be a duplicate of itself.');
  if (original.state === 'duplicate') {
    throw fieldError(
      'duplicateOf',
      `${original.tracking_id} is itself a duplicate of ${original.duplicate_of_tracking_id}; name that one.`,
    );
  }
  return original;
}

export interface EarlyDisclosure {
  agreedDate: string;
  daysEarly: number;
}

/** Disclosing before the agreed date needs the explicit confirmation; returns the date broken, if any. */
export function checkEarlyDisclosure(report: ReportRow, at: Date, confirmed: boolean | undefined): EarlyDisclosure | undefined {
  const agreedDate = disclosureDate({
    receivedAt: report.received_at,
    disclosureDays: report.disclosure_days,
    preferredDisclosureOn: report.preferred_disclosure_on,
    extensionDays: report.extension_days,
  });
  const daysEarly = daysLeft(agreedDate, at);
  if (daysEarly <= 0) return undefined;
  if (confirmed === true) return { agreedDate, daysEarly };
  const days = daysEarly === 1 ? '1 day' : `${daysEarly} days`;
  const message = `the agreed disclosure date is ${days} from now; confirm that you disclose before it (and say why in the reason).`;
  throw new AppError(
    'confirmation_required',
    `The agreed disclosure date is ${agreedDate}, ${days} from now. To disclose before it, send confirmEarlyDisclosure: true.`,
    {
      fields: [{ field: 'confirmEarlyDisclosure', message }],
      details: { agreedDate, daysEarly },
    },
  );
}
