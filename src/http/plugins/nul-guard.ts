// No NUL character (U+0000) reaches the services: PostgreSQL cannot store one in text or jsonb and answers
// with an error, which used to surface as a 500. Every route's parsed input is checked here, before schema
// validation, so no route can forget it: the JSON body (values and member names, at any depth), the query
// string and the path parameters. Each offending field is named in one 400 answer. (Node's HTTP parser refuses
// a raw NUL in any header; the one cookie read, the session token, may carry a percent-encoded one but is only
// ever hashed; raw bodies such as attachment files are not text.)
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../../errors/catalog.ts';

const MESSAGE = 'must not contain a NUL character (U+0000).';
const NAME_MESSAGE = 'is a field name with a NUL character (U+0000), which is not accepted.';

/** Field errors for every string (and member name) holding a NUL, named like schema validation names them. */
export function nulFields(value: unknown, prefix: string[] = []): FieldError[] {
  const fields: FieldError[] = [];
  // Iterative: a deeply nested body must not exhaust the stack.
  const stack: { value: unknown; path: string[] }[] = [{ value, path: prefix }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const { value: v, path } = top;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) fields.push({ field: name(path), message: MESSAGE });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, String(i)] });
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v) && !ArrayBuffer.isView(v)) {
      for (const [key, child] of Object.entries(v as Record<string, unknown>).reverse()) {
        if (key.includes('\u0000')) fields.push({ field: name([...path, key]), message: NAME_MESSAGE });
        else stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return fields;
}

function name(path: string[]): string {
  return path.length === 0 ? 'body' : path.map((p) => p.replaceAll('\u0000', '\\u0000')).join('.');
}

export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request: FastifyRequest, _reply, done) => {
    const fields = [...nulFields(request.params), ...nulFields(request.query), ...nulFields(request.body)];
    if (fields.length > 0) throw new AppError('validation', fields.map((f) => `${f.field} ${f.message}`).join(' '), { fields });
    done();
  });
}
