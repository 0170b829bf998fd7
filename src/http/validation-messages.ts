// Turns JSON-schema validation errors into field errors a person understands.
import type { FieldError } from '../errors/catalog.ts';

interface SchemaError {
  instancePath?: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldName(context: string | undefined, path: string | undefined, extra?: unknown): string {
  const parts = (path ?? '')
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (typeof extra === 'string') parts.push(extra);
  const name = parts.join('.');
  if (name) return name;
  return context === 'body' ? 'body' : (context ?? 'input');
}

function typeName(type: string): string {
  if (type === 'integer') return 'a whole number';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function messageFor(e: SchemaError): string {
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return 'is required.';
    case 'additionalProperties':
      return 'is not a field this endpoint accepts.';
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters long.`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty.' : `must be at least ${String(p.limit)} characters long.`;
    case 'type':
      return `must be ${typeName(String(p.type))}.`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `must be at least ${String(p.limit)}.`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `must be at most ${String(p.limit)}.`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} items.`;
    case 'minItems':
      return `must have at least ${String(p.limit)} items.`;
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}.`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}.`;
    case 'format':
      return `must be a valid ${String(p.format)}.`;
    case 'pattern':
      return 'has characters or a form that is not allowed here.';
    default:
      return e.message ? `${e.message}.` : 'is not valid.';
  }
}

export function validationFields(errors: SchemaError[], context: string | undefined): FieldError[] {
  const seen = new Set<string>();
  const fields: FieldError[] = [];
  for (const e of errors) {
    if (['anyOf', 'oneOf', 'if'].includes(e.keyword)) continue;
    const extra =
      e.keyword === 'required' ? e.params.missingProperty : e.keyword === 'additionalProperties' ? e.params.additionalProperty : undefined;
    const field = fieldName(context, e.instancePath, extra);
    const message = messageFor(e);
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    fields.push({ field, message });
  }
  return fields;
}
