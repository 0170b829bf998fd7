// The disclosure settings, the team OpenPGP key, the disclosure policy and security.txt. Reading the policy,
// the public key and security.txt is for everyone; changes are for administrators with a recent sign-in, and
// each is audited as a security event.
import { createHash } from 'node:crypto';
import { assertRecentlyAuthenticated, type Session } from '../access/session.ts';
import { authorizeSession } from '../domain/installation/policy.ts';
import type { Deps } from '../deps.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { notFound } from '../errors/catalog.ts';
import { generateTeamKey, readPrivateKey, signCleartext, type PrivateKeyResult } from '../pgp/index.ts';
import { defaultPolicyMarkdown } from './disclosure-policy-default.ts';
import { readDisclosureSettings, securityEmailOf, writeDisclosureSettings, type DisclosureSettings } from './disclosure-settings.ts';
import { PUBLIC_KEY_PATH, REPORT_FORM_PATH, buildSecurityTxt, securityTxtWarnings, urlOn } from './security-txt.ts';
import { deleteTeamKey, readTeamKey, teamKeyRecord, writeTeamKey, type TeamKey } from './team-key.ts';

/** The settings as administrators see them: defaults resolved, and whether the policy is the default text. */
export interface DisclosureSettingsView extends DisclosureSettings {
  securityEmail: string;
  securityEmailIsDefault: boolean;
  policyMarkdown: string;
  policyIsDefault: boolean;
}

export type TeamKeyInfo = Omit<TeamKey, 'privateKey'>;

export interface SecurityTxt {
  text: string;
  signed: boolean;
}

/** One signed file per process: signing again only when the text or the key changes (at most once a day). */
let lastSigned: { digest: string; signed: string } | undefined;

function publicInfo(key: TeamKey): TeamKeyInfo {
  const { privateKey: _secret, ...info } = key;
  return info;
}

