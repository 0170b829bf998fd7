// POST /api/cvss/score: the public scoring endpoint the UI's calculators use answers exactly what
// `parapet cvss VECTOR` prints, and an invalid vector is a field error on `vector` (never a 5xx).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreVector } from '../../src/cvss/index.ts';
import { anonymous, createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const score = (vector: unknown) => t.request(anonymous, { method: 'POST', url: '/api/cvss/score', payload: { vector } });

describe('POST /api/cvss/score', () => {
  it('scores CVSS 3.1 for anyone, normalising the vector', async () => {
    const res = await score('CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      version: '3.1',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      base: 9.8,
      temporal: 9.8,
      environmental: 9.8,
      severity: 'Critical',
    });
  });

  it('scores CVSS 4.0 with its nomenclature and macrovector, as the CLI does', async () => {
    const vector = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U';
    const res = await score(vector);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ version: '4.0', vector, score: 8.1, nomenclature: 'CVSS-BT', severity: 'High', macrovector: '000220' });
    expect(res.json()).toEqual(scoreVector(vector));
  });

  it('scores CVSS 2.0 and 3.0 too', async () => {
    expect((await score('AV:N/AC:L/Au:N/C:P/I:P/A:P')).json()).toMatchObject({ version: '2.0', base: 7.5, severity: 'High' });
    expect((await score('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).json()).toMatchObject({ version: '3.0', base: 9.8 });
  });

  it('names the vector field when the vector is not valid', async () => {
    for (const bad of ['CVSS:3.1/AV:N/AC:L', 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', '', 'hello', 'CVSS:4.0/AV:N/AV:N']) {
      const res = await score(bad);
      expect(res.statusCode, bad).toBe(400);
      const error = res.json().error;
      expect(error.id).toBe('validation');
      expect(error.fields).toHaveLength(1);
      expect(error.fields[0].field).toBe('vector');
      expect(error.fields[0].message.length).toBeGreaterThan(5);
    }
    const missing = (await score('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H')).json().error.fields[0].message;
    expect(missing).toMatch(/A\b|Availability/);
  });

  it('refuses a body without a string vector, or an overlong one, with a 400', async () => {
    expect((await score(42)).statusCode).toBe(400);
    expect((await t.request(anonymous, { method: 'POST', url: '/api/cvss/score', payload: {} })).statusCode).toBe(400);
    expect((await score(`CVSS:3.1/${'AV:N/'.repeat(100)}`)).statusCode).toBe(400);
  });
});
