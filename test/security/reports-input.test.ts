// Bad input to the report API: malformed and oversized bodies, unknown products, invalid vectors, refused
// attachments, and every SQL injection payload in every text, search, filter and sort parameter (no 5xx,
// data intact).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { CONFORMANCE } from '../helpers/paths.ts';
import { sql } from '../../src/db/database.ts';
import { createProduct, memberOf, submission, submitAnonymously, type ProductFixture } from '../helpers/reports.ts';

let t: TestApp;
let product: ProductFixture;
let team: Actor;
let sentinel: { id: number; trackingId: string; token: string };
const reporter = { ...anonymous, ip: '198.51.100.20' };
const SQLI = readFileSync(path.join(CONFORMANCE, 'sqli_payloads.txt'), 'utf8')
  .split('\n')
  .filter((l) => l !== '');

beforeAll(async () => {
  t = await createTestApp();
  // The intake limits would stop a test that submits hundreds of reports from one address.
  const limits = JSON.stringify({ perIpPerHour: 10_000, perIpPerDay: 100_000 });
  await t.services.deps.db.query(sql`INSERT INTO settings (key, value, updated_at) VALUES ('intake', ${limits}::jsonb, ${t.clock.now()})`);
  product = await createProduct(t, 'Sentinel Product');
  team = await memberOf(t, 'tina', product.teamGroupId);
  sentinel = await submitAnonymously(t, submission(product.id, { title: 'Sentinel report' }), '198.51.100.99');
});
afterAll(() => t.close());

async function post(body: unknown, raw = false) {
  return t.request(reporter, {
    method: 'POST',
    url: '/api/reports',
    headers: { 'content-type': 'application/json' },
    payload: raw ? (body as string) : JSON.stringify(body),
  });
}

