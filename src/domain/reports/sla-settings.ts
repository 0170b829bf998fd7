// SLA targets (defaults: acknowledge within 2 business days, triage within 5 — 1 for critical —, fix within
// 7/30/90/180 days by severity): checks and the stored shape. Stored and changed through the settings registry
// (src/settings/registry.ts: kind 'report_sla'); read with readSetting(db, 'report_sla').
import { Type } from 'typebox';
import { fieldError } from '../../errors/catalog.ts';
import type { SlaSettings } from './deadlines.ts';

export type SlaSettingsPatch = Partial<Omit<SlaSettings, 'fixDays'>> & { fixDays?: Partial<SlaSettings['fixDays']> };

const businessDays = Type.Integer({ minimum: 0, maximum: 60 });
const fixDays = Type.Integer({ minimum: 0, maximum: 730 });

export const SlaValueSchema = Type.Object({
  acknowledgeBusinessDays: businessDays,
  triageBusinessDays: businessDays,
  triageCriticalBusinessDays: businessDays,
  fixDays: Type.Object({ critical: fixDays, high: fixDays, medium: fixDays, low: fixDays }),
  nearShare: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
});

function days(field: string, n: number, max: number): void {
  if (!Number.isInteger(n) || n < 0 || n > max) throw fieldError(field, `must be a whole number from 0 to ${max}.`);
}

/** The current targets with the patch applied (fixDays merged by severity), or a field error. */
export function applySla(current: SlaSettings, patch: SlaSettingsPatch): SlaSettings {
  const next: SlaSettings = { ...current, ...patch, fixDays: { ...current.fixDays, ...(patch.fixDays ?? {}) } };
  days('acknowledgeBusinessDays', next.acknowledgeBusinessDays, 60);
  days('triageBusinessDays', next.triageBusinessDays, 60);
  days('triageCriticalBusinessDays', next.triageCriticalBusinessDays, 60);
  for (const [k, v] of Object.entries(next.fixDays)) days(`fixDays.${k}`, v, 730);
  if (typeof next.nearShare !== 'number' || next.nearShare <= 0 || next.nearShare >= 1)
    throw fieldError('nearShare', 'must be a fraction between 0 and 1, such as 0.25.');
  return next;
}
