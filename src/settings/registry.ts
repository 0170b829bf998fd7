// Every kind of installation setting, defined once: the row of the `settings` table it is stored in (its key is
// the kind's name), the TypeBox schema of the stored value, its defaults, how a change is applied and checked,
// how it is audited, whether a change needs a recent sign-in, and whether reads are cached.
//
// Reading: readSetting(db, kind) in repository.ts (no session: applying settings is not anyone's data access).
// Changing: updateSetting / changeSettings in update.ts (authorize, validate, write, audit the diff, in one
// transaction). Adding a kind: a definition here; its audit action in src/domain/audit/actions.ts.
//
// Caching. Two kinds are read on nearly every request (security: every request with a session; intake: every
// report and upload) and attackers can send many requests, so each process keeps what it read outside a
// transaction for `cacheMs` (1 s, monotonic time). A change made through a process is seen by that process at
// once (its cache is dropped before the write and again after commit); another instance of Parapet on the
// same database sees it within `cacheMs` of the commit. That is the whole bound: nothing else is cached, and a
// transaction always reads the row itself.
import type { TSchema } from 'typebox';
import type { AuditAction } from '../domain/audit/actions.ts';
import { DEFAULT_SLA, type SlaSettings } from '../domain/reports/deadlines.ts';
import { applyNeedsInfo, DEFAULT_NEEDS_INFO, NeedsInfoValueSchema, type NeedsInfoSettings } from '../domain/reports/needs-info-settings.ts';
import { applySla, SlaValueSchema, type SlaSettingsPatch } from '../domain/reports/sla-settings.ts';
import { DEFAULT_TEMPLATES, normaliseTemplates, ReportTemplatesValueSchema, type ReportTemplates } from '../domain/reports/templates.ts';
import { DEFAULT_INTAKE_SETTINGS, IntakeSettingsSchema, validateIntakeSettings, type IntakeSettings } from '../intake/intake-settings.ts';
import {
  DEFAULT_DISCLOSURE_SETTINGS,
  DisclosureSettingsValueSchema,
  validateDisclosureSettings,
  type DisclosureSettings,
} from './disclosure-settings.ts';
import { DEFAULT_SECURITY_SETTINGS, SecuritySettingsSchema, validateSecuritySettings, type SecuritySettings } from './security-settings.ts';
import { TeamKeyProvisionedSchema, TeamKeyValueSchema, type TeamKey, type TeamKeyProvisioned } from './team-key.ts';

/** What applying a change may need besides the current value and the patch. */
export interface SettingEnv {
  /** The installation's public URL (disclosure settings check addresses against it). */
  publicUrl?: URL;
}

export interface SettingAudit {
  /** The action of the event; kinds changed by several acts list the others in `actions`. */
  action: AuditAction;
  actions?: readonly AuditAction[];
  category: 'change' | 'security';
  /** target_type is always 'settings'. */
  targetId: string;
  /** Recorded under this name inside the event (kinds audited in one event with another kind). */
  under?: string;
  /** Fields never written to the audit trail (secrets, bulky text). */
  omit?: readonly string[];
}

/**
 * One kind. `V` is the value (null for "none": only kinds whose defaults are null), `P` what a change gives.
 * `apply` returns the next value from the current one and a patch, normalised, or throws AppError('validation')
 * naming each bad field; the result is then checked against `schema` too.
 */
export interface SettingDefinition<V, P> {
  schema: TSchema;
  defaults: V;
  apply: ((current: V, patch: P, env: SettingEnv) => V) | null;
  audit: SettingAudit | null;
  /** Changes need a password proof within the last 10 minutes (see policy.ts). */
  recentSignIn: boolean;
  /** 0: every read goes to the database. */
  cacheMs: number;
}

/** Each kind's value and what a change of it gives (never: not changed through updateSetting). */
interface SettingTypes {
  security: [SecuritySettings, Partial<SecuritySettings>];
  intake: [IntakeSettings, Partial<IntakeSettings>];
  disclosure: [DisclosureSettings, Partial<DisclosureSettings>];
  team_pgp_key: [TeamKey | null, TeamKey | null];
  team_key_provisioned: [TeamKeyProvisioned | null, never];
  report_templates: [ReportTemplates, ReportTemplates];
  report_sla: [SlaSettings, SlaSettingsPatch];
  report_needs_info: [NeedsInfoSettings, Partial<NeedsInfoSettings>];
}

