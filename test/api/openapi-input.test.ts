// Odd input never reaches the database (issue 10, item 16), proven over the whole API as its OpenAPI document
// describes it, so a route added later is covered without touching this file:
// - a NUL character in every string field of every request body (and in member names where an object takes
//   any), in every query parameter and in every path parameter is refused with 400 naming the field, for an
//   anonymous caller and for an administrator, never with a 5xx;
// - every whole number a request may carry has bounds within PostgreSQL's integer, and a 20-digit number in
//   any of them is refused with 400;
// - a 20-digit report id given as text (duplicateOf) names no report instead of overflowing;
// - a NUL in the headers the app reads (X-Report-Link, the session cookie) is no credential, not a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { createProduct, submission, submitAnonymously } from '../helpers/reports.ts';

type Schema = Record<string, unknown>;
interface Operation {
  parameters?: { in: string; name: string; schema: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Probe {
  operation: string;
  field: string;
  method: string;
  url: string;
  payload?: unknown;
}

const NUL = 'a\u0000b';
const INT32 = { min: -2_147_483_648, max: 2_147_483_647 };

/** The schemas a value of `schema` may match (unions unfolded). */
function branches(schema: Schema): Schema[] {
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  return union ? union.flatMap(branches) : [schema];
}

function types(schema: Schema): string[] {
  const t = schema.type;
  return Array.isArray(t) ? t : typeof t === 'string' ? [t] : [];
}

/** Every place in a body schema where a value of `kind` may go, as [path, a body holding `value` there]. */
function placesOf(schema: Schema, kind: 'string' | 'integer' | 'member', value: unknown, path: string[] = []): [string[], unknown][] {
  const out: [string[], unknown][] = [];
  for (const branch of branches(schema)) {
    const t = types(branch);
    if (t.includes(kind)) out.push([path, value]);
    if (t.includes('object')) {
      for (const [name, child] of Object.entries((branch.properties ?? {}) as Record<string, Schema>)) {
        for (const [p, v] of placesOf(child, kind, value, [...path, name])) out.push([p, { [name]: v }]);
      }
      const extra = branch.additionalProperties ?? branch.patternProperties;
      if (extra !== undefined && extra !== false) {
        if (kind === 'member') out.push([[...path, 'a\\u0000b'], { [NUL]: 'x' }]);
        else if (typeof extra === 'object') {
          const child = (branch.patternProperties ? Object.values(extra as Record<string, Schema>)[0] : extra) as Schema;
          for (const [p, v] of placesOf(child, kind, value, [...path, 'key'])) out.push([p, { key: v }]);
        }
      }
    }
    if (t.includes('array') && branch.items && typeof branch.items === 'object') {
      for (const [p, v] of placesOf(branch.items as Schema, kind, value, [...path, '0'])) out.push([p, [v]]);
    }
  }
  // The same place reached through several union branches is probed once.
  const seen = new Set<string>();
  return out.filter(([p]) => !seen.has(p.join('.')) && seen.add(p.join('.')));
}

function jsonSchema(op: Operation): Schema | undefined {
  return op.requestBody?.content?.['application/json']?.schema;
}

function urlOf(path: string, op: Operation, override?: { name: string; value: string; in: string }): string {
  let url = path;
  for (const p of op.parameters ?? []) {
    if (p.in !== 'path') continue;
    const value = override?.in === 'path' && override.name === p.name ? override.value : types(p.schema).includes('integer') ? '1' : 'x';
    url = url.replace(`{${p.name}}`, encodeURIComponent(value));
  }
  if (override?.in === 'query') url += `?${new URLSearchParams({ [override.name]: override.value })}`;
  return url;
}

function operations(doc: { paths: Record<string, Record<string, Operation>> }): [string, string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => [path, method.toUpperCase(), op] as [string, string, Operation]),
  );
}

function probesFor(
  doc: { paths: Record<string, Record<string, Operation>> },
  value: { text: string; body: unknown },
  kind: 'string' | 'integer',
): Probe[] {
  const probes: Probe[] = [];
  for (const [path, method, op] of operations(doc)) {
    const operation = `${method} ${path}`;
    for (const p of op.parameters ?? []) {
      if (p.in !== 'path' && p.in !== 'query') continue;
      if (kind === 'integer' && !branches(p.schema).some((b) => types(b).includes('integer'))) continue;
      probes.push({ operation, field: p.name, method, url: urlOf(path, op, { in: p.in, name: p.name, value: value.text }) });
    }
    const body = jsonSchema(op);
    if (!body) continue;
    const places = [...placesOf(body, kind, value.body), ...(kind === 'string' ? placesOf(body, 'member', value.body) : [])];
    for (const [p, payload] of places) probes.push({ operation, field: p.join('.'), method, url: urlOf(path, op), payload });
  }
  return probes;
}

