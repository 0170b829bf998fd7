// Route schemas compile on first use (start-up time), and behave exactly as eagerly compiled ones: the
// validator's errors reach Fastify's 400 answer, and the response schema still decides which fields leave.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { lazySerializerFactory, lazyValidator, lazyValidatorCompiler } from '../../src/http/lazy-compilers.ts';
import { validatorCompiler } from '../../src/http/validators.ts';

describe('lazy schema compilers', () => {
  it('compile a validator once, on its first call, and expose its errors', () => {
    let compiles = 0;
    const validate = lazyValidator(() => {
      compiles++;
      const fn = ((data: unknown) => {
        const ok = typeof data === 'number';
        fn.errors = ok ? null : [{ message: 'must be a number' }];
        return ok;
      }) as ((data: unknown) => boolean) & { errors?: unknown };
      return fn;
    });
    expect(compiles).toBe(0);
    expect(validate('x')).toBe(false);
    expect(validate.errors).toEqual([{ message: 'must be a number' }]);
    expect(validate(1)).toBe(true);
    expect(validate.errors).toBeNull();
    expect(compiles).toBe(1);
  });

  it('validate bodies and serialize answers in a Fastify app like the eager compilers', async () => {
    const app = Fastify({ schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory } } });
    app.setValidatorCompiler(lazyValidatorCompiler(validatorCompiler([])));
    app.post(
      '/thing',
      {
        schema: {
          body: { type: 'object', properties: { name: { type: 'string', minLength: 2 } }, required: ['name'], additionalProperties: false },
          response: { 200: { type: 'object', properties: { name: { type: 'string' } } } },
        },
      },
      (request) => ({ ...(request.body as object), secret: 'never sent' }),
    );
    await app.ready();
    const bad = await app.inject({ method: 'POST', url: '/thing', payload: { name: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('body/name must be string');
    const good = await app.inject({ method: 'POST', url: '/thing', payload: { name: 'ok' } });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toEqual({ name: 'ok' }); // the response schema still drops what it does not name
    await app.close();
  });
});