describe('bad submissions get a clear 4xx and change nothing', () => {
  it('malformed JSON', async () => {
    const res = await post('{"title": "x", ', true);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.id).toBe('malformed_json');
  });

  it('an oversized body', async () => {
    const res = await post(submission(product.id, { description: 'x'.repeat(2 * 1024 * 1024) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.id).toBe('body_too_large');
  });

  it('an unknown product names the field', async () => {
    const res = await post(submission(999_999));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ field: 'productId', message: expect.stringContaining('no product with id 999999') }]);
  });

  it.each([
    'CVSS:3.1/AV:N/AC:L',
    'cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/',
    'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:9.9/AV:N',
    'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  ])('an invalid vector (%s) names the field', async (vector) => {
    const res = await post(submission(product.id, { cvssVector: vector }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('cvssVector');
  });

  it('an anonymous report without a contact address', async () => {
    const res = await post(submission(product.id, { contactEmail: undefined }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('contactEmail');
  });

  it('unknown fields, wrong types, bad dates and CWE numbers', async () => {
    expect((await post({ ...submission(product.id), isAdmin: true })).statusCode).toBe(400);
    expect((await post(submission(product.id, { productId: 'one' }))).statusCode).toBe(400);
    const date = await post(submission(product.id, { preferredDisclosureDate: '2026-02-30' }));
    expect(date.json().error.fields[0].field).toBe('preferredDisclosureDate');
    const cwe = await post(submission(product.id, { cweId: 99999 }));
    expect(cwe.json().error.fields[0]).toMatchObject({ field: 'cweId' });
  });

  it('names every bad field at once', async () => {
    const res = await post(
      submission(999_999, {
        title: '',
        cvssVector: 'CVSS:3.1/AV:N',
        contactEmail: 'not-an-address',
        preferredDisclosureDate: '2020-01-01',
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['contactEmail', 'cvssVector', 'preferredDisclosureDate', 'productId', 'title']);
  });

  it('kept nothing from the refused submissions', async () => {
    const res = await t.request(team, { url: '/api/reports' });
    expect(res.json().total).toBe(1);
  });
});

describe('attachments', () => {
  const upload = (filename: string, content: Buffer) =>
    t.request(reporter, {
      method: 'POST',
      url: `/api/reports/${sentinel.id}/attachments?filename=${encodeURIComponent(filename)}`,
      headers: { 'content-type': 'application/octet-stream', 'x-report-link': sentinel.token },
      payload: content,
    });

  it('stores an allowed file and serves it only as a download', async () => {
    const res = await upload('proof.txt', Buffer.from('curl -X POST …\n'));
    expect(res.statusCode, res.body).toBe(201);
    const file = await t.request(team, { url: `/api/reports/${sentinel.id}/attachments/${res.json().id}` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/octet-stream');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="proof.txt"/);
    expect(file.body).toBe('curl -X POST …\n');
  });

  it('refuses a type outside the allowlist, content that lies about its type, and oversized files', async () => {
    const exe = await upload('setup.exe', Buffer.from('MZ....'));
    expect(exe.statusCode).toBe(415);
    const html = await upload('page.html', Buffer.from('<script>alert(1)</script>'));
    expect(html.statusCode).toBe(415);
    const fakePng = await upload('shot.png', Buffer.from('<svg onload=alert(1)>'));
    expect(fakePng.statusCode).toBe(415);
    const big = await upload('big.txt', Buffer.alloc(10 * 1024 * 1024 + 1, 0x61));
    expect(big.statusCode).toBe(413);
  });

  it('refuses a sixth attachment', async () => {
    for (let i = 0; i < 4; i++) expect((await upload(`n${i}.txt`, Buffer.from('ok'))).statusCode).toBe(201);
    const sixth = await upload('n6.txt', Buffer.from('ok'));
    expect(sixth.statusCode).toBe(400);
    expect(sixth.json().error.message).toContain('at most 5');
  });
});

describe('SQL injection payloads', () => {
  let stored = 0;
  it(`in every text field of a submission (${SQLI.length} payloads)`, async () => {
    for (const payload of SQLI) {
      const res = await post(
        submission(product.id, {
          title: `t ${payload}`.slice(0, 300),
          description: payload,
          steps: payload,
          impact: payload,
          component: payload.slice(0, 200),
          affectedVersions: payload,
          contactName: payload.slice(0, 200),
          creditName: payload.slice(0, 200),
        }),
      );
      // Stored as written, or refused because the one-line title may not hold invisible characters.
      if (res.statusCode === 201) stored += 1;
      else
        expect(
          res.json().error.fields.map((f: { field: string }) => f.field),
          `${payload}: ${res.body}`,
        ).toEqual(['title']);
    }
    expect(stored).toBeGreaterThan(SQLI.length * 0.9);
  }, 240_000);

  it('in the search, every filter and the sort of the inbox', async () => {
    const params = ['q', 'state', 'productId', 'severity', 'assigneeId', 'cweId', 'sort', 'limit', 'offset', 'unacknowledged'];
    for (const payload of SQLI) {
      for (const p of params) {
        const res = await t.request(team, { url: `/api/reports?${p}=${encodeURIComponent(payload)}` });
        expect(res.statusCode, `${p}=${payload}: ${res.body}`).toBeLessThan(500);
        expect([200, 400]).toContain(res.statusCode);
      }
      const cwe = await t.request(team, { url: `/api/cwe?q=${encodeURIComponent(payload)}` });
      expect([200, 400]).toContain(cwe.statusCode);
    }
  }, 240_000);

  it('in comments, reasons, duplicates, usernames, CVE ids and vectors', async () => {
    for (const payload of SQLI.filter((_, i) => i % 6 === 0)) {
      const base = `/api/reports/${sentinel.id}`;
      const results = await Promise.all([
        t.request(team, { method: 'POST', url: `${base}/comments`, payload: { body: payload, internal: true } }),
        t.request(team, {
          method: 'POST',
          url: `${base}/transition`,
          payload: { to: 'duplicate', reason: payload, duplicateOf: payload.slice(0, 40) },
        }),
        t.request(team, {
          method: 'POST',
          url: `${base}/members`,
          payload: { username: payload.slice(0, 200) || 'x', role: 'collaborator' },
        }),
        t.request(team, {
          method: 'PUT',
          url: `${base}/classification`,
          payload: { cveId: payload.slice(0, 30), component: payload.slice(0, 200) },
        }),
        t.request(team, { method: 'PUT', url: `${base}/severity`, payload: { cvssVector: payload.slice(0, 300) } }),
      ]);
      for (const r of results) expect(r.statusCode, `${payload}: ${r.body}`).toBeLessThan(500);
    }
  }, 240_000);

  it('left the data intact', async () => {
    const res = await t.request(team, { url: `/api/reports/${sentinel.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ title: 'Sentinel report', trackingId: sentinel.trackingId, state: 'new' });
    const list = await t.request(team, { url: '/api/reports?limit=1' });
    expect(list.json().total).toBe(1 + stored);
    const tables = await t.services.deps.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`);
    expect(tables[0]!.n).toBe(1);
  });
});
