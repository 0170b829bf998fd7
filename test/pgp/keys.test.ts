// src/pgp: generating the team key, reading pasted public and private keys, and refusing each kind of bad key
// with a message that says what to give instead.
import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/catalog.ts';
import { formatFingerprint, generateTeamKey, readPrivateKey, readPublicKey } from '../../src/pgp/index.ts';

const NOW = new Date('2026-01-05T09:00:00Z');
const DAY = 86_400_000;

async function refusal(work: Promise<unknown>): Promise<{ field: string; message: string }> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  const app = err as AppError;
  expect(app.id).toBe('validation');
  expect(app.fields).toHaveLength(1);
  return app.fields[0]!;
}

const ecc = (email: string, extra: Partial<Parameters<typeof openpgp.generateKey>[0]> = {}) =>
  openpgp.generateKey({ type: 'ecc', userIDs: [{ name: 'Someone', email }], date: NOW, format: 'armored', ...extra } as Parameters<
    typeof openpgp.generateKey
  >[0] & { format: 'armored' });

describe('generateTeamKey', () => {
  it('makes an Ed25519/Curve25519 key that signs and encrypts, without passphrase or expiry', async () => {
    const key = await generateTeamKey('Example Security Team', 'security@example.org', NOW);
    expect(key.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(key.userIds).toEqual(['Example Security Team <security@example.org>']);
    expect(key.algorithm).toBe('EdDSA (Ed25519)');
    expect(key.createdAt.toISOString()).toBe(NOW.toISOString());
    expect(key.expiresAt).toBeNull();
    expect(key.privateArmored).toMatch(/^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
    expect(key.publicArmored).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    const parsed = await openpgp.readPrivateKey({ armoredKey: key.privateArmored });
    expect(parsed.isDecrypted()).toBe(true);
    expect(parsed.getFingerprint().toUpperCase()).toBe(key.fingerprint);
    expect(formatFingerprint(key.fingerprint)).toMatch(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
  });

  it('refuses an empty name and a bad e-mail address', async () => {
    expect((await refusal(generateTeamKey('  ', 'security@example.org', NOW))).field).toBe('name');
    const bad = await refusal(generateTeamKey('Team', 'not an address', NOW));
    expect(bad).toEqual({ field: 'email', message: '"not an address" is not an e-mail address.' });
  });
});

describe('readPublicKey', () => {
  it('reads a public key: fingerprint, user ids, algorithm, expiry and the normalised public block', async () => {
    const { publicKey } = await ecc('reporter@example.net', { keyExpirationTime: 400 * 86400 });
    const info = await readPublicKey(`\n\n${publicKey}\n`, { now: NOW });
    const original = await openpgp.readKey({ armoredKey: publicKey });
    expect(info.fingerprint).toBe(original.getFingerprint().toUpperCase());
    expect(info.userIds).toEqual(['Someone <reporter@example.net>']);
    expect(info.algorithm).toBe('EdDSA (Ed25519)');
    expect(info.expiresAt?.toISOString()).toBe(new Date(NOW.getTime() + 400 * DAY).toISOString());
    expect(info.armored).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----\n/);
    expect(info.armored).not.toMatch(/PRIVATE/);
  });

  it('reads an RSA key and names it with its size', async () => {
    const { publicKey } = await openpgp.generateKey({ type: 'rsa', rsaBits: 2048, userIDs: [{ email: 'rsa@example.net' }], date: NOW });
    expect((await readPublicKey(publicKey, { now: NOW })).algorithm).toBe('RSA 2048');
  });

  it('refuses garbage, an empty field, a message, and two keys at once', async () => {
    expect(await refusal(readPublicKey('hello', { now: NOW }))).toEqual({
      field: 'publicKey',
      message:
        'is not an OpenPGP key; paste the whole ASCII-armoured block, from -----BEGIN PGP PUBLIC KEY BLOCK----- to -----END PGP PUBLIC KEY BLOCK-----.',
    });
    expect(await refusal(readPublicKey('   ', { now: NOW, field: 'pgpKey' }))).toEqual({
      field: 'pgpKey',
      message: 'is empty; paste the public key block.',
    });
    const broken = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----';
    expect((await refusal(readPublicKey(broken, { now: NOW }))).message).toMatch(/^is not a readable OpenPGP key/);

    const { publicKey } = await ecc('a@example.net');
    const message = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: 'x' }),
      encryptionKeys: (await openpgp.readKey({ armoredKey: publicKey })).toPublic(),
    });
    expect((await refusal(readPublicKey(message, { now: NOW }))).message).toMatch(/^is an OpenPGP message or signature, not a key/);

    const other = await ecc('b@example.net');
    const both = openpgp.armor(
      openpgp.enums.armor.publicKey,
      new Uint8Array([
        ...(await openpgp.readKey({ armoredKey: publicKey })).write(),
        ...(await openpgp.readKey({ armoredKey: other.publicKey })).write(),
      ]),
    );
    expect((await refusal(readPublicKey(both, { now: NOW }))).message).toBe('holds 2 keys; give exactly one.');
  });

  it('refuses a private key block', async () => {
    const { privateKey } = await ecc('c@example.net');
    const r = await refusal(readPublicKey(privateKey, { now: NOW }));
    expect(r.message).toMatch(/^is a private key\. Give the public key only/);
  });

  it('refuses an expired key, naming the day it expired', async () => {
    const { publicKey } = await ecc('d@example.net', { keyExpirationTime: 86400 });
    expect(await readPublicKey(publicKey, { now: NOW })).toBeTruthy();
    const r = await refusal(readPublicKey(publicKey, { now: new Date(NOW.getTime() + 2 * DAY) }));
    expect(r.message).toBe('expired on 2026-01-06; give a current key (or extend its expiry and export it again).');
  });

  it('refuses a revoked key', async () => {
    const { privateKey } = await ecc('e@example.net');
    const { publicKey } = await openpgp.revokeKey({
      key: await openpgp.readPrivateKey({ armoredKey: privateKey }),
      date: NOW,
      format: 'armored',
    });
    expect((await refusal(readPublicKey(publicKey, { now: NOW }))).message).toBe('has been revoked by its owner; give a current key.');
  });

  it('refuses a key that cannot encrypt (no encryption subkey)', async () => {
    const { publicKey } = await ecc('f@example.net', { subkeys: [] });
    expect((await refusal(readPublicKey(publicKey, { now: NOW }))).message).toBe(
      'cannot encrypt: it has no valid encryption subkey. Give a key that has one (most keys do).',
    );
  });

  it('refuses a weak key (RSA 1024)', async () => {
    const { publicKey } = await openpgp.generateKey({
      type: 'rsa',
      rsaBits: 1024,
      userIDs: [{ email: 'weak@example.net' }],
      date: NOW,
      config: { minRSABits: 1024 },
    });
    expect((await refusal(readPublicKey(publicKey, { now: NOW }))).message).toMatch(
      /^uses an algorithm or key size that is no longer considered safe \(.*2047 bits/,
    );
  });

  it('refuses a key made in the future of the clock', async () => {
    const { publicKey } = await ecc('g@example.net', { date: new Date(NOW.getTime() + 30 * DAY) });
    expect((await refusal(readPublicKey(publicKey, { now: NOW }))).message).toBe(
      'was made with a creation date in the future (2026-02-04); check the clock of the computer that made it.',
    );
  });
});

