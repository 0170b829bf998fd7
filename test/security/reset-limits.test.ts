// Password-reset requests are limited per account and per client network, counted in the database: many
// requests send at most the limit's mails, and every answer is the same whether limited or not, and whether the
// account exists or not.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESET_MAILS_PER_ACCOUNT_HOUR, RESET_REQUESTS_PER_NETWORK_HOUR, networkOf } from '../../src/auth/recovery-limit-repository.ts';
import { anonymous, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { HOUR, createUser, openTestApp } from './support.ts';

describe(`password-reset limits (${backendName})`, () => {
  let t: TestApp;
  const seen = new Set<string>();

  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(async () => t?.close());

  const requestReset = (login: string, ip: string) =>
    t.request({ ...anonymous, ip }, { method: 'POST', url: '/api/password-reset', payload: { login } });
  const answer = (res: LightMyRequestResponse) => ({ status: res.statusCode, type: res.headers['content-type'], body: res.body });

  /** How many mails written since the last call went to any of the addresses. */
  async function newMailsTo(...addresses: string[]): Promise<number> {
    const fresh = (await t.mails()).filter((m) => !seen.has(m.messageId ?? ''));
    for (const m of fresh) seen.add(m.messageId ?? '');
    return fresh.filter((m) => addresses.includes(m.to && !Array.isArray(m.to) ? m.to.text : '')).length;
  }

  it('per account: 40 requests from 40 networks send at most the limit of mails; every answer is the same', async () => {
    await createUser(t, 'flooded', { email: 'flooded@example.org' });
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(answer(await requestReset(i % 2 ? 'flooded' : 'flooded@example.org', `10.70.${i}.1`)));
    answers.push(answer(await requestReset('nobody-at-all', '10.70.99.1')));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]!.status).toBe(202);
    expect(await newMailsTo('flooded@example.org')).toBe(RESET_MAILS_PER_ACCOUNT_HOUR);
    // An hour later the account gets mail again.
    t.clock.advance(HOUR + 1000);
    expect(answer(await requestReset('flooded', '10.70.100.1'))).toEqual(answers[0]);
    expect(await newMailsTo('flooded@example.org')).toBe(1);
  });

  it('per network: one network asking for many accounts gets at most the limit of mails sent', async () => {
    const names = Array.from({ length: RESET_REQUESTS_PER_NETWORK_HOUR + 8 }, (_, i) => `net-user-${i}`);
    for (const name of names) await createUser(t, name, { email: `${name}@example.org` });
    const answers = [];
    for (const name of names) answers.push(answer(await requestReset(name, '192.0.2.77')));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await newMailsTo(...names.map((n) => `${n}@example.org`))).toBe(RESET_REQUESTS_PER_NETWORK_HOUR);
    // Another network is not affected.
    expect(answer(await requestReset(names.at(-1)!, '192.0.2.78'))).toEqual(answers[0]);
    expect(await newMailsTo(`${names.at(-1)!}@example.org`)).toBe(1);
  });

  it('an IPv6 client is counted by its /64: changing the interface bits does not escape the limit', async () => {
    expect(networkOf('2001:db8:1:2:aaaa::1')).toBe(networkOf('2001:db8:1:2:ffff::9'));
    expect(networkOf('2001:db8:1:3::1')).not.toBe(networkOf('2001:db8:1:2::1'));
    expect(networkOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
    const names = Array.from({ length: RESET_REQUESTS_PER_NETWORK_HOUR + 3 }, (_, i) => `v6-user-${i}`);
    for (const name of names) await createUser(t, name, { email: `${name}@example.org` });
    for (const [i, name] of names.entries())
      expect((await requestReset(name, `2001:db8:7:7::${(i + 1).toString(16)}`)).statusCode).toBe(202);
    expect(await newMailsTo(...names.map((n) => `${n}@example.org`))).toBe(RESET_REQUESTS_PER_NETWORK_HOUR);
  });

  it('requests arriving at once are counted exactly', async () => {
    await createUser(t, 'burst-reset', { email: 'burst-reset@example.org' });
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => requestReset('burst-reset', `10.71.${i}.1`)));
    expect(answers.every((a) => a.statusCode === 202)).toBe(true);
    expect(await newMailsTo('burst-reset@example.org')).toBe(RESET_MAILS_PER_ACCOUNT_HOUR);
  });
});
