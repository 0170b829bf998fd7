// The disclosure settings, the team OpenPGP key, the disclosure policy and security.txt. Reading the policy,
// the public key and security.txt is for everyone; changes are for administrators with a recent sign-in, and
// each is audited as a security event.
import { createHash } from 'node:crypto';
import type { Session } from '../access/session.ts';
import type { Deps } from '../deps.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { notFound } from '../errors/catalog.ts';
import { generateTeamKey, readPrivateKey, signCleartext, type PrivateKeyResult } from '../pgp/index.ts';
import { defaultPolicyMarkdown } from './disclosure-policy-default.ts';
import { securityEmailOf, type DisclosureSettings } from './disclosure-settings.ts';
import { authorizeSettings } from './policy.ts';
import { SETTINGS } from './registry.ts';
import { readSetting } from './repository.ts';
import { PUBLIC_KEY_PATH, REPORT_FORM_PATH, buildSecurityTxt, securityTxtWarnings, urlOn } from './security-txt.ts';
import { settingsService } from './service.ts';
import { teamKeyRecord, type TeamKey } from './team-key.ts';
import { changeSetting } from './update.ts';

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

export function disclosureService(deps: Deps) {
  const { db, clock } = deps;
  const store = settingsService(deps);
  const readDisclosure = () => readSetting(db, 'disclosure');
  const readTeamKey = () => readSetting(db, 'team_pgp_key');
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
    const key = teamKeyRecord(result, source, clock.now());
    await store.update(s, 'team_pgp_key', key, { action: `team_key.${source}` });
    return publicInfo(key);
  };

  /** Changing or exporting the team key: administrators with a recent sign-in. */
  const mayChangeKey = (s: Session) => authorizeSettings(s, 'change', SETTINGS.team_pgp_key, clock.now());

  const securityTxt = async (publicUrl: URL): Promise<SecurityTxt> => {
    const [disclosure, key] = await Promise.all([readDisclosure(), readTeamKey()]);
    const text = buildSecurityTxt({ publicUrl, settings: disclosure, hasKey: key !== null, now: clock.now() });
    if (!disclosure.signSecurityTxt || !key) return { text, signed: false };
    const digest = createHash('sha256').update(key.privateKey).update('\0').update(text).digest('hex');
    if (lastSigned?.digest !== digest) lastSigned = { digest, signed: await signCleartext(key.privateKey, text, clock.now()) };
    return { text: lastSigned.signed, signed: true };
  };

  return {
    async settings(s: Session, publicUrl: URL): Promise<DisclosureSettingsView> {
      return resolve(await store.view(s, 'disclosure'), publicUrl);
    },

    async updateSettings(s: Session, publicUrl: URL, patch: Partial<DisclosureSettings>): Promise<DisclosureSettingsView> {
      return resolve(await store.update(s, 'disclosure', patch, { env: { publicUrl } }), publicUrl);
    },

    /** The public disclosure policy page's content. */
    async policy(publicUrl: URL) {
      const [disclosure, key] = await Promise.all([readDisclosure(), readTeamKey()]);
      const view = resolve(disclosure, publicUrl);
      return {
        markdown: view.policyMarkdown,
        defaultDisclosureDays: view.defaultDisclosureDays,
        securityEmail: view.securityEmail,
        reportUrl: urlOn(publicUrl, REPORT_FORM_PATH),
        publicKey: key ? { url: urlOn(publicUrl, PUBLIC_KEY_PATH), fingerprint: key.fingerprint, userIds: key.userIds } : null,
      };
    },

    async teamKey(s: Session): Promise<TeamKeyInfo | null> {
      const key = await store.view(s, 'team_pgp_key');
      return key ? publicInfo(key) : null;
    },

    async generateTeamKey(s: Session, input: { name: string; email: string }): Promise<TeamKeyInfo> {
      mayChangeKey(s);
      return storeKey(s, await generateTeamKey(input.name, input.email, clock.now()), 'generated');
    },

    async importTeamKey(s: Session, input: { privateKey: string; passphrase?: string }): Promise<TeamKeyInfo> {
      mayChangeKey(s);
      return storeKey(s, await readPrivateKey(input.privateKey, input.passphrase || undefined, { now: clock.now() }), 'imported');
    },

    async removeTeamKey(s: Session): Promise<void> {
      mayChangeKey(s);
      const at = clock.now();
      await db.transaction(async (tx) => {
        if (!(await readSetting(tx, 'team_pgp_key'))) throw notFound('There is no team key to remove.');
        await changeSetting(s, tx, at, 'team_pgp_key', null, { action: 'team_key.removed' });
      });
    },

    /** The private key, for the team's own mail program. Audited: whoever exports it holds the team's secret. */
    async exportTeamKey(s: Session): Promise<{ fingerprint: string; privateKey: string }> {
      authorizeSettings(s, 'export', SETTINGS.team_pgp_key, clock.now());
      const at = clock.now();
      return db.transaction(async (tx) => {
        const key = await readSetting(tx, 'team_pgp_key');
        if (!key) throw notFound('There is no team key to export.');
        await recordAudit(s, tx, at, {
          category: 'security',
          action: 'team_key.exported',
          targetType: 'settings',
          targetId: 'team_pgp_key',
          after: { fingerprint: key.fingerprint },
        });
        return { fingerprint: key.fingerprint, privateKey: key.privateKey };
      });
    },

    /** The armoured public key, or 404 when there is none. */
    async publicKey(): Promise<string> {
      const key = await readTeamKey();
      if (!key) throw notFound('No team OpenPGP key has been set up.');
      return key.publicKey;
    },

    securityTxt,

    async securityTxtPreview(s: Session, publicUrl: URL): Promise<SecurityTxt & { warnings: string[] }> {
      const disclosure = await store.view(s, 'disclosure');
      const [file, key] = await Promise.all([securityTxt(publicUrl), readTeamKey()]);
      return { ...file, warnings: securityTxtWarnings({ publicUrl, settings: disclosure, hasKey: key !== null }) };
    },
  };
}
