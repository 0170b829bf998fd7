// Installation settings for the rest of Parapet: reading a kind to apply it (no session), the administrators'
// view of a kind, and updateSetting — the one update path (update.ts) in its own transaction, with the
// process's cache of the kind dropped again after commit (a read during the transaction saw the old value).
import type { Session } from '../access/session.ts';
import type { Deps } from '../deps.ts';
import { authorizeSettings } from './policy.ts';
import { SETTINGS, type SettingKind, type SettingPatch, type SettingValue, type UpdatableKind } from './registry.ts';
import { forgetSetting, readSetting } from './repository.ts';
import { changeSettings, type ChangedSettings, type ChangeOptions, type SettingChanges } from './update.ts';

/** Kinds whose value holds a secret: never handed out by `read`. */
type SecretKind = 'team_pgp_key';

export function settingsService({ db, clock }: Deps) {
  const updateMany = async <C extends SettingChanges>(s: Session, changes: C, options: ChangeOptions = {}): Promise<ChangedSettings<C>> => {
    const kinds = Object.keys(changes) as UpdatableKind[];
    if (kinds.length === 0) throw new Error('updateMany needs at least one kind (an empty change would skip authorization)');
    // Refused before anything is read or validated (a stale sign-in is told so, whatever the patch).
    for (const kind of kinds) authorizeSettings(s, 'change', SETTINGS[kind], clock.now());
    const at = clock.now();
    try {
      return await db.transaction((tx) => changeSettings(s, tx, at, changes, options));
    } finally {
      for (const kind of kinds) forgetSetting(kind);
    }
  };

  return {
    /** The value to apply (every request may need it); no access check. */
    read: <K extends Exclude<SettingKind, SecretKind>>(kind: K): Promise<SettingValue<K>> => readSetting(db, kind),

    /** The value as administrators see it. */
    async view<K extends SettingKind>(s: Session, kind: K): Promise<SettingValue<K>> {
      authorizeSettings(s, 'view', SETTINGS[kind], clock.now());
      return readSetting(db, kind);
    },

    /** updateSetting: authorize, validate, write, audit the diff; returns the new value. */
    async update<K extends UpdatableKind>(
      s: Session,
      kind: K,
      patch: SettingPatch<K>,
      options: ChangeOptions = {},
    ): Promise<SettingValue<K>> {
      const results = await updateMany(s, { [kind]: patch }, options);
      return (results as Partial<Record<SettingKind, unknown>>)[kind] as SettingValue<K>;
    },

    /** Several kinds in one transaction (kinds audited together write one event). */
    updateMany,
  };
}

export type SettingsService = ReturnType<typeof settingsService>;
