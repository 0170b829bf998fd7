// How long a "needs more info" request waits for the reporter (defaults: closed as informative after 30 days
// without a reply, after a warning at least 7 days earlier), stored in settings and changed by administrators.
import type { Session } from '../../access/session.ts';
import { authorizeSession } from '../installation/policy.ts';
import { sql, type Queryable, type Tx } from '../../db/database.ts';
import { fieldError } from '../../errors/catalog.ts';

export interface NeedsInfoSettings {
  /** Days without a reporter reply after which the report is closed as informative. */
  closeDays: number;
  /** The warning goes out this many days before closing; a report is never closed sooner after its warning. */
  warningDays: number;
}

export const DEFAULT_NEEDS_INFO: NeedsInfoSettings = { closeDays: 30, warningDays: 7 };

export const NEEDS_INFO_BOUNDS = { closeDays: [2, 365], warningDays: [1, 364] } as const;

const KEY = 'report_needs_info';

export async function readNeedsInfoSettings(_s: Session, q: Queryable): Promise<NeedsInfoSettings> {
  const rows = await q.query<{ value: Partial<NeedsInfoSettings> }>(sql`SELECT value FROM settings WHERE key = ${KEY}`);
  return { ...DEFAULT_NEEDS_INFO, ...(rows[0]?.value ?? {}) };
}

export async function writeNeedsInfoSettings(s: Session, tx: Tx, at: Date, patch: Partial<NeedsInfoSettings>): Promise<NeedsInfoSettings> {
  authorizeSession(s, 'manageSettings');
  const next: NeedsInfoSettings = { ...(await readNeedsInfoSettings(s, tx)) };
  if (patch.closeDays !== undefined) next.closeDays = patch.closeDays;
  if (patch.warningDays !== undefined) next.warningDays = patch.warningDays;
  for (const key of ['closeDays', 'warningDays'] as const) {
    const [min, max] = NEEDS_INFO_BOUNDS[key];
    const n = next[key];
    if (!Number.isInteger(n) || n < min || n > max) throw fieldError(`needsInfo.${key}`, `must be a whole number from ${min} to ${max}.`);
  }
  if (next.warningDays >= next.closeDays) {
    throw fieldError('needsInfo.warningDays', `must be fewer than the ${next.closeDays} days after which the report is closed.`);
  }
  await tx.query(sql`
    INSERT INTO settings (key, value, updated_at) VALUES (${KEY}, ${JSON.stringify(next)}::jsonb, ${at})
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`);
  return next;
}
