// The disclosure policy (public) and its administration: disclosure settings, the team OpenPGP key, and a
// preview of security.txt.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ARMORED_KEY_MAX } from '../../pgp/index.ts';
import {
  DisclosurePolicySchema,
  DisclosureSettingsSchema,
  SecurityTxtPreviewSchema,
  TeamKeySchema,
  presentDisclosurePolicy,
  presentDisclosureSettings,
  presentSecurityTxtPreview,
  presentTeamKey,
} from '../../presenters/disclosure.ts';
import type { Services } from '../../services.ts';
import { DISCLOSURE_DAYS, EXPIRY_DAYS, POLICY_MARKDOWN_MAX } from '../../settings/disclosure-settings.ts';
import { SECURITY_TXT_PATH, urlOn } from '../../settings/security-txt.ts';
import { Ok, responses } from '../schemas.ts';

export const SettingsPatch = Type.Object(
  {
    securityEmail: Type.Optional(
      Type.Union([Type.String({ maxLength: 254 }), Type.Null()], { description: 'null or empty: security@<host>.' }),
    ),
    preferredLanguages: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 })),
    expiryDays: Type.Optional(Type.Integer({ minimum: EXPIRY_DAYS[0], maximum: EXPIRY_DAYS[1] })),
    signSecurityTxt: Type.Optional(Type.Boolean()),
    acknowledgmentsUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    policyMarkdown: Type.Optional(
      Type.Union([Type.String({ maxLength: POLICY_MARKDOWN_MAX }), Type.Null()], { description: 'null or empty: the default text.' }),
    ),
    defaultDisclosureDays: Type.Optional(Type.Integer({ minimum: DISCLOSURE_DAYS[0], maximum: DISCLOSURE_DAYS[1] })),
  },
  { additionalProperties: false },
);

export function disclosureRoutes(base: FastifyInstance, services: Services, publicUrl: URL): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['disclosure'];
  const TeamKeyOrNull = Type.Object({ key: Type.Union([TeamKeySchema, Type.Null()]) });

  app.get(
    '/api/disclosure-policy',
    {
      schema: {
        tags,
        summary: 'The disclosure policy (public): Markdown, sanitised HTML, the default disclosure days and the team key',
        response: responses({ 200: DisclosurePolicySchema }),
      },
    },
    async () => presentDisclosurePolicy(await services.disclosure.policy(publicUrl)),
  );

  app.get(
    '/api/admin/disclosure-settings',
    {
      schema: {
        tags,
        summary: 'Disclosure settings: security contact, security.txt fields, the policy text',
        response: responses({ 200: DisclosureSettingsSchema }),
      },
    },
    async (request) => presentDisclosureSettings(await services.disclosure.settings(request.session, publicUrl)),
  );

  app.patch(
    '/api/admin/disclosure-settings',
    {
      schema: {
        tags,
        summary: 'Change disclosure settings (needs a recent sign-in)',
        body: SettingsPatch,
        response: responses({ 200: DisclosureSettingsSchema }),
      },
    },
    async (request) => presentDisclosureSettings(await services.disclosure.updateSettings(request.session, publicUrl, request.body)),
  );

  app.get(
    '/api/admin/security-txt',
    {
      schema: {
        tags,
        summary: 'security.txt as served now, with warnings about it',
        response: responses({ 200: SecurityTxtPreviewSchema }),
      },
    },
    async (request) =>
      presentSecurityTxtPreview(
        urlOn(publicUrl, SECURITY_TXT_PATH),
        await services.disclosure.securityTxtPreview(request.session, publicUrl),
      ),
  );

  app.get(
    '/api/admin/team-key',
    {
      schema: {
        tags,
        summary: 'The team OpenPGP key (public part and facts; null when none)',
        response: responses({ 200: TeamKeyOrNull }),
      },
    },
    async (request) => {
      const key = await services.disclosure.teamKey(request.session);
      return { key: key ? presentTeamKey(key) : null };
    },
  );

  app.post(
    '/api/admin/team-key/generate',
    {
      schema: {
        tags,
        summary: 'Generate a new team key, replacing any current one (needs a recent sign-in)',
        body: Type.Object(
          { name: Type.String({ maxLength: 200 }), email: Type.String({ maxLength: 254 }) },
          { additionalProperties: false },
        ),
        response: responses({ 201: TeamKeySchema }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentTeamKey(await services.disclosure.generateTeamKey(request.session, request.body))),
  );

  app.post(
    '/api/admin/team-key/import',
    {
      schema: {
        tags,
        summary: 'Import a private key as the team key, replacing any current one (needs a recent sign-in)',
        body: Type.Object(
          {
            privateKey: Type.String({ maxLength: ARMORED_KEY_MAX, description: 'ASCII-armoured private key.' }),
            passphrase: Type.Optional(Type.String({ maxLength: 1000, description: 'Unlocks the key once; the key is stored without it.' })),
          },
          { additionalProperties: false },
        ),
        response: responses({ 201: TeamKeySchema }),
      },
    },
    async (request, reply) => reply.code(201).send(presentTeamKey(await services.disclosure.importTeamKey(request.session, request.body))),
  );

  app.post(
    '/api/admin/team-key/export',
    {
      schema: {
        tags,
        summary: "Export the team's private key, for the team's mail program (needs a recent sign-in; audited)",
        response: responses({ 200: Type.Object({ fingerprint: Type.String(), privateKey: Type.String() }) }),
      },
    },
    async (request) => services.disclosure.exportTeamKey(request.session),
  );

  app.delete(
    '/api/admin/team-key',
    {
      schema: { tags, summary: 'Remove the team key (needs a recent sign-in)', response: responses({ 200: Ok }) },
    },
    async (request) => {
      await services.disclosure.removeTeamKey(request.session);
      return { ok: true as const };
    },
  );
}
