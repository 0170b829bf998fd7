// Input validation compilers. Query strings and path parameters arrive as text, so their values are
// coerced to the schema's types ("5" → 5); JSON bodies are typed already and are validated strictly, so
// {"name": 42} is refused instead of becoming the group "42".
import { Ajv, type Options } from 'ajv';
import formatsPlugin from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

const common: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };

function build(coerce: boolean): Ajv {
  const ajv = new Ajv({ ...common, coerceTypes: coerce ? 'array' : false });
  // ajv-formats is CommonJS: its function is the module's default export under NodeNext interop.
  (formatsPlugin as unknown as { default: (a: Ajv) => void }).default(ajv);
  return ajv;
}

export function validatorCompiler(shared: Record<string, unknown>[]): FastifySchemaCompiler<FastifySchema> {
  const strict = build(false);
  const coercing = build(true);
  for (const schema of shared) {
    strict.addSchema(schema);
    coercing.addSchema(schema);
  }
  return ({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema as object) as ReturnType<FastifySchemaCompiler<FastifySchema>>;
}
