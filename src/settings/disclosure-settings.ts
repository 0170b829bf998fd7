// The disclosure settings (security contact, security.txt fields and the disclosure policy text): their shape,
// defaults and checks. Stored and changed through the settings registry (registry.ts: kind 'disclosure'); read
// with readSetting(db, 'disclosure').
import { Type } from 'typebox';
import { AppError, type FieldError } from '../errors/catalog.ts';
import { canonicalLanguageTag, isLanguageTag } from './language-tags.ts';

export interface DisclosureSettings {
  /** The address reporters write to; null: security@<host of the public URL>. */
  securityEmail: string | null;
  /** security.txt Preferred-Languages, in order. */
  preferredLanguages: string[];
  /** security.txt Expires: this many days after the start of the current day (UTC), 1 to 364. */
  expiryDays: number;
  /** Serve security.txt cleartext-signed with the team key (when there is one). */
  signSecurityTxt: boolean;
  /** security.txt Acknowledgments (a page crediting reporters); null: the field is left out. */
  acknowledgmentsUrl: string | null;
  /** The disclosure policy in Markdown; null: the default text. */
  policyMarkdown: string | null;
  /** Days from receipt of a report to its disclosure date unless agreed otherwise (seed 003: 90). */
  defaultDisclosureDays: number;
}

export const DEFAULT_DISCLOSURE_SETTINGS: DisclosureSettings = {
  securityEmail: null,
  preferredLanguages: ['en'],
  expiryDays: 180,
  signSecurityTxt: false,
  acknowledgmentsUrl: null,
  policyMarkdown: null,
  defaultDisclosureDays: 90,
};

export const POLICY_MARKDOWN_MAX = 50_000;
export const EXPIRY_DAYS = [1, 364] as const;
export const DISCLOSURE_DAYS = [0, 365] as const;
const LANGUAGES_MAX = 20;

/** The settings as stored (after validateDisclosureSettings). */
export const DisclosureSettingsValueSchema = Type.Object({
  securityEmail: Type.Union([Type.String({ minLength: 3, maxLength: 254 }), Type.Null()]),
  preferredLanguages: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: LANGUAGES_MAX }),
  expiryDays: Type.Integer({ minimum: EXPIRY_DAYS[0], maximum: EXPIRY_DAYS[1] }),
  signSecurityTxt: Type.Boolean(),
  acknowledgmentsUrl: Type.Union([Type.String({ minLength: 1, maxLength: 2000 }), Type.Null()]),
  policyMarkdown: Type.Union([Type.String({ maxLength: POLICY_MARKDOWN_MAX }), Type.Null()]),
  defaultDisclosureDays: Type.Integer({ minimum: DISCLOSURE_DAYS[0], maximum: DISCLOSURE_DAYS[1] }),
});

/** The address reporters write to: the configured one, or security@ the host of the public URL. */
export function securityEmailOf(settings: DisclosureSettings, publicUrl: URL): string {
  return settings.securityEmail ?? `security@${publicUrl.hostname.replace(/^\[|\]$/g, '') || 'localhost'}`;
}

const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function checkInteger(fields: FieldError[], name: string, v: unknown, [min, max]: readonly [number, number]): void {
  if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)) {
    fields.push({ field: name, message: `must be a whole number from ${min} to ${max}.` });
  }
}

/** The patch with values normalised (trimmed, language tags in conventional case), or every problem as field errors. */
export function validateDisclosureSettings(patch: Partial<DisclosureSettings>, publicUrl: URL): Partial<DisclosureSettings> {
  const fields: FieldError[] = [];
  // A patch may hold undefined for a field it leaves alone (Object.entries' type does not say so).
  const given: [string, unknown][] = Object.entries(patch);
  const out = Object.fromEntries(
    given.filter(([k, v]) => k in DEFAULT_DISCLOSURE_SETTINGS && v !== undefined),
  ) as Partial<DisclosureSettings>;
  if (patch.securityEmail !== undefined && patch.securityEmail !== null) {
    const email = patch.securityEmail.trim();
    if (email === '') out.securityEmail = null;
    else if (email.length > 254 || !EMAIL.test(email))
      fields.push({ field: 'securityEmail', message: `"${email}" is not an e-mail address such as security@example.com.` });
    else out.securityEmail = email;
  }
  if (patch.preferredLanguages !== undefined) {
    const tags = patch.preferredLanguages.map((t) => t.trim()).filter((t) => t !== '');
    if (tags.length === 0) fields.push({ field: 'preferredLanguages', message: 'must name at least one language, such as en.' });
    if (tags.length > LANGUAGES_MAX) fields.push({ field: 'preferredLanguages', message: `may name at most ${LANGUAGES_MAX} languages.` });
    tags.forEach((t, i) => {
      if (!isLanguageTag(t))
        fields.push({ field: `preferredLanguages.${i}`, message: `"${t}" is not a language tag (BCP 47) such as en, de or pt-BR.` });
    });
    const canonical = tags.map(canonicalLanguageTag);
    const repeated = canonical.find((t, i) => canonical.indexOf(t) !== i);
    if (repeated) fields.push({ field: 'preferredLanguages', message: `names "${repeated}" more than once.` });
    out.preferredLanguages = canonical;
  }
  checkInteger(fields, 'expiryDays', patch.expiryDays, EXPIRY_DAYS);
  checkInteger(fields, 'defaultDisclosureDays', patch.defaultDisclosureDays, DISCLOSURE_DAYS);
  if (patch.signSecurityTxt !== undefined && typeof patch.signSecurityTxt !== 'boolean')
    fields.push({ field: 'signSecurityTxt', message: 'must be true or false.' });
  if (patch.acknowledgmentsUrl !== undefined && patch.acknowledgmentsUrl !== null) {
    const text = patch.acknowledgmentsUrl.trim();
    if (text === '') out.acknowledgmentsUrl = null;
    else {
      let url: URL | undefined;
      try {
        url = new URL(text);
      } catch {
        url = undefined;
      }
      // RFC 9116: web URIs in security.txt begin with https:// (this site's own address is allowed as configured).
      if (!url || (url.protocol !== 'https:' && url.origin !== publicUrl.origin) || url.username || url.password || text.length > 2000) {
        fields.push({
          field: 'acknowledgmentsUrl',
          message: `"${text}" is not an https:// address (RFC 9116 requires https for web addresses in security.txt).`,
        });
      } else out.acknowledgmentsUrl = url.href;
    }
  }
  if (patch.policyMarkdown !== undefined && patch.policyMarkdown !== null) {
    if (patch.policyMarkdown.length > POLICY_MARKDOWN_MAX)
      fields.push({ field: 'policyMarkdown', message: `must be at most ${POLICY_MARKDOWN_MAX} characters long.` });
    else if (patch.policyMarkdown.trim() === '') out.policyMarkdown = null;
  }
  if (fields.length > 0) throw new AppError('validation', fields.map((f) => `${f.field}: ${f.message}`).join(' '), { fields });
  return out;
}