describe('readPrivateKey (importing the team key)', () => {
  it('unlocks a passphrase-protected key and returns it decrypted', async () => {
    const { privateKey } = await ecc('team@example.org', { passphrase: 'open sesame' });
    expect(await refusal(readPrivateKey(privateKey, undefined, { now: NOW }))).toEqual({
      field: 'passphrase',
      message: 'is needed: this private key is protected by a passphrase.',
    });
    expect(await refusal(readPrivateKey(privateKey, 'wrong', { now: NOW }))).toEqual({
      field: 'passphrase',
      message: 'is not the passphrase of this key.',
    });
    const result = await readPrivateKey(privateKey, 'open sesame', { now: NOW });
    const unlocked = await openpgp.readPrivateKey({ armoredKey: result.privateArmored });
    expect(unlocked.isDecrypted()).toBe(true);
    expect(result.fingerprint).toBe(unlocked.getFingerprint().toUpperCase());
    expect(result.publicArmored).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
  });

  it('refuses a public key, a revoked key and a key that cannot encrypt', async () => {
    const { publicKey, privateKey } = await ecc('h@example.net');
    expect(await refusal(readPrivateKey(publicKey, undefined, { now: NOW }))).toMatchObject({
      field: 'privateKey',
      message: expect.stringMatching(/^is a public key; importing needs the private key/),
    });
    const revoked = await openpgp.revokeKey({
      key: await openpgp.readPrivateKey({ armoredKey: privateKey }),
      date: NOW,
      format: 'armored',
    });
    expect((await refusal(readPrivateKey(revoked.privateKey, undefined, { now: NOW }))).message).toBe(
      'has been revoked by its owner; give a current key.',
    );
    const signOnly = await ecc('i@example.net', { subkeys: [] });
    expect((await refusal(readPrivateKey(signOnly.privateKey, undefined, { now: NOW }))).message).toMatch(/^cannot encrypt/);
  });
});
