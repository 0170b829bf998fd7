// Who Parapet's mail comes from: the installation's contact address (security@<host> until an administrator
// sets one in the disclosure settings), for every kind of mail (account mail and mail about reports), changed
// for the next message when the address changes. PARAPET_MAIL_FROM overrides the From address; replies then
// still reach the contact address (Reply-To).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { addressedTransport, mailSender } from '../../src/mail/sender.ts';
import { outboxTransport } from '../../src/mail/transport.ts';
import { changeSetting } from '../../src/settings/update.ts';
import { anonymous, ORIGIN, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { createProduct, submission, submitAnonymously } from '../helpers/reports.ts';
import { openTestApp } from '../security/support.ts';

const system = systemSession('test');
/** "Name <address>" of a parsed address header. */
const addressText = (a: ParsedMail['from']) =>
  (a?.value ?? []).map((v) => (v.name ? `${v.name} <${v.address}>` : (v.address ?? ''))).join(', ');
const fromOf = (m: ParsedMail) => addressText(m.from);
const replyToOf = (m: ParsedMail) => addressText(m.replyTo);

describe(`the sender of Parapet's mail (${backendName})`, () => {
  let t: TestApp;
  let seen = 0;
  const newMails = async () => {
    const all = await t.mails();
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh;
  };
  const setContact = (securityEmail: string | null) =>
    t.database.db.transaction((tx) =>
      changeSetting(system, tx, t.clock.now(), 'disclosure', { securityEmail }, { env: { publicUrl: new URL(ORIGIN) } }),
    );

  /** One account mail (a password reset) and the mail about one new report (receipt and team alert). */
  async function mailOfEachKind(): Promise<ParsedMail[]> {
    const reset = await t.request(
      { ...anonymous, ip: '198.51.100.60' },
      { method: 'POST', url: '/api/password-reset', payload: { login: 'sam' } },
    );
    expect(reset.statusCode).toBe(202);
    await submitAnonymously(t, submission(productId), '198.51.100.61');
    const mails = await newMails();
    expect(mails.map((m) => m.subject)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Reset your Parapet password$/),
        expect.stringMatching(/^Report received: /),
        expect.stringMatching(/^New report /),
      ]),
    );
    return mails;
  }

  let productId = 0;
  beforeAll(async () => {
    t = await openTestApp();
    const product = await createProduct(t, 'Sender Product');
    productId = product.id;
    const sam = await t.createUser('sam');
    await t.services.users.update(system, sam, { email: 'sam@example.org' });
    await t.services.groups.addUser(system, product.teamGroupId, sam);
    await newMails();
  });
  afterAll(() => t?.close());

  it('sends from security@<host of the public address> while no contact address is set', async () => {
    for (const m of await mailOfEachKind()) {
      expect(fromOf(m), m.subject).toBe('Security team <security@127.0.0.1>');
      expect(replyToOf(m)).toBe('');
    }
  });

  it('sends from the contact address an administrator set, from the next message on', async () => {
    await setContact('psirt@example.com');
    for (const m of await mailOfEachKind()) expect(fromOf(m), m.subject).toBe('Security team <psirt@example.com>');
    await setContact(null);
    for (const m of await mailOfEachKind()) expect(fromOf(m), m.subject).toBe('Security team <security@127.0.0.1>');
  });
});

describe(`PARAPET_MAIL_FROM (${backendName})`, () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await openTestApp();
    dir = await mkdtemp(path.join(tmpdir(), 'parapet-sender-'));
    await t.database.db.transaction((tx) =>
      changeSetting(
        system,
        tx,
        t.clock.now(),
        'disclosure',
        { securityEmail: 'psirt@example.com' },
        { env: { publicUrl: new URL(ORIGIN) } },
      ),
    );
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function sendOne(override: string): Promise<ParsedMail> {
    const transport = addressedTransport(outboxTransport(dir), mailSender({ db: t.database.db, publicUrl: new URL(ORIGIN), override }));
    await transport.send({ to: 'someone@example.net', subject: `via ${override}`, text: 'hello' }, t.clock.now());
    const names = (await readdir(dir)).sort();
    const mails = await Promise.all(names.map(async (n) => simpleParser(await readFile(path.join(dir, n)))));
    return mails.find((m) => m.subject === `via ${override}`)!;
  }

  it('overrides the From address; replies still go to the contact address', async () => {
    const m = await sendOne('Parapet <noreply@mail.example.com>');
    expect(fromOf(m)).toBe('Parapet <noreply@mail.example.com>');
    expect(replyToOf(m)).toBe('psirt@example.com');
  });

  it('adds no Reply-To when the override is the contact address itself', async () => {
    const m = await sendOne('PSIRT <PSIRT@example.com>');
    expect(fromOf(m)).toBe('PSIRT <PSIRT@example.com>');
    expect(replyToOf(m)).toBe('');
  });
});
