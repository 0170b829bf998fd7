// Every mail to a reporter without an account carries a way back that works in a fresh browser: a secret
// link made when the mail is built (only its hash stored, audited as report.link_mailed), in the receipt, the
// acknowledgement (also when an edited template leaves out {report_link}), every update and the needs-info
// reminder. "Revoke every link" ends the links already mailed; the next mail brings a new one. Reporters with
// an account (co-reporters) get the sign-in address and no secret link. Mail encrypted to the reporter's key
// carries the link inside the encrypted text; when the key can no longer be used, no secret link goes out in
// clear (and none is made). The key is the submitter's: co-reporters of an encrypted report get a notice that a
// message waits behind their sign-in, never text they cannot decrypt and never the text in clear.
import type { ParsedMail } from 'mailparser';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { sql } from '../../src/db/database.ts';
import { DEFAULT_TEMPLATES } from '../../src/domain/reports/templates.ts';
import { changeSetting } from '../../src/settings/update.ts';
import { anonymous, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { createProduct, memberOf, submission, submitAnonymously, type ProductFixture } from '../helpers/reports.ts';
import { openTestApp } from '../security/support.ts';

const RITA = 'rita@example.net';
const LINK = /https?:\/\/\S+\/reporter\/(\d+)#link=([A-Za-z0-9_-]+)/;

let t: TestApp;
let product: ProductFixture;
let architect: Actor;
let seen = 0;

/** Mail written since the last call. */
async function newMails(): Promise<ParsedMail[]> {
  const all = await t.mails();
  const fresh = all.slice(seen);
  seen = all.length;
  return fresh;
}

const toOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to.map((a) => a.text).join(', ') : (m.to?.text ?? ''));

/** The secret link in a mail's text: report id and token. */
function linkIn(text: string): { reportId: number; token: string } {
  const m = LINK.exec(text);
  expect(m, `a secret reporter link in:\n${text}`).not.toBeNull();
  return { reportId: Number(m![1]), token: m![2]! };
}

/** Opens the report as a fresh client would: no cookie, no session, only the link's token. */
const openWithLink = (reportId: number, token: string) =>
  t.request({ ...anonymous, ip: '203.0.113.77' }, { url: `/api/reports/${reportId}`, headers: { 'x-report-link': token } });

const team = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.request(architect, { method, url, ...(payload ? { payload } : {}) });

async function linkAudits(reportId: number): Promise<{ to: string }[]> {
  const rows = await t.database.db.query<{ after: { to: string } }>(sql`
    SELECT after FROM audit_events WHERE action = 'report.link_mailed' AND target_id = ${String(reportId)} ORDER BY id`);
  return rows.map((r) => r.after);
}

beforeAll(async () => {
  t = await openTestApp();
  product = await createProduct(t, 'Mailbox Server');
  architect = await memberOf(t, 'mara', product.teamGroupId);
});
afterAll(() => t?.close());

