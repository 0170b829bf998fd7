// Mail about reports: a reporter who gives an OpenPGP public key receives every message encrypted to it
// (receipt, acknowledgement, updates); mail to the team names the report but carries none of its content.
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { createProduct, memberOf, submission, submitAnonymously } from '../helpers/reports.ts';

let t: TestApp;
let architect: Actor;
let privateKey: openpgp.PrivateKey;
let report: { id: number; trackingId: string };

async function decrypt(armored: string): Promise<string> {
  const message = await openpgp.readMessage({ armoredMessage: armored });
  const { data } = await openpgp.decrypt({ message, decryptionKeys: privateKey });
  return String(data);
}

beforeAll(async () => {
  t = await createTestApp();
  const product = await createProduct(t, 'Vault');
  architect = await memberOf(t, 'pia', product.teamGroupId);
  const key = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Rita', email: 'rita@example.net' }],
    format: 'object',
    date: new Date(t.clock.now().getTime() - 60_000),
  });
  privateKey = key.privateKey;
  report = await submitAnonymously(
    t,
    submission(product.id, {
      title: 'Vault token leak',
      description: 'SECRET-DETAIL: the token is logged.',
      pgpPublicKey: key.publicKey.armor(),
    }),
  );
});
afterAll(() => t.close());

describe('encrypted mail to reporters', () => {
  it('encrypts the receipt to the reporter key; it decrypts to the tracking id and the secret link', async () => {
    const receipt = (await t.mails()).find((m) => m.subject === `Report received: ${report.trackingId}`)!;
    expect(receipt.text).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    expect(receipt.text).not.toContain('#link=');
    const clear = await decrypt(receipt.text!);
    expect(clear).toContain(report.trackingId);
    expect(clear).toMatch(/\/reporter\/\d+#link=/);
  });

  it('encrypts the acknowledgement and updates; team mail holds no report content', async () => {
    await t.request(architect, { method: 'POST', url: `/api/reports/${report.id}/acknowledge` });
    await t.request(architect, {
      method: 'POST',
      url: `/api/reports/${report.id}/comments`,
      payload: { body: 'We reproduced SECRET-DETAIL.' },
    });
    const mails = await t.mails();
    const ack = mails.find((m) => m.subject?.startsWith('Security vulnerability acknowledgement'))!;
    expect(await decrypt(ack.text!)).toContain('Thank you for reporting this.');
    const update = mails.find((m) => m.subject === `Update on your report ${report.trackingId}`)!;
    expect(update.text).not.toContain('SECRET-DETAIL');
    expect(await decrypt(update.text!)).toContain('We reproduced SECRET-DETAIL.');
    for (const m of mails.filter((x) => (x.to as { text: string }).text === 'pia@example.org')) {
      expect(m.text).not.toContain('SECRET-DETAIL');
      expect(m.text).not.toContain('Vault token leak');
    }
  });

  it('refuses a key that is not a public key, naming the field', async () => {
    const res = await t.request(
      { cookie: undefined, userId: undefined, username: undefined, ip: '198.51.100.8' },
      {
        method: 'POST',
        url: '/api/reports',
        payload: submission(1, { pgpPublicKey: privateKey.armor() }),
      },
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('pgpPublicKey');
  });
});
