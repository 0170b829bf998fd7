// Schema compilers that compile a route's validator or serializer on its first use instead of at start-up.
// Compiling every route's schemas (ajv and fast-json-stringify) was the largest part of the start-up time; most
// routes are not called in a process's first seconds. A schema that cannot compile still fails loudly, on the
// route's first call: test/api/openapi-input.test.ts calls every operation of the OpenAPI document, and
// test/http/lazy-compilers.test.ts checks that the lazy validators report errors exactly like eager ones.
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifySchema, FastifySchemaCompiler, FastifyServerOptions } from 'fastify';

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

/** A validator that compiles on its first call; it exposes the compiled function's `errors` as Fastify expects. */
export function lazyValidator(compile: () => Validate): Validate {
  let compiled: Validate | undefined;
  const validate: Validate = (data: unknown) => {
    compiled ??= compile();
    const ok = compiled(data);
    validate.errors = compiled.errors;
    return ok;
  };
  validate.errors = null;
  return validate;
}

/** Wraps a validator compiler so each route's validator compiles on first use. */
export function lazyValidatorCompiler(eager: FastifySchemaCompiler<FastifySchema>): FastifySchemaCompiler<FastifySchema> {
  return (route) => lazyValidator(() => eager(route) as Validate) as ReturnType<FastifySchemaCompiler<FastifySchema>>;
}

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>;
type SerializerFactory = NonNullable<NonNullable<SchemaController['compilersFactory']>['buildSerializer']>;

/** Fastify's own serializer factory (fast-json-stringify), with each route's serializer built on first use. */
export const lazySerializerFactory: SerializerFactory = (externalSchemas, options) => {
  const build = SerializerSelector()(externalSchemas, options);
  return (route) => {
    let serialize: ((doc: unknown) => string) | undefined;
    return (doc: unknown) => {
      serialize ??= build(route);
      return serialize(doc);
    };
  };
};
