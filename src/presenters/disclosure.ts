// Disclosure responses: the settings, the team key (never its private part), the public policy page and the
// security.txt preview, built field by field.
import { Type } from 'typebox';
import { DateTime } from '../http/schemas.ts';
import { renderMarkdown } from '../markdown/render.ts';
import { formatFingerprint } from '../pgp/index.ts';
import type { DisclosureSettingsView, SecurityTxt, TeamKeyInfo } from '../settings/disclosure-service.ts';

export const DisclosureSettingsSchema = Type.Object({
  securityEmail: Type.String({ description: 'The address reporters write to (default security@<host of the public URL>).' }),
  securityEmailIsDefault: Type.Boolean(),
  preferredLanguages: Type.Array(Type.String(), { description: 'security.txt Preferred-Languages, BCP 47 tags in order.' }),
  expiryDays: Type.Integer({ description: 'security.txt Expires is this many days after the start of the current day (UTC).' }),
  signSecurityTxt: Type.Boolean({ description: 'security.txt is cleartext-signed with the team key (when there is one).' }),
  acknowledgmentsUrl: Type.Union([Type.String(), Type.Null()]),
  policyMarkdown: Type.String({ description: 'The disclosure policy, Markdown (the default text unless changed).' }),
  policyIsDefault: Type.Boolean(),
  defaultDisclosureDays: Type.Integer({ description: 'Days from receipt of a report to its disclosure date unless agreed otherwise.' }),
});

export function presentDisclosureSettings(v: DisclosureSettingsView) {
  return {
    securityEmail: v.securityEmail,
    securityEmailIsDefault: v.securityEmailIsDefault,
    preferredLanguages: [...v.preferredLanguages],
    expiryDays: v.expiryDays,
    signSecurityTxt: v.signSecurityTxt,
    acknowledgmentsUrl: v.acknowledgmentsUrl,
    policyMarkdown: v.policyMarkdown,
    policyIsDefault: v.policyIsDefault,
    defaultDisclosureDays: v.defaultDisclosureDays,
  };
}

export const TeamKeySchema = Type.Object({
  fingerprint: Type.String({ description: 'Upper-case hex.' }),
  fingerprintGrouped: Type.String({ description: 'In groups of four, for people to compare.' }),
  userIds: Type.Array(Type.String()),
  algorithm: Type.String(),
  createdAt: DateTime,
  expiresAt: Type.Union([DateTime, Type.Null()]),
  source: Type.Union([Type.Literal('generated'), Type.Literal('imported')]),
  addedAt: DateTime,
  publicKey: Type.String({ description: 'The armoured public key.' }),
});

export function presentTeamKey(k: TeamKeyInfo) {
  return {
    fingerprint: k.fingerprint,
    fingerprintGrouped: formatFingerprint(k.fingerprint),
    userIds: [...k.userIds],
    algorithm: k.algorithm,
    createdAt: k.createdAt,
    expiresAt: k.expiresAt,
    source: k.source,
    addedAt: k.addedAt,
    publicKey: k.publicKey,
  };
}

export const DisclosurePolicySchema = Type.Object({
  markdown: Type.String({ description: 'The policy as written (Markdown).' }),
  html: Type.String({ description: 'The policy rendered and sanitised: the only form a page may insert as HTML.' }),
  defaultDisclosureDays: Type.Integer(),
  securityEmail: Type.String(),
  reportUrl: Type.String(),
  publicKey: Type.Union([
    Type.Object({ url: Type.String(), fingerprint: Type.String(), fingerprintGrouped: Type.String(), userIds: Type.Array(Type.String()) }),
    Type.Null(),
  ]),
});

export async function presentDisclosurePolicy(p: {
  markdown: string;
  defaultDisclosureDays: number;
  securityEmail: string;
  reportUrl: string;
  publicKey: { url: string; fingerprint: string; userIds: string[] } | null;
}) {
  return {
    markdown: p.markdown,
    html: await renderMarkdown(p.markdown),
    defaultDisclosureDays: p.defaultDisclosureDays,
    securityEmail: p.securityEmail,
    reportUrl: p.reportUrl,
    publicKey: p.publicKey
      ? {
          url: p.publicKey.url,
          fingerprint: p.publicKey.fingerprint,
          fingerprintGrouped: formatFingerprint(p.publicKey.fingerprint),
          userIds: [...p.publicKey.userIds],
        }
      : null,
  };
}

export const SecurityTxtPreviewSchema = Type.Object({
  url: Type.String({ description: 'Where the file is served.' }),
  text: Type.String({ description: 'The file exactly as served now.' }),
  signed: Type.Boolean(),
  warnings: Type.Array(Type.String(), { description: 'What an administrator should fix or know about the file.' }),
});

export function presentSecurityTxtPreview(url: string, p: SecurityTxt & { warnings: string[] }) {
  return { url, text: p.text, signed: p.signed, warnings: [...p.warnings] };
}