describe(`mail to anonymous reporters carries a working way back (${backendName})`, () => {
  let report: { id: number; trackingId: string; token: string };

  it('gives every status mail a fresh secret link that opens the report in a fresh client', async () => {
    report = await submitAnonymously(t, submission(product.id, { title: 'Mailbox quota bypass' }));
    await team('POST', `/api/reports/${report.id}/acknowledge`);
    await team('POST', `/api/reports/${report.id}/comments`, { body: 'We can reproduce it on 3.1.' });
    await team('POST', `/api/reports/${report.id}/transition`, { to: 'triaged', reason: 'Confirmed: high impact.' });
    const toRita = (await newMails()).filter((m) => toOf(m) === RITA);
    const subjects = toRita.map((m) => m.subject).sort();
    expect(subjects).toEqual(
      [
        `Report received: ${report.trackingId}`,
        `Security vulnerability acknowledgement [${report.trackingId}]`,
        `Update on your report ${report.trackingId}`,
        `Update on your report ${report.trackingId}`,
      ].sort(),
    );
    const tokens = new Set<string>();
    for (const mail of toRita) {
      const link = linkIn(mail.text ?? '');
      expect(link.reportId).toBe(report.id);
      tokens.add(link.token);
      const res = await openWithLink(link.reportId, link.token);
      expect(res.statusCode, `${mail.subject}: ${res.body}`).toBe(200);
      expect(res.json()).toMatchObject({ id: report.id, title: 'Mailbox quota bypass', viewer: { side: 'reporter' } });
    }
    expect(tokens.size).toBe(toRita.length);
    // Only hashes are stored; each mailed link is audited with the address it went to.
    const stored = await t.database.db.query<{ token_hash: string }>(
      sql`SELECT token_hash FROM report_links WHERE report_id = ${report.id}`,
    );
    for (const token of tokens) expect(stored.map((r) => r.token_hash)).not.toContain(token);
    expect(await linkAudits(report.id)).toEqual(toRita.map(() => expect.objectContaining({ to: RITA })));
  });

  it('ends mailed links when every link is revoked; the next mail brings a new one', async () => {
    const before = (await t.mails()).filter((m) => toOf(m) === RITA).map((m) => linkIn(m.text ?? ''));
    const revoked = await team('DELETE', `/api/reports/${report.id}/links`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revoked).toBeGreaterThanOrEqual(before.length);
    for (const link of before) expect((await openWithLink(link.reportId, link.token)).statusCode).not.toBe(200);
    await team('POST', `/api/reports/${report.id}/comments`, { body: 'A fix is being tested.' });
    const [update] = (await newMails()).filter((m) => toOf(m) === RITA);
    const fresh = linkIn(update!.text ?? '');
    expect(before.map((l) => l.token)).not.toContain(fresh.token);
    expect((await openWithLink(fresh.reportId, fresh.token)).statusCode).toBe(200);
  });

  it('sends the needs-more-info request and reminder with working links', async () => {
    await team('POST', `/api/reports/${report.id}/transition`, { to: 'needs_more_info', reason: 'Which build did you test?' });
    const [request] = (await newMails()).filter((m) => toOf(m) === RITA);
    const link = linkIn(request!.text ?? '');
    expect((await openWithLink(link.reportId, link.token)).statusCode).toBe(200);
  });

  it('adds the way back when an edited acknowledgement template leaves out {report_link}', async () => {
    const s = systemSession('test');
    await t.database.db.transaction((tx) =>
      changeSetting(s, tx, t.clock.now(), 'report_templates', {
        ...DEFAULT_TEMPLATES,
        acknowledgement: { subject: 'Thanks for {tracking_id}', body: 'Dear {reporter},\n\nthank you.\n' },
      }),
    );
    try {
      const other = await submitAnonymously(t, submission(product.id, { title: 'Template gap' }), '198.51.100.31');
      await team('POST', `/api/reports/${other.id}/acknowledge`);
      const ack = (await newMails()).find((m) => m.subject === `Thanks for ${other.trackingId}`);
      expect(ack?.text).toContain('thank you.');
      const link = linkIn(ack!.text ?? '');
      expect((await openWithLink(link.reportId, link.token)).statusCode).toBe(200);
    } finally {
      await t.database.db.transaction((tx) => changeSetting(s, tx, t.clock.now(), 'report_templates', DEFAULT_TEMPLATES));
    }
  });

  it('sends co-reporters with an account the sign-in address, never a secret link', async () => {
    const colleague = await t.actor('colin');
    await t.services.users.update(systemSession('test'), colleague.userId!, { email: 'colin@example.net' });
    const invited = await team('POST', `/api/reports/${report.id}/members`, { username: 'colin', role: 'co_reporter' });
    expect(invited.statusCode, invited.body).toBe(200);
    await team('POST', `/api/reports/${report.id}/comments`, { body: 'Thanks for the build number.' });
    const mails = await newMails();
    const toColin = mails.filter((m) => toOf(m) === 'colin@example.net');
    const toRita = mails.filter((m) => toOf(m) === RITA);
    expect(toColin).toHaveLength(1);
    expect(toColin[0]!.text).toContain(`/reporter/${report.id}`);
    expect(toColin[0]!.text).not.toContain('#link=');
    expect(toRita).toHaveLength(1);
    linkIn(toRita[0]!.text ?? '');
  });
});

