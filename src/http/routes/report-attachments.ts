// A report's attachments: uploading one (the file itself as the raw request body), downloading one, and the
// inline preview of images for whoever may read the report.
//
// An upload is checked before any byte of the file is read: the report is readable and the session may attach
// to it, one more fits, the name's type is allowed, the declared Content-Length fits the installation's limit
// (else 413 at once). Only then is `100 Continue` sent (to clients that wait for it) and the body read, up to
// the limit: a chunked body that passes it is cut off with 413. Every answer that leaves part of the body
// unread closes the connection.
import type { Server } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { attachmentTooLarge, isInlineImage } from '../../domain/reports/attachment-rules.ts';
import { AppError } from '../../errors/catalog.ts';
import type { Services } from '../../services.ts';
import { IdParam, responses } from '../schemas.ts';
import { readBoundedBody, reserveUpload } from '../upload-body.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const UPLOAD_PATH = /^\/api\/reports\/[^/]+\/attachments(?:\?|$)/;

/** Node answers `Expect: 100-continue` at once by default; uploads decide first (the route sends it). */
function deferContinueForUploads(server: Server): void {
  server.on('checkContinue', (req, res) => {
    if (!UPLOAD_PATH.test(req.url ?? '')) res.writeContinue();
    server.emit('request', req, res);
  });
}

function declaredLength(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  if (!/^\d{1,15}$/.test(header.trim()))
    throw new AppError('validation', 'The Content-Length header is not a number.', {
      fields: [{ field: 'content-length', message: 'is not a number of bytes.' }],
    });
  return Number(header);
}

function contentDisposition(kind: 'attachment' | 'inline', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

// Served files never run: no script, no plugin, no form, a unique origin (`sandbox`); the security-headers
// plugin keeps a route's own CSP.
const FILE_CSP = "default-src 'none'; sandbox";

export function reportAttachmentRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['reports'];
  const conversation = services.reports.conversation;
  deferContinueForUploads(base.server);

  app.register((scoped, _options, done) => {
    // Whatever the declared type (a .json file arrives as application/json), the body is the file: no parser
    // reads it; the handler does, after its checks.
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    scoped.addHook('onSend', (request, reply, payload, done) => {
      if (!request.raw.complete) reply.header('connection', 'close');
      done(null, payload);
    });
    const s = scoped.withTypeProvider<TypeBoxTypeProvider>();
    s.post(
      '/api/reports/:id/attachments',
      {
        schema: {
          tags,
          summary: 'Attach a file: the file itself as the request body (reporters and the team)',
          description:
            'Limits and allowed types: GET /api/intake/limits. Access, the name and the declared Content-Length are checked before the ' +
            'body is read (413 at once when it is too large); clients sending `Expect: 100-continue` get `100 Continue` only then.',
          params: IdParam,
          querystring: Type.Object(
            { filename: Type.String({ minLength: 1, maxLength: 255 }), internal: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
          response: responses({ 201: Type.Object({ id: Type.Integer() }) }),
        },
      },
      async (request, reply) => {
        const settings = await services.settings.read('intake');
        const declaredBytes = declaredLength(request.headers['content-length']);
        const { filename, internal } = request.query;
        await conversation.checkUpload(
          request.session,
          request.params.id,
          { filename, declaredType: request.headers['content-type'], declaredBytes },
          settings,
        );
        const release = reserveUpload(Math.min(declaredBytes ?? settings.maxAttachmentBytes, settings.maxAttachmentBytes));
        try {
          if (/100-continue/i.test(request.headers.expect ?? '')) reply.raw.writeContinue();
          const content = await readBoundedBody(request.raw, settings.maxAttachmentBytes, () => attachmentTooLarge(settings));
          const id = await conversation.attach(request.session, request.params.id, { filename, content, internal }, settings);
          return await reply.code(201).send({ id });
        } finally {
          release();
        }
      },
    );
    done();
  });

  const file = { params: Type.Object({ id: Id, attachmentId: Id }) };

  app.get(
    '/api/reports/:id/attachments/:attachmentId',
    {
      schema: { tags, summary: 'Download an attachment (always as a download)', ...file },
    },
    async (request, reply) => {
      const found = await conversation.attachment(request.session, request.params.id, request.params.attachmentId);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', contentDisposition('attachment', found.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', FILE_CSP)
        .header('x-original-content-type', found.media_type)
        .send(Buffer.from(found.content));
    },
  );

  app.get(
    '/api/reports/:id/attachments/:attachmentId/preview',
    {
      schema: {
        tags,
        summary: 'An image attachment shown inline (PNG, JPEG, GIF or WebP whose content is one; never SVG)',
        ...file,
      },
    },
    async (request, reply) => {
      const found = await conversation.attachment(request.session, request.params.id, request.params.attachmentId);
      if (!isInlineImage(found.media_type, found.content)) {
        throw new AppError('not_found', 'This attachment has no preview: only PNG, JPEG, GIF and WebP images do. Download it instead.');
      }
      return reply
        .header('content-type', found.media_type)
        .header('content-disposition', contentDisposition('inline', found.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', FILE_CSP)
        .send(Buffer.from(found.content));
    },
  );
}
