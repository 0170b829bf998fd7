// How long a "needs more info" request waits for the reporter (defaults: closed as informative after 30 days
// without a reply, after a warning at least 7 days earlier): shape, defaults and checks. Stored and changed
// through the settings registry (src/settings/registry.ts: kind 'report_needs_info', audited with the SLA).
import { Type } from 'typebox';
import { fieldError } from '../../errors/catalog.ts';

export interface NeedsInfoSettings {
  /** Days without a reporter reply after which the report is closed as informative. */
  closeDays: number;
  /** The warning goes out this many days before closing; a report is never closed sooner after its warning. */
  warningDays: number;
}

export const DEFAULT_NEEDS_INFO: NeedsInfoSettings = { closeDays: 30, warningDays: 7 };

export const NEEDS_INFO_BOUNDS = { closeDays: [2, 365], warningDays: [1, 364] } as const;

export const NeedsInfoValueSchema = Type.Object({
  closeDays: Type.Integer({ minimum: NEEDS_INFO_BOUNDS.closeDays[0], maximum: NEEDS_INFO_BOUNDS.closeDays[1] }),
  warningDays: Type.Integer({ minimum: NEEDS_INFO_BOUNDS.warningDays[0], maximum: NEEDS_INFO_BOUNDS.warningDays[1] }),
});

/** The current wait with the patch applied, or a field error (named as in the SLA API: needsInfo.*). */
export function applyNeedsInfo(current: NeedsInfoSettings, patch: Partial<NeedsInfoSettings>): NeedsInfoSettings {
  const next: NeedsInfoSettings = { ...current };
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
  return next;
}
