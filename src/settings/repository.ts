// The only SQL of the `settings` table (key → JSON value; kinds and their rules: registry.ts). Reads need no
// session: applying the installation's settings (the request session reading the security settings, the
// report form its limits, mail its contact address) is not a data access of anyone, and the administrator's
// view of them is authorized by the service that shows it. Writes take the acting session and are authorized
// again here; they are called by the update path (update.ts), which also audits them.
//
// A stored value is checked against its kind's schema on every read: a field that no longer validates (an old
// version's shape, a hand edit) is replaced by its default and reported once per process, so a bad row never
// stops the server.
import { Value } from 'typebox/value';
import type { TSchema } from 'typebox';
import type { Session } from '../access/session.ts';
import { sql, type Queryable, type Tx } from '../db/database.ts';
import { authorizeSettings } from './policy.ts';
import { SETTINGS, type SettingKind, type SettingValue } from './registry.ts';

export interface InvalidStoredSetting {
  kind: SettingKind;
  /** The field replaced by its default ('' for the whole value). */
  field: string;
  value: unknown;
}

let sink = (e: InvalidStoredSetting): void => {
  process.emitWarning(
    `stored setting ${e.kind}${e.field ? `.${e.field}` : ''} is not valid; its default is used`,
    'ParapetSettingsWarning',
  );
};

/** Where invalid stored values are reported (the server's log from start on; tests). Returns the previous sink. */
export function reportInvalidSettingsTo(fn: (e: InvalidStoredSetting) => void): (e: InvalidStoredSetting) => void {
  const previous = sink;
  sink = fn;
  return previous;
}

/** Each bad (kind, field, value) once per process, not once per request. */
const reported = new Set<string>();
function report(e: InvalidStoredSetting): void {
  const id = `${e.kind}|${e.field}|${JSON.stringify(e.value)}`;
  if (reported.has(id)) return;
  reported.add(id);
  sink(e);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const propertiesOf = (schema: TSchema): Record<string, TSchema> | undefined =>
  (schema as { properties?: Record<string, TSchema> }).properties;

/** The stored object with every missing or invalid field taken from the defaults (nested objects field by field). */
function resolveObject(
  kind: SettingKind,
  schema: TSchema,
  defaults: Record<string, unknown>,
  stored: unknown,
  path: string,
): Record<string, unknown> {
  const properties = propertiesOf(schema) ?? {};
  const from = isPlainObject(stored) ? stored : {};
  if (!isPlainObject(stored)) report({ kind, field: path, value: stored });
  const out: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(defaults)) {
    const field = path ? `${path}.${key}` : key;
    const property = properties[key];
    if (!(key in from) || !property) {
      out[key] = fallback;
    } else if (isPlainObject(fallback) && propertiesOf(property)) {
      out[key] = resolveObject(kind, property, fallback, from[key], field);
    } else if (Value.Check(property, from[key])) {
      out[key] = from[key];
    } else {
      report({ kind, field, value: from[key] });
      out[key] = fallback;
    }
  }
  return out;
}

/** A stored value (undefined: no row) as its kind's value: validated, defaults filled in. */
export function resolveSetting<K extends SettingKind>(kind: K, stored: unknown): SettingValue<K> {
  const def = SETTINGS[kind];
  if (stored === undefined || stored === null) return def.defaults;
  if (def.defaults === null) {
    if (Value.Check(def.schema, stored)) return Object.freeze(stored);
    report({ kind, field: '', value: '(not shown)' });
    return def.defaults;
  }
  return Object.freeze(resolveObject(kind, def.schema, def.defaults as Record<string, unknown>, stored, ''));
}

interface Cached {
  value: unknown;
  readAt: number;
  generation: number;
}

let cache = new WeakMap<Queryable, Map<SettingKind, Cached>>();
const generations = new Map<SettingKind, number>();

/** Drops what this process read of a kind (all kinds without one), so its next read goes to the database. */
export function forgetSetting(kind?: SettingKind): void {
  if (!kind) {
    cache = new WeakMap();
    return;
  }
  generations.set(kind, (generations.get(kind) ?? 0) + 1);
}

/**
 * The kind's current value, defaults filled in. Outside a transaction, kinds with `cacheMs` are served from
 * this process's copy for at most that long (registry.ts says why and what that bounds); a transaction always
 * reads the row, so it sees its own writes.
 */
export async function readSetting<K extends SettingKind>(q: Queryable, kind: K): Promise<SettingValue<K>> {
  const ttl = SETTINGS[kind].cacheMs;
  const cacheable = ttl > 0 && !('inTransaction' in q);
  const generation = generations.get(kind) ?? 0;
  if (cacheable) {
    const hit = cache.get(q)?.get(kind);
    if (hit && hit.generation === generation && performance.now() - hit.readAt < ttl) return hit.value as SettingValue<K>;
  }
  const rows = await q.query<{ value: unknown }>(sql`SELECT value FROM settings WHERE key = ${kind}`);
  const value = resolveSetting(kind, rows[0]?.value);
  if (cacheable) {
    let forQ = cache.get(q);
    if (!forQ) cache.set(q, (forQ = new Map<SettingKind, Cached>()));
    forQ.set(kind, { value, readAt: performance.now(), generation });
  }
  return value;
}

/** Stores the kind's whole value. Use updateSetting (update.ts): it validates and audits. */
export async function writeSetting<K extends SettingKind>(
  s: Session,
  tx: Tx,
  at: Date,
  kind: K,
  value: NonNullable<SettingValue<K>>,
): Promise<void> {
  authorizeSettings(s, 'change', SETTINGS[kind], at);
  forgetSetting(kind);
  await tx.query(sql`
    INSERT INTO settings (key, value, updated_at) VALUES (${kind}, ${JSON.stringify(value)}::jsonb, ${at})
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`);
}

/** Removes the kind's row (its value is the defaults again); whether there was one. */
export async function deleteSetting(s: Session, tx: Tx, at: Date, kind: SettingKind): Promise<boolean> {
  authorizeSettings(s, 'change', SETTINGS[kind], at);
  forgetSetting(kind);
  const rows = await tx.query<{ key: string }>(sql`DELETE FROM settings WHERE key = ${kind} RETURNING key`);
  return rows.length > 0;
}

/** Stores the value only when the kind has no row yet; false when one was there (another instance was first). */
export async function insertSettingOnce<K extends SettingKind>(
  s: Session,
  tx: Tx,
  at: Date,
  kind: K,
  value: NonNullable<SettingValue<K>>,
): Promise<boolean> {
  authorizeSettings(s, 'change', SETTINGS[kind], at);
  forgetSetting(kind);
  const rows = await tx.query(sql`
    INSERT INTO settings (key, value, updated_at) VALUES (${kind}, ${JSON.stringify(value)}::jsonb, ${at})
    ON CONFLICT (key) DO NOTHING RETURNING key`);
  return rows.length > 0;
}
