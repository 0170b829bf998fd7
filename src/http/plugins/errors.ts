// The one place errors become HTTP responses, all in the shape of schemas.ts ErrorBody. 5xx responses
// never carry details, except to the configured developer IPs.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERRORS, type ErrorId, type FieldError } from '../../errors/catalog.ts';
import { ipInList, type CidrList } from '../client-ip.ts';
import { validationFields } from '../validation-messages.ts';

const FASTIFY_CODES: Record<string, ErrorId> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_ERR_BAD_URL: 'validation',
  FST_ERR_ASYNC_CONSTRAINT: 'validation',
};

interface Mapped {
  id: ErrorId;
  message: string;
  fields: FieldError[];
  details?: unknown;
}

function mapError(err: FastifyError | AppError | Error): Mapped {
  if (err instanceof AppError) return { id: err.id, message: err.message, fields: err.fields, details: err.details };
  const fe = err as FastifyError;
  if (fe.validation) {
    const fields = validationFields(fe.validation, fe.validationContext);
    const summary = fields.map((f) => `${f.field} ${f.message}`).join(' ');
    return { id: 'validation', message: summary || ERRORS.validation.message, fields };
  }
  const code = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (code === 'malformed_json') {
    return {
      id: code,
      message: `The request body is not valid JSON${fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? ' (it is empty)' : ''}.`,
      fields: [{ field: 'body', message: 'is not valid JSON.' }],
    };
  }
  if (code === 'body_too_large')
    return { id: code, message: ERRORS.body_too_large.message, fields: [{ field: 'body', message: 'is too large.' }] };
  if (code === 'unsupported_media_type') {
    return {
      id: code,
      message: 'Send the body as application/json.',
      fields: [{ field: 'body', message: 'has a content type this endpoint does not accept.' }],
    };
  }
  if (code === 'validation') return { id: code, message: fe.message, fields: [] };
  if (fe.statusCode === 400 && fe instanceof SyntaxError) {
    return { id: 'malformed_json', message: ERRORS.malformed_json.message, fields: [{ field: 'body', message: 'is not valid JSON.' }] };
  }
  if (fe.statusCode === 429) return { id: 'rate_limited', message: ERRORS.rate_limited.message, fields: [] };
  if (fe.statusCode === 405) return { id: 'method_not_allowed', message: ERRORS.method_not_allowed.message, fields: [] };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { id: 'validation', message: 'The request could not be understood.', fields: [] };
  }
  return { id: 'internal', message: ERRORS.internal.message, fields: [] };
}

export function registerErrorHandling(app: FastifyInstance, developerIps: CidrList): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const mapped = mapError(err);
    const status = ERRORS[mapped.id].status;
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ errorId: mapped.id }, 'request refused');
    const isDeveloper = ipInList(request.clientIp, developerIps);
    const body = {
      error: {
        id: mapped.id,
        message: mapped.message,
        fields: mapped.fields,
        ...(mapped.details !== undefined ? { details: mapped.details } : {}),
        ...(isDeveloper && status >= 500 ? { debug: { message: err.message, stack: err.stack } } : {}),
      },
      requestId: request.id,
    };
    const retryAfter = (mapped.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if ((status === 429 || status === 503) && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
}

export function notFoundBody(request: FastifyRequest) {
  return {
    error: {
      id: 'route_not_found',
      message: `There is no endpoint ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}.`,
      fields: [],
    },
    requestId: request.id,
  };
}