describe(`odd input over the whole API (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  let doc: { paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.actor('openapi-admin', { isAdmin: true });
    await t.reauthenticate(admin);
    doc = (await t.request(anonymous, { url: '/api/openapi.json' })).json();
  });
  afterAll(async () => t?.close());

  async function send(actor: Actor, probe: Probe) {
    const res = await t.request(actor, {
      method: probe.method,
      url: probe.url,
      ...(probe.payload !== undefined ? { payload: probe.payload as object } : {}),
    });
    const fields =
      res.statusCode < 500 && String(res.headers['content-type'] ?? '').includes('json')
        ? ((res.json().error?.fields ?? []) as { field: string }[])
        : [];
    return { status: res.statusCode, named: fields.some((f) => f.field === probe.field), body: res.body.slice(0, 200) };
  }

  it('bounds every whole number a request may carry within PostgreSQL integer', () => {
    const unbounded: string[] = [];
    const check = (where: string, schema: Schema) => {
      for (const b of branches(schema)) {
        if (!types(b).includes('integer') && !types(b).includes('number')) continue;
        const max = (b.maximum ?? b.exclusiveMaximum) as number | undefined;
        const min = (b.minimum ?? b.exclusiveMinimum) as number | undefined;
        if (max === undefined || min === undefined || max > INT32.max || min < INT32.min) unbounded.push(`${where} ${JSON.stringify(b)}`);
      }
    };
    for (const [path, method, op] of operations(doc)) {
      for (const p of op.parameters ?? []) check(`${method} ${path} ${p.in} ${p.name}`, p.schema);
      const body = jsonSchema(op);
      if (body)
        for (const [p] of placesOf(body, 'integer', 0))
          check(
            `${method} ${path} body ${p.join('.')}`,
            p.reduce<Schema>((s, part) => descend(s, part), body),
          );
    }
    expect(unbounded).toEqual([]);
  });

  it('refuses a NUL in any string field, query or path parameter with 400 naming it, for anyone', async () => {
    const probes = probesFor(doc, { text: NUL, body: NUL }, 'string');
    expect(probes.length).toBeGreaterThan(180); // the walk sees the API (214 places when written)
    expect(new Set(probes.map((p) => p.operation)).size).toBeGreaterThan(70);
    const wrong: string[] = [];
    for (const probe of probes) {
      for (const [who, actor] of [
        ['anonymous', anonymous],
        ['administrator', admin],
      ] as const) {
        const r = await send(actor, probe);
        // Anonymous callers may be refused for who they are; nobody gets a 5xx, and a 400 names the field.
        const ok = r.status < 500 && (r.status === 400 ? r.named : who === 'anonymous' && [401, 403, 404].includes(r.status));
        if (!ok) wrong.push(`${who} ${probe.operation} ${probe.field}: ${r.status} ${r.body}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a 20-digit number in any whole-number field or parameter with 400 naming it', async () => {
    const big = '12345678901234567890';
    const probes = probesFor(doc, { text: big, body: Number(big) }, 'integer');
    expect(probes.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    for (const probe of probes) {
      const r = await send(admin, probe);
      if (!(r.status === 400 && r.named)) wrong.push(`${probe.operation} ${probe.field}: ${r.status} ${r.body}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a report id of 20 digits given as text names no report', async () => {
    const product = await createProduct(t, 'Odd Input Product');
    const report = await submitAnonymously(t, submission(product.id));
    await t.buildInbox();
    const res = await t.request(admin, {
      method: 'POST',
      url: `/api/reports/${report.id}/transition`,
      payload: { to: 'duplicate', reason: 'Same as another.', duplicateOf: '12345678901234567890' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([
      { field: 'duplicateOf', message: 'there is no report 12345678901234567890 that you can read.' },
    ]);
  });

  // Over a socket Node refuses a raw NUL in any header; a cookie value may still carry one percent-encoded.
  it('treats a NUL in the reporter link header or the session cookie as no credential, without a 5xx', async () => {
    const link = await t.request(anonymous, { url: '/api/reports/1', headers: { 'x-report-link': `${'a'.repeat(30)}\u0000` } });
    expect(link.statusCode).toBe(401);
    const cookie = await t.request(anonymous, { url: '/api/session', headers: { cookie: '__Host-parapet=abc%00def' } });
    expect(cookie.statusCode).toBe(200);
    expect(cookie.json().user).toBeNull();
  });
});

/** The schema of one step down a body path (a property, an array item or any member). */
function descend(schema: Schema, part: string): Schema {
  for (const b of branches(schema)) {
    const props = b.properties as Record<string, Schema> | undefined;
    if (props?.[part]) return props[part];
    if (b.items && /^\d+$/.test(part)) return b.items as Schema;
    if (part === 'key' && typeof b.additionalProperties === 'object') return b.additionalProperties as Schema;
  }
  return schema;
}
