// security.txt (RFC 9116), the team OpenPGP key and the disclosure policy through HTTP: the file parses per the
// RFC (Contact and Expires present, Expires once, in the future and less than a year ahead, Canonical its own
// address), Expires moves with the clock, settings changes show up in it (and bad values are refused field by
// field), the public key is served at a stable address, and the signed variant verifies with OpenPGP.js.
import type { LightMyRequestResponse } from 'fastify';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { MINUTE, openTestApp, reauthenticate } from '../security/support.ts';

const DAY = 86_400_000;
const YEAR = 365 * DAY;

interface Field {
  name: string;
  value: string;
}

/** RFC 9116 §4 grammar, strictly: comments, empty lines, and "Name: value" fields with known names. */
function parseSecurityTxt(text: string): Field[] {
  expect(text.endsWith('\n'), 'the file ends with a line break').toBe(true);
  const fields: Field[] = [];
  for (const line of text.replace(/\n$/, '').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z0-9-]+): ([^\s].*)$/.exec(line);
    expect(m, `"${line}" is a field`).not.toBeNull();
    expect(line).not.toMatch(/\s$/);
    fields.push({ name: m![1]!, value: m![2]! });
  }
  const known = ['Acknowledgments', 'Canonical', 'Contact', 'Encryption', 'Expires', 'Hiring', 'Policy', 'Preferred-Languages', 'CSAF'];
  for (const f of fields) expect(known, `field ${f.name}`).toContain(f.name);
  return fields;
}

const all = (fields: Field[], name: string) => fields.filter((f) => f.name === name).map((f) => f.value);
const one = (fields: Field[], name: string) => {
  const values = all(fields, name);
  expect(values, `${name} appears exactly once`).toHaveLength(1);
  return values[0]!;
};

/** The checks every served security.txt must pass at the clock's time `now`. */
function expectConforming(text: string, now: Date, canonical: string): Field[] {
  const fields = parseSecurityTxt(text);
  const contacts = all(fields, 'Contact');
  expect(contacts.length).toBeGreaterThanOrEqual(1);
  for (const c of contacts) expect(c).toMatch(/^(mailto:[^@\s]+@[^@\s]+|https?:\/\/\S+)$/);
  const expires = one(fields, 'Expires');
  expect(expires).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  const at = new Date(expires).getTime();
  expect(at).toBeGreaterThan(now.getTime());
  expect(at).toBeLessThan(now.getTime() + YEAR);
  expect(all(fields, 'Preferred-Languages').length).toBeLessThanOrEqual(1);
  expect(all(fields, 'Canonical')).toEqual([canonical]);
  return fields;
}

const get = (t: TestApp, url: string, actor: Actor = anonymous) => t.request(actor, { url });

function expectText(res: LightMyRequestResponse): string {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  return res.body;
}