describe(`encrypted mail to anonymous reporters (${backendName})`, () => {
  let privateKey: openpgp.PrivateKey;
  let report: { id: number; trackingId: string };

  const decrypt = async (armored: string) => {
    const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: privateKey });
    return String(data);
  };
  const linkCount = async () =>
    (await t.database.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM report_links WHERE report_id = ${report.id}`))[0]!.n;

  beforeAll(async () => {
    // A key that expires two days after it was made.
    const key = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Pat', email: 'pat@example.net' }],
      format: 'object',
      date: new Date(t.clock.now().getTime() - 60_000),
      keyExpirationTime: 2 * 86_400,
    });
    privateKey = key.privateKey;
    report = await submitAnonymously(
      t,
      submission(product.id, { title: 'Encrypted path', contactEmail: 'pat@example.net', pgpPublicKey: key.publicKey.armor() }),
      '198.51.100.41',
    );
    await newMails();
  });

  it('puts the fresh link inside the encrypted text of an update', async () => {
    await team('POST', `/api/reports/${report.id}/comments`, { body: 'Encrypted update.' });
    const [update] = (await newMails()).filter((m) => toOf(m) === 'pat@example.net');
    expect(update!.text).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    expect(update!.text).not.toContain('#link=');
    const link = linkIn(await decrypt(update!.text ?? ''));
    expect((await openWithLink(link.reportId, link.token)).statusCode).toBe(200);
  });

  it('encrypts only to the submitter: a co-reporter hears that a message waits behind their sign-in, without its text', async () => {
    const colleague = await t.actor('cora');
    await t.services.users.update(systemSession('test'), colleague.userId!, { email: 'cora@example.net' });
    const added = await team('POST', `/api/reports/${report.id}/members`, { username: 'cora', role: 'co_reporter' });
    expect(added.statusCode, added.body).toBe(200);
    await team('POST', `/api/reports/${report.id}/comments`, { body: 'Only for the key holder and signed-in readers.' });
    const mails = await newMails();
    const toPat = mails.filter((m) => toOf(m) === 'pat@example.net');
    const toCora = mails.filter((m) => toOf(m) === 'cora@example.net');
    expect(toPat).toHaveLength(1);
    expect(await decrypt(toPat[0]!.text ?? '')).toContain('Only for the key holder');
    expect(toCora).toHaveLength(1);
    expect(toCora[0]!.text).not.toMatch(/BEGIN PGP MESSAGE/);
    expect(toCora[0]!.text).not.toContain('Only for the key holder');
    expect(toCora[0]!.text).not.toContain('#link=');
    expect(toCora[0]!.text).toContain(`/reporter/${report.id}`);
    expect(toCora[0]!.text).toContain('waiting for you');
  });

  it('sends no secret link in clear, and makes none, once the key has expired', async () => {
    t.clock.advance(3 * 86_400_000);
    architect = await t.signIn('mara'); // the old session has timed out
    const links = await linkCount();
    const comment = await team('POST', `/api/reports/${report.id}/comments`, { body: 'After expiry.' });
    expect(comment.statusCode, comment.body).toBe(200);
    const [notice] = (await newMails()).filter((m) => toOf(m) === 'pat@example.net');
    expect(notice!.text).toContain('can no longer be used');
    expect(notice!.text).not.toContain('After expiry.');
    expect(notice!.text).not.toContain('#link=');
    expect(notice!.text).toContain('secret link from an earlier message');
    expect(await linkCount()).toBe(links);
  });
});
