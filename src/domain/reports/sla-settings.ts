// SLA targets (defaults: acknowledge within 2 business days, triage within 5 — 1 for critical —, fix within
// 7/30/90/180 days by severity), stored in settings and changed by administrators.
import type { Session } from '../../access/session.ts';
import { authorizeSession } from '../installation/policy.ts';
import { sql, type Queryable, type Tx } from '../../db/database.ts';
import { fieldError } from '../../errors/catalog.ts';
import { DEFAULT_SLA, type SlaSettings } from './deadlines.ts';

const KEY = 'report_sla';

export async function readSlaSettings(_s: Session, q: Queryable): Promise<SlaSettings> {
  const rows = await q.query<{ value: Partial<SlaSettings> }>(sql`SELECT value FROM settings WHERE key = ${KEY}`);
  const v = rows[0]?.value ?? {};
  return { ...DEFAULT_SLA, ...v, fixDays: { ...DEFAULT_SLA.fixDays, ...(v.fixDays ?? {}) } };
}

function days(field: string, n: number, max: number): void {
  if (!Number.isInteger(n) || n < 0 || n > max) throw fieldError(field, `must be a whole number from 0 to ${max}.`);
}

export async function writeSlaSettings(s: Session, tx: Tx, at: Date, patch: Partial<SlaSettings>): Promise<SlaSettings> {
  authorizeSession(s, 'manageSettings');
  const next: SlaSettings = { ...(await readSlaSettings(s, tx)), ...patch };
  next.fixDays = { ...(await readSlaSettings(s, tx)).fixDays, ...(patch.fixDays ?? {}) };
  days('acknowledgeBusinessDays', next.acknowledgeBusinessDays, 60);
  days('triageBusinessDays', next.triageBusinessDays, 60);
  days('triageCriticalBusinessDays', next.triageCriticalBusinessDays, 60);
  for (const [k, v] of Object.entries(next.fixDays)) days(`fixDays.${k}`, v, 730);
  if (typeof next.nearShare !== 'number' || next.nearShare <= 0 || next.nearShare >= 1) throw fieldError('nearShare', 'must be a fraction between 0 and 1, such as 0.25.');
  await tx.query(sql`
    INSERT INTO settings (key, value, updated_at) VALUES (${KEY}, ${JSON.stringify(next)}::jsonb, ${at})
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`);
  return next;
}