export type SettingKind = keyof SettingTypes;
export type SettingValue<K extends SettingKind> = SettingTypes[K][0];
export type SettingPatch<K extends SettingKind> = SettingTypes[K][1];
/** Kinds changed through updateSetting (the others are markers written once). */
export type UpdatableKind = { [K in SettingKind]: [SettingPatch<K>] extends [never] ? never : K }[SettingKind];

const merge = <V extends object>(current: V, patch: Partial<V>): V => ({ ...current, ...patch });

export const SETTINGS: { readonly [K in SettingKind]: SettingDefinition<SettingValue<K>, SettingPatch<K>> } = {
  security: {
    schema: SecuritySettingsSchema,
    defaults: DEFAULT_SECURITY_SETTINGS,
    apply: (current, patch) => merge(current, validateSecuritySettings(patch)),
    audit: { action: 'settings.security_changed', category: 'security', targetId: 'security' },
    recentSignIn: true,
    cacheMs: 1000,
  },

  intake: {
    schema: IntakeSettingsSchema,
    defaults: DEFAULT_INTAKE_SETTINGS,
    apply: (current, patch) => merge(current, validateIntakeSettings(current, patch)),
    audit: { action: 'settings.intake_changed', category: 'security', targetId: 'intake' },
    recentSignIn: true,
    cacheMs: 1000,
  },

  disclosure: {
    schema: DisclosureSettingsValueSchema,
    defaults: DEFAULT_DISCLOSURE_SETTINGS,
    apply: (current, patch, env) => {
      if (!env.publicUrl) throw new Error('changing the disclosure settings needs the public URL');
      return merge(current, validateDisclosureSettings(patch, env.publicUrl));
    },
    audit: { action: 'settings.disclosure_changed', category: 'security', targetId: 'disclosure' },
    recentSignIn: true,
    cacheMs: 0,
  },

  /** The team OpenPGP key (docs/adr/0005); null when none. A change replaces it whole, or removes it (null). */
  team_pgp_key: {
    schema: TeamKeyValueSchema,
    defaults: null,
    apply: (_current, next) => next,
    audit: {
      action: 'team_key.generated',
      actions: ['team_key.imported', 'team_key.removed'],
      category: 'security',
      targetId: 'team_pgp_key',
      omit: ['privateKey', 'publicKey'],
    },
    recentSignIn: true,
    cacheMs: 0,
  },

  /** Marker: the first-start key generation happened (once per installation, ever). Written only with insertSettingOnce. */
  team_key_provisioned: {
    schema: TeamKeyProvisionedSchema,
    defaults: null,
    apply: null,
    audit: null,
    recentSignIn: true,
    cacheMs: 0,
  },

  report_templates: {
    schema: ReportTemplatesValueSchema,
    defaults: DEFAULT_TEMPLATES,
    apply: (_current, next) => normaliseTemplates(next),
    audit: { action: 'settings.report_templates_changed', category: 'change', targetId: 'report_templates' },
    recentSignIn: true,
    cacheMs: 0,
  },

  report_sla: {
    schema: SlaValueSchema,
    defaults: DEFAULT_SLA,
    apply: applySla,
    audit: { action: 'settings.report_sla_changed', category: 'change', targetId: 'report_sla' },
    recentSignIn: false,
    cacheMs: 0,
  },

  /** Changed with the SLA (PATCH /api/admin/sla) and recorded in the same event, under needsInfo. */
  report_needs_info: {
    schema: NeedsInfoValueSchema,
    defaults: DEFAULT_NEEDS_INFO,
    apply: applyNeedsInfo,
    audit: { action: 'settings.report_sla_changed', category: 'change', targetId: 'report_sla', under: 'needsInfo' },
    recentSignIn: false,
    cacheMs: 0,
  },
};

export const SETTING_KINDS = Object.keys(SETTINGS) as SettingKind[];