export function disclosureService({ db, clock }: Deps) {
  const resolve = (settings: DisclosureSettings, publicUrl: URL): DisclosureSettingsView => ({
    ...settings,
    securityEmail: securityEmailOf(settings, publicUrl),
    securityEmailIsDefault: settings.securityEmail === null,
    policyMarkdown:
      settings.policyMarkdown ??
      defaultPolicyMarkdown({
        securityEmail: securityEmailOf(settings, publicUrl),
        reportUrl: urlOn(publicUrl, REPORT_FORM_PATH),
        publicKeyUrl: urlOn(publicUrl, PUBLIC_KEY_PATH),
        days: settings.defaultDisclosureDays,
      }),
    policyIsDefault: settings.policyMarkdown === null,
  });

  const storeKey = async (s: Session, result: PrivateKeyResult, source: TeamKey['source']): Promise<TeamKeyInfo> => {
    const at = clock.now();
    const key = teamKeyRecord(result, source, at);
    await db.transaction(async (tx) => {
      const before = await readTeamKey(s, tx);
      await writeTeamKey(s, tx, at, key);
      await recordAudit(s, tx, at, {
        category: 'security',
        action: `team_key.${source}`,
        targetType: 'settings',
        targetId: 'team_pgp_key',
        before: before ? { fingerprint: before.fingerprint } : null,
        after: { fingerprint: key.fingerprint, userIds: key.userIds, algorithm: key.algorithm },
      });
    });
    return publicInfo(key);
  };

  const sensitive = (s: Session) => {
    authorizeSession(s, 'manageSettings');
    assertRecentlyAuthenticated(s, clock.now());
  };

  const securityTxt = async (s: Session, publicUrl: URL): Promise<SecurityTxt> => {
    const [settings, key] = await Promise.all([readDisclosureSettings(s, db), readTeamKey(s, db)]);
    const text = buildSecurityTxt({ publicUrl, settings, hasKey: key !== null, now: clock.now() });
    if (!settings.signSecurityTxt || !key) return { text, signed: false };
    const digest = createHash('sha256').update(key.privateKey).update('\0').update(text).digest('hex');
    if (lastSigned?.digest !== digest) lastSigned = { digest, signed: await signCleartext(key.privateKey, text, clock.now()) };
    return { text: lastSigned.signed, signed: true };
  };

  return {
    async settings(s: Session, publicUrl: URL): Promise<DisclosureSettingsView> {
      authorizeSession(s, 'manageSettings');
      return resolve(await readDisclosureSettings(s, db), publicUrl);
    },

    async updateSettings(s: Session, publicUrl: URL, patch: Partial<DisclosureSettings>): Promise<DisclosureSettingsView> {
      sensitive(s);
      const at = clock.now();
      const after = await db.transaction(async (tx) => {
        const before = await readDisclosureSettings(s, tx);
        const next = await writeDisclosureSettings(s, tx, at, publicUrl, patch);
        const keys = (Object.keys(patch) as (keyof DisclosureSettings)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]));
        if (keys.length > 0) {
          await recordAudit(s, tx, at, {
            category: 'security',
            action: 'settings.disclosure_changed',
            targetType: 'settings',
            targetId: 'disclosure',
            before: Object.fromEntries(keys.map((k) => [k, before[k]])),
            after: Object.fromEntries(keys.map((k) => [k, next[k]])),
          });
        }
        return next;
      });
      return resolve(after, publicUrl);
    },

    /** The public disclosure policy page's content. */
    async policy(s: Session, publicUrl: URL) {
      const [settings, key] = await Promise.all([readDisclosureSettings(s, db), readTeamKey(s, db)]);
      const view = resolve(settings, publicUrl);
      return {
        markdown: view.policyMarkdown,
        defaultDisclosureDays: view.defaultDisclosureDays,
        securityEmail: view.securityEmail,
        reportUrl: urlOn(publicUrl, REPORT_FORM_PATH),
        publicKey: key ? { url: urlOn(publicUrl, PUBLIC_KEY_PATH), fingerprint: key.fingerprint, userIds: key.userIds } : null,
      };
    },

    async teamKey(s: Session): Promise<TeamKeyInfo | null> {
      authorizeSession(s, 'manageSettings');
      const key = await readTeamKey(s, db);
      return key ? publicInfo(key) : null;
    },

    async generateTeamKey(s: Session, input: { name: string; email: string }): Promise<TeamKeyInfo> {
      sensitive(s);
      return storeKey(s, await generateTeamKey(input.name, input.email, clock.now()), 'generated');
    },

    async importTeamKey(s: Session, input: { privateKey: string; passphrase?: string }): Promise<TeamKeyInfo> {
      sensitive(s);
      return storeKey(s, await readPrivateKey(input.privateKey, input.passphrase || undefined, { now: clock.now() }), 'imported');
    },

    async removeTeamKey(s: Session): Promise<void> {
      sensitive(s);
      const at = clock.now();
      await db.transaction(async (tx) => {
        const before = await readTeamKey(s, tx);
        if (!before || !(await deleteTeamKey(s, tx))) throw notFound('There is no team key to remove.');
        await recordAudit(s, tx, at, {
          category: 'security',
          action: 'team_key.removed',
          targetType: 'settings',
          targetId: 'team_pgp_key',
          before: { fingerprint: before.fingerprint },
        });
      });
    },

    /** The private key, for the team's own mail program. Audited: whoever exports it holds the team's secret. */
    async exportTeamKey(s: Session): Promise<{ fingerprint: string; privateKey: string }> {
      sensitive(s);
      const at = clock.now();
      return db.transaction(async (tx) => {
        const key = await readTeamKey(s, tx);
        if (!key) throw notFound('There is no team key to export.');
        await recordAudit(s, tx, at, { category: 'security', action: 'team_key.exported', targetType: 'settings', targetId: 'team_pgp_key', after: { fingerprint: key.fingerprint } });
        return { fingerprint: key.fingerprint, privateKey: key.privateKey };
      });
    },

    /** The armoured public key, or 404 when there is none. */
    async publicKey(s: Session): Promise<string> {
      const key = await readTeamKey(s, db);
      if (!key) throw notFound('No team OpenPGP key has been set up.');
      return key.publicKey;
    },

    securityTxt,

    async securityTxtPreview(s: Session, publicUrl: URL): Promise<SecurityTxt & { warnings: string[] }> {
      authorizeSession(s, 'manageSettings');
      const [file, settings, key] = await Promise.all([securityTxt(s, publicUrl), readDisclosureSettings(s, db), readTeamKey(s, db)]);
      return { ...file, warnings: securityTxtWarnings({ publicUrl, settings, hasKey: key !== null }) };
    },
  };
}
