// Public files at well-known addresses: /.well-known/security.txt (RFC 9116, generated from the settings),
// the legacy /security.txt (a redirect), and the team's OpenPGP public key at /.well-known/pgp-key.txt.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { PUBLIC_KEY_PATH, SECURITY_TXT_PATH } from '../../settings/security-txt.ts';
import { errorResponses } from '../schemas.ts';

const TEXT = 'text/plain; charset=utf-8';

export function wellKnownRoutes(app: FastifyInstance, services: Services, publicUrl: URL): void {
  const tags = ['disclosure'];
  const text = { type: 'string' };

  app.get(
    SECURITY_TXT_PATH,
    {
      schema: {
        tags,
        summary: 'security.txt (RFC 9116): how to report a vulnerability; optionally OpenPGP cleartext-signed',
        produces: ['text/plain'],
        response: { 200: text, ...errorResponses },
      },
    },
    async (_request, reply) => {
      const file = await services.disclosure.securityTxt(publicUrl);
      return reply.type(TEXT).header('cache-control', 'no-cache').send(file.text);
    },
  );

  // RFC 9116 §3: the file belongs under /.well-known/; the top-level path may redirect there.
  app.get(
    '/security.txt',
    { schema: { tags, summary: 'Legacy location of security.txt: redirects to /.well-known/security.txt' } },
    async (_request, reply) => reply.redirect(SECURITY_TXT_PATH, 301),
  );

  app.get(
    PUBLIC_KEY_PATH,
    {
      schema: {
        tags,
        summary: "The security team's OpenPGP public key (armoured); 404 when none is set up",
        produces: ['text/plain'],
        response: { 200: text, ...errorResponses },
      },
    },
    async (_request, reply) => {
      const armored = await services.disclosure.publicKey();
      return reply.type(TEXT).header('cache-control', 'no-cache').send(armored);
    },
  );
}
