// The one way a setting changes: authorize (policy.ts), apply and validate (the kind's `apply`, then its
// schema), write (repository.ts), and audit the diff — only the fields that changed, before and after — in the
// caller's transaction. A change that changes nothing writes nothing and records nothing.
import { Value } from 'typebox/value';
import type { Session } from '../access/session.ts';
import type { Tx } from '../db/database.ts';
import type { AuditAction } from '../domain/audit/actions.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { AppError } from '../errors/catalog.ts';
import { authorizeSettings } from './policy.ts';
import {
  SETTINGS,
  type SettingAudit,
  type SettingEnv,
  type SettingKind,
  type SettingPatch,
  type SettingValue,
  type UpdatableKind,
} from './registry.ts';
import { deleteSetting, readSetting, writeSetting } from './repository.ts';

export interface ChangeOptions {
  env?: SettingEnv;
  /** The event's action, for kinds changed by several acts (the team key: generated, imported, removed). */
  action?: AuditAction;
  /** Facts recorded in the event's `after` besides the diff (e.g. firstStart). */
  note?: Record<string, unknown>;
}

/** Patches by kind: several kinds change together (and are audited together when their audit says so). */
export type SettingChanges = { [K in UpdatableKind]?: SettingPatch<K> };
export type ChangedSettings<C extends SettingChanges> = { [K in keyof C & SettingKind]: SettingValue<K> };

type Fields = Record<string, unknown>;

export interface SettingDiff {
  before: Fields | null;
  after: Fields | null;
}

const isFields = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields that differ between two values (null: none / removed), without the omitted ones; null when equal. */
export function diffSetting(before: unknown, after: unknown, omit: readonly string[] = []): SettingDiff | null {
  const b = isFields(before) ? before : null;
  const a = isFields(after) ? after : null;
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  const changed = keys.filter((k) => !Value.Equal(b?.[k], a?.[k]));
  if (changed.length === 0 && (b === null) === (a === null)) return null;
  const shown = changed.filter((k) => !omit.includes(k));
  const pick = (v: Fields | null) => (v === null ? null : Object.fromEntries(shown.filter((k) => k in v).map((k) => [k, v[k]])));
  return { before: pick(b), after: pick(a) };
}

function schemaErrors(kind: SettingKind, value: unknown, under: string | undefined): void {
  const def = SETTINGS[kind];
  if (value === null || Value.Check(def.schema, value)) return;
  const fields = [...Value.Errors(def.schema, value)].map((e) => ({
    field: [under, ...e.instancePath.split('/').filter(Boolean)].filter(Boolean).join('.') || kind,
    message: e.message,
  }));
  throw new AppError('validation', fields.map((f) => `${f.field}: ${f.message}`).join(' '), { fields });
}

function actionOf(audit: SettingAudit, options: ChangeOptions): AuditAction {
  const action = options.action ?? audit.action;
  if (action !== audit.action && !audit.actions?.includes(action))
    throw new Error(`${action} is not an action of the setting audited as ${audit.action}`);
  return action;
}

/**
 * Changes settings in the caller's transaction and returns their new values. Every kind is authorized before
 * any is read; the first invalid patch refuses the whole change (field errors named as the API names them).
 */
export async function changeSettings<C extends SettingChanges>(
  s: Session,
  tx: Tx,
  at: Date,
  changes: C,
  options: ChangeOptions = {},
): Promise<ChangedSettings<C>> {
  const kinds = (Object.keys(changes) as UpdatableKind[]).filter((k) => changes[k] !== undefined);
  if (kinds.length === 0) throw new Error('changeSettings needs at least one kind (an empty change would skip authorization)');
  for (const kind of kinds) authorizeSettings(s, 'change', SETTINGS[kind], at);

  const results: Partial<Record<SettingKind, unknown>> = {};
  const events = new Map<string, { audit: SettingAudit; action: AuditAction; before: Fields | null; after: Fields | null }>();
  for (const kind of kinds) {
    const def = SETTINGS[kind];
    const apply = def.apply as ((current: unknown, patch: unknown, env: SettingEnv) => unknown) | null;
    if (!apply || !def.audit) throw new Error(`setting ${kind} is not changed through updateSetting`);
    const action = actionOf(def.audit, options);
    const current: unknown = await readSetting(tx, kind);
    const next = apply(current, changes[kind], options.env ?? {});
    schemaErrors(kind, next, def.audit.under);
    results[kind] = next;
    const diff = diffSetting(current, next, def.audit.omit);
    if (!diff) continue;
    if (next === null) await deleteSetting(s, tx, at, kind);
    else await writeSetting(s, tx, at, kind, next as NonNullable<SettingValue<typeof kind>>);

    const id = `${action}|${def.audit.targetId}`;
    const event = events.get(id) ?? { audit: def.audit, action, before: {}, after: {} };
    const place = (side: Fields | null, part: Fields | null): Fields | null => {
      if (!def.audit?.under) return part === null ? null : { ...side, ...part };
      return { ...side, [def.audit.under]: part };
    };
    events.set(id, { ...event, before: place(event.before, diff.before), after: place(event.after, diff.after) });
  }

  for (const e of events.values()) {
    await recordAudit(s, tx, at, {
      category: e.audit.category,
      action: e.action,
      targetType: 'settings',
      targetId: e.audit.targetId,
      before: e.before,
      after: options.note && e.after ? { ...e.after, ...options.note } : e.after,
    });
  }
  return results as ChangedSettings<C>;
}

/** One kind: changeSettings with one patch. */
export async function changeSetting<K extends UpdatableKind>(
  s: Session,
  tx: Tx,
  at: Date,
  kind: K,
  patch: SettingPatch<K>,
  options: ChangeOptions = {},
): Promise<SettingValue<K>> {
  const changes = { [kind]: patch } as SettingChanges;
  const results = await changeSettings(s, tx, at, changes, options);
  return (results as Partial<Record<SettingKind, unknown>>)[kind] as SettingValue<K>;
}