describe(`security.txt and the team key (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  let user: Actor;
  const patch = (payload: object, actor = admin) => t.request(actor, { method: 'PATCH', url: '/api/admin/disclosure-settings', payload });
  const post = (url: string, payload?: object, actor = admin) => t.request(actor, { method: 'POST', url, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await openTestApp();
    admin = await t.actor('disclosure-admin', { isAdmin: true });
    user = await t.actor('disclosure-user');
  });
  afterAll(async () => t?.close());

  it('serves a conforming file from the defaults; /security.txt redirects to it', async () => {
    const res = await get(t, '/.well-known/security.txt');
    const fields = expectConforming(expectText(res), t.clock.now(), 'http://127.0.0.1:8080/.well-known/security.txt');
    expect(all(fields, 'Contact')).toEqual(['mailto:security@127.0.0.1', 'http://127.0.0.1:8080/report']);
    // Defaults: 180 days after the start of the clock's day (2026-01-05).
    expect(one(fields, 'Expires')).toBe('2026-07-04T00:00:00Z');
    expect(one(fields, 'Preferred-Languages')).toBe('en');
    expect(one(fields, 'Policy')).toBe('http://127.0.0.1:8080/disclosure-policy');
    expect(all(fields, 'Encryption')).toEqual([]);
    expect(all(fields, 'Acknowledgments')).toEqual([]);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');

    const legacy = await get(t, '/security.txt');
    expect(legacy.statusCode).toBe(301);
    expect(legacy.headers.location).toBe('/.well-known/security.txt');
  });

  it('renews Expires from the application clock: a year later it is still in the future and less than a year ahead', async () => {
    const before = one(parseSecurityTxt(expectText(await get(t, '/.well-known/security.txt'))), 'Expires');
    t.clock.advance(YEAR);
    try {
      const fields = expectConforming(
        expectText(await get(t, '/.well-known/security.txt')),
        t.clock.now(),
        'http://127.0.0.1:8080/.well-known/security.txt',
      );
      const after = one(fields, 'Expires');
      expect(new Date(after).getTime() - new Date(before).getTime()).toBe(YEAR);
      expect(after).toBe('2027-07-04T00:00:00Z');
    } finally {
      t.clock.advance(-YEAR);
    }
  });

  it('the pgp key address answers 404 in the error shape while there is no team key', async () => {
    const body = expectError(await get(t, '/.well-known/pgp-key.txt'), 404, 'not_found');
    expect(body.error.message).toBe('No team OpenPGP key has been set up.');
  });

  it('settings are for administrators only, with a recent sign-in for changes', async () => {
    expectError(await get(t, '/api/admin/disclosure-settings'), 401, 'unauthenticated');
    expectError(await get(t, '/api/admin/disclosure-settings', user), 403, 'staff_only');
    expectError(await patch({ expiryDays: 30 }, user), 403, 'staff_only');
    const res = await get(t, '/api/admin/disclosure-settings', admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      securityEmail: 'security@127.0.0.1',
      securityEmailIsDefault: true,
      preferredLanguages: ['en'],
      expiryDays: 180,
      signSecurityTxt: false,
      acknowledgmentsUrl: null,
      policyIsDefault: true,
      defaultDisclosureDays: 90,
    });
    expect(res.json().policyMarkdown).toMatch(/\*\*90 days\*\*/);

    t.clock.advance(11 * MINUTE);
    expectError(await patch({ expiryDays: 30 }), 403, 'reauthentication_required');
    expect((await reauthenticate(t, admin)).statusCode).toBe(200);
  });

  it('refuses bad values field by field, changing nothing', async () => {
    const body = expectError(
      await patch({
        securityEmail: 'not-an-address',
        expiryDays: 365,
        preferredLanguages: ['en', 'english language'],
        acknowledgmentsUrl: 'ftp://x',
      }),
      400,
      'validation',
    );
    expect(body.error.fields.map((f) => f.field).sort()).toEqual(['expiryDays']);
    expect(body.error.fields[0]!.message).toBe('must be at most 364.');
    expect(expectError(await patch({ expiryDays: 0 }), 400, 'validation').error.fields).toEqual([
      { field: 'expiryDays', message: 'must be at least 1.' },
    ]);

    const rest = expectError(
      await patch({
        securityEmail: 'not-an-address',
        preferredLanguages: ['en', 'english language', 'EN'],
        acknowledgmentsUrl: 'http://elsewhere.example/thanks',
      }),
      400,
      'validation',
    );
    expect(rest.error.fields).toEqual([
      { field: 'securityEmail', message: '"not-an-address" is not an e-mail address such as security@example.com.' },
      { field: 'preferredLanguages.1', message: '"english language" is not a language tag (BCP 47) such as en, de or pt-BR.' },
      { field: 'preferredLanguages', message: 'names "en" more than once.' },
      {
        field: 'acknowledgmentsUrl',
        message:
          '"http://elsewhere.example/thanks" is not an https:// address (RFC 9116 requires https for web addresses in security.txt).',
      },
    ]);
    expect(expectError(await patch({ preferredLanguages: [] }), 400, 'validation').error.fields).toEqual([
      { field: 'preferredLanguages', message: 'must name at least one language, such as en.' },
    ]);
    expect(expectError(await patch({ defaultDisclosureDays: 400 }), 400, 'validation').error.fields[0]!.field).toBe(
      'defaultDisclosureDays',
    );
    expect(expectError(await patch({ surprise: true }), 400, 'validation').error.fields).toEqual([
      { field: 'surprise', message: 'is not a field this endpoint accepts.' },
    ]);
    expect((await get(t, '/api/admin/disclosure-settings', admin)).json()).toMatchObject({
      securityEmail: 'security@127.0.0.1',
      expiryDays: 180,
      preferredLanguages: ['en'],
    });
  });

  it('saved settings show in security.txt at once, and the change is a security event', async () => {
    const res = await patch({
      securityEmail: ' psirt+intake@example.org ',
      preferredLanguages: ['EN', 'de', 'pt-br', 'zh-hant-tw'],
      expiryDays: 30,
      acknowledgmentsUrl: 'https://example.org/hall-of-fame',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      securityEmail: 'psirt+intake@example.org',
      securityEmailIsDefault: false,
      preferredLanguages: ['en', 'de', 'pt-BR', 'zh-Hant-TW'],
      expiryDays: 30,
    });
    const fields = expectConforming(
      expectText(await get(t, '/.well-known/security.txt')),
      t.clock.now(),
      'http://127.0.0.1:8080/.well-known/security.txt',
    );
    expect(all(fields, 'Contact')).toEqual(['mailto:psirt%2Bintake@example.org', 'http://127.0.0.1:8080/report']);
    expect(one(fields, 'Expires')).toBe('2026-02-04T00:00:00Z');
    expect(one(fields, 'Preferred-Languages')).toBe('en, de, pt-BR, zh-Hant-TW');
    expect(one(fields, 'Acknowledgments')).toBe('https://example.org/hall-of-fame');

    const events = (await get(t, '/api/admin/security-events?action=settings.disclosure_changed', admin)).json<{
      items: { actor: { name: string }; before: Record<string, unknown>; after: Record<string, unknown> }[];
    }>();
    expect(events.items).toHaveLength(1);
    expect(events.items[0]!.actor.name).toBe('disclosure-admin');
    expect(events.items[0]!.before).toEqual({ securityEmail: null, preferredLanguages: ['en'], expiryDays: 180, acknowledgmentsUrl: null });
    expect(events.items[0]!.after).toEqual({
      securityEmail: 'psirt+intake@example.org',
      preferredLanguages: ['en', 'de', 'pt-BR', 'zh-Hant-TW'],
      expiryDays: 30,
      acknowledgmentsUrl: 'https://example.org/hall-of-fame',
    });

    // Empty values go back to the defaults.
    const reset = await patch({ securityEmail: '', acknowledgmentsUrl: '' });
    expect(reset.json()).toMatchObject({ securityEmail: 'security@127.0.0.1', securityEmailIsDefault: true, acknowledgmentsUrl: null });
  });

  let fingerprint = '';

  it('generates the team key: served at /.well-known/pgp-key.txt and named in security.txt as Encryption', async () => {
    expectError(await post('/api/admin/team-key/generate', { name: 'Team', email: 'security@example.org' }, user), 403, 'staff_only');
    expect(
      expectError(await post('/api/admin/team-key/generate', { name: 'Team', email: 'nope' }), 400, 'validation').error.fields,
    ).toEqual([{ field: 'email', message: '"nope" is not an e-mail address.' }]);
    const res = await post('/api/admin/team-key/generate', { name: 'Example Security Team', email: 'security@example.org' });
    expect(res.statusCode, res.body).toBe(201);
    const key = res.json();
    expect(key).toMatchObject({
      userIds: ['Example Security Team <security@example.org>'],
      algorithm: 'EdDSA (Ed25519)',
      source: 'generated',
      expiresAt: null,
    });
    expect(key.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(JSON.stringify(key)).not.toMatch(/PRIVATE/);
    fingerprint = key.fingerprint;

    const served = expectText(await get(t, '/.well-known/pgp-key.txt'));
    const publicKey = await openpgp.readKey({ armoredKey: served });
    expect(publicKey.isPrivate()).toBe(false);
    expect(publicKey.getFingerprint().toUpperCase()).toBe(fingerprint);
    expect((await get(t, '/api/admin/team-key', admin)).json().key.fingerprint).toBe(fingerprint);

    const fields = expectConforming(
      expectText(await get(t, '/.well-known/security.txt')),
      t.clock.now(),
      'http://127.0.0.1:8080/.well-known/security.txt',
    );
    expect(all(fields, 'Encryption')).toEqual(['http://127.0.0.1:8080/.well-known/pgp-key.txt']);

    const events = (await get(t, '/api/admin/security-events?action=team_key.generated', admin)).json<{
      items: { after: { fingerprint: string } }[];
    }>();
    expect(events.items.map((e) => e.after.fingerprint)).toEqual([fingerprint]);
  });

  it('serves security.txt cleartext-signed with the team key when asked; the signature verifies', async () => {
    expect((await patch({ signSecurityTxt: true })).statusCode).toBe(200);
    const signed = expectText(await get(t, '/.well-known/security.txt'));
    expect(signed).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n# Security contact/);
    expect(signed).toMatch(/-----END PGP SIGNATURE-----\n$/);
    const verificationKeys = (await openpgp.readKey({ armoredKey: expectText(await get(t, '/.well-known/pgp-key.txt')) })).toPublic();
    const message = await openpgp.readCleartextMessage({ cleartextMessage: signed });
    const verified = await openpgp.verify({ message, verificationKeys, date: t.clock.now(), expectSigned: true });
    const content = verified.data.replace(/\r\n/g, '\n');
    const fields = expectConforming(`${content.replace(/\n$/, '')}\n`, t.clock.now(), 'http://127.0.0.1:8080/.well-known/security.txt');
    expect(all(fields, 'Encryption')).toEqual(['http://127.0.0.1:8080/.well-known/pgp-key.txt']);

    // A changed text fails verification.
    const forged = await openpgp.readCleartextMessage({
      cleartextMessage: signed.replace('Preferred-Languages: en', 'Preferred-Languages: fr'),
    });
    await expect(openpgp.verify({ message: forged, verificationKeys, date: t.clock.now(), expectSigned: true })).rejects.toThrow(
      /did not match/,
    );

    const preview = (await get(t, '/api/admin/security-txt', admin)).json();
    expect(preview).toMatchObject({ url: 'http://127.0.0.1:8080/.well-known/security.txt', signed: true, text: signed });
    expect(preview.warnings).toEqual([
      expect.stringMatching(/^The public address \(PARAPET_PUBLIC_URL\) is http:\/\/127\.0\.0\.1:8080: RFC 9116 requires/),
    ]);
  });

  it('imports a passphrase-protected private key (refusing public keys and wrong passphrases); export and removal are audited', async () => {
    const generated = await openpgp.generateKey({
      type: 'ecc',
      userIDs: [{ name: 'Imported Team', email: 'psirt@example.org' }],
      passphrase: 'correct passphrase',
      date: t.clock.now(),
    });
    const wrongKind = expectError(await post('/api/admin/team-key/import', { privateKey: generated.publicKey }), 400, 'validation');
    expect(wrongKind.error.fields[0]).toMatchObject({
      field: 'privateKey',
      message: expect.stringMatching(/^is a public key; importing needs the private key/),
    });
    const wrongPass = expectError(
      await post('/api/admin/team-key/import', { privateKey: generated.privateKey, passphrase: 'nope' }),
      400,
      'validation',
    );
    expect(wrongPass.error.fields).toEqual([{ field: 'passphrase', message: 'is not the passphrase of this key.' }]);
    expect((await get(t, '/api/admin/team-key', admin)).json().key.fingerprint).toBe(fingerprint);

    const res = await post('/api/admin/team-key/import', { privateKey: generated.privateKey, passphrase: 'correct passphrase' });
    expect(res.statusCode, res.body).toBe(201);
    const imported = res.json();
    expect(imported).toMatchObject({ source: 'imported', userIds: ['Imported Team <psirt@example.org>'] });
    expect(imported.fingerprint).not.toBe(fingerprint);
    const served = (await openpgp.readKey({ armoredKey: expectText(await get(t, '/.well-known/pgp-key.txt')) })).toPublic();
    expect(served.getFingerprint().toUpperCase()).toBe(imported.fingerprint);

    // The signed file is now signed with the imported key.
    const signed = expectText(await get(t, '/.well-known/security.txt'));
    await openpgp.verify({
      message: await openpgp.readCleartextMessage({ cleartextMessage: signed }),
      verificationKeys: served,
      date: t.clock.now(),
      expectSigned: true,
    });

    // Export: the private key, unlocked, with a recent sign-in only.
    t.clock.advance(11 * MINUTE);
    expectError(await post('/api/admin/team-key/export'), 403, 'reauthentication_required');
    expect((await reauthenticate(t, admin)).statusCode).toBe(200);
    const exported = (await post('/api/admin/team-key/export')).json<{ fingerprint: string; privateKey: string }>();
    const unlocked = await openpgp.readPrivateKey({ armoredKey: exported.privateKey });
    expect(unlocked.isDecrypted()).toBe(true);
    expect(unlocked.getFingerprint().toUpperCase()).toBe(imported.fingerprint);

    expect((await t.request(admin, { method: 'DELETE', url: '/api/admin/team-key' })).statusCode).toBe(200);
    expectError(await t.request(admin, { method: 'DELETE', url: '/api/admin/team-key' }), 404, 'not_found');
    expectError(await get(t, '/.well-known/pgp-key.txt'), 404, 'not_found');
    const unsigned = expectText(await get(t, '/.well-known/security.txt'));
    expect(unsigned.startsWith('# Security contact')).toBe(true);
    expect(all(parseSecurityTxt(unsigned), 'Encryption')).toEqual([]);
    const preview = (await get(t, '/api/admin/security-txt', admin)).json();
    expect(preview.signed).toBe(false);
    expect(preview.warnings).toContain('Signing is on, but without a team key the file is served unsigned.');

    const actions = (await get(t, '/api/admin/security-events?q=team_key', admin))
      .json<{ items: { action: string }[] }>()
      .items.map((e) => e.action);
    for (const a of ['team_key.generated', 'team_key.imported', 'team_key.exported', 'team_key.removed']) expect(actions).toContain(a);
  });

  it('the disclosure policy is public: sanitised HTML, the default disclosure days, the key fingerprint', async () => {
    let res = await get(t, '/api/disclosure-policy');
    expect(res.statusCode, res.body).toBe(200);
    let policy = res.json();
    expect(policy).toMatchObject({
      defaultDisclosureDays: 90,
      securityEmail: 'security@127.0.0.1',
      reportUrl: 'http://127.0.0.1:8080/report',
      publicKey: null,
    });
    expect(policy.html).toContain('<strong>90 days</strong>');
    expect(policy.html).toContain('<h2>Safe harbour</h2>');
    expect(policy.html).toContain('href="mailto:security@127.0.0.1"');

    expect((await post('/api/admin/team-key/generate', { name: 'Team', email: 'security@example.org' })).statusCode).toBe(201);
    const saved = await patch({
      policyMarkdown: '# Our policy\n\nWe disclose after **45 days**. <script>alert(1)</script> [x](javascript:alert(1))',
      defaultDisclosureDays: 45,
    });
    expect(saved.json()).toMatchObject({ policyIsDefault: false, defaultDisclosureDays: 45 });
    res = await get(t, '/api/disclosure-policy');
    policy = res.json();
    expect(policy.markdown).toMatch(/^# Our policy/);
    expect(policy.html).toContain('<h1>Our policy</h1>');
    expect(policy.html).not.toMatch(/<script|href="javascript:/);
    expect(policy.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(policy.defaultDisclosureDays).toBe(45);
    expect(policy.publicKey.url).toBe('http://127.0.0.1:8080/.well-known/pgp-key.txt');
    expect(policy.publicKey.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(policy.publicKey.fingerprintGrouped).toBe(policy.publicKey.fingerprint.replace(/(.{4})(?!$)/g, '$1 '));

    // Clearing the text brings the default back (with the new number of days).
    expect((await patch({ policyMarkdown: null })).json()).toMatchObject({ policyIsDefault: true });
    expect((await get(t, '/api/disclosure-policy')).json().html).toContain('<strong>45 days</strong>');
  });
});

describe(`security.txt on an https public address (${backendName})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp({ config: { publicUrl: new URL('https://security.example.com') } });
  });
  afterAll(async () => t?.close());

  it('names https addresses throughout', async () => {
    const fields = expectConforming(
      expectText(await get(t, '/.well-known/security.txt')),
      t.clock.now(),
      'https://security.example.com/.well-known/security.txt',
    );
    expect(all(fields, 'Contact')).toEqual(['mailto:security@security.example.com', 'https://security.example.com/report']);
    expect(one(fields, 'Policy')).toBe('https://security.example.com/disclosure-policy');
  });
});
