// src/pgp round trips: text encrypted to a public key decrypts with its private key; a cleartext signature
// verifies against the public key and fails on changed text; the mail helper encrypts only when given a key.
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/catalog.ts';
import { encryptText, generateTeamKey, signCleartext, textForRecipient, type PrivateKeyResult } from '../../src/pgp/index.ts';

const NOW = new Date('2026-01-05T09:00:00Z');
const TEXT = 'Report PARAPET-2026-0001: the fix ships on 2026-02-01.\nÄÖÜ – unicode survives.\n';

async function decrypt(armoredMessage: string, key: PrivateKeyResult): Promise<string> {
  const { data } = await openpgp.decrypt({
    message: await openpgp.readMessage({ armoredMessage }),
    decryptionKeys: await openpgp.readPrivateKey({ armoredKey: key.privateArmored }),
    date: NOW,
  });
  return data;
}

describe('encryption and signatures', () => {
  let key: PrivateKeyResult;
  let other: PrivateKeyResult;

  beforeAll(async () => {
    key = await generateTeamKey('Team', 'security@example.org', NOW);
    other = await generateTeamKey('Other', 'other@example.org', NOW);
  });

  it('encrypts to a public key; the private key decrypts it, another key cannot', async () => {
    const armored = await encryptText(key.publicArmored, TEXT, NOW);
    expect(armored).toMatch(/^-----BEGIN PGP MESSAGE-----\n[\s\S]+-----END PGP MESSAGE-----\n$/);
    expect(armored).not.toContain('PARAPET-2026-0001');
    expect(await decrypt(armored, key)).toBe(TEXT);
    await expect(decrypt(armored, other)).rejects.toThrow();
  });

  it('textForRecipient: clear text without a key, encrypted with one, refused with an unusable key', async () => {
    expect(await textForRecipient(null, TEXT, NOW)).toBe(TEXT);
    expect(await textForRecipient(undefined, TEXT, NOW)).toBe(TEXT);
    expect(await textForRecipient('  ', TEXT, NOW)).toBe(TEXT);
    const sent = await textForRecipient(key.publicArmored, TEXT, NOW);
    expect(sent.startsWith('-----BEGIN PGP MESSAGE-----')).toBe(true);
    expect(await decrypt(sent, key)).toBe(TEXT);
    const err = await textForRecipient('not a key', TEXT, NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).fields[0]?.field).toBe('publicKey');
  });

  it('signs cleartext; the signature verifies with the public key and fails on changed text', async () => {
    const text = 'Contact: mailto:security@example.org\nExpires: 2026-07-04T00:00:00.000Z\n';
    const signed = await signCleartext(key.privateArmored, text, NOW);
    expect(signed).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nContact: mailto:security@example.org\nExpires: /);
    expect(signed).not.toContain('\r');
    const verificationKeys = (await openpgp.readKey({ armoredKey: key.publicArmored })).toPublic();
    const message = await openpgp.readCleartextMessage({ cleartextMessage: signed });
    const result = await openpgp.verify({ message, verificationKeys, date: NOW, expectSigned: true });
    expect(result.data.replace(/\r\n/g, '\n')).toBe(text);
    expect(result.signatures[0]?.keyID.toHex().toUpperCase()).toBe(key.fingerprint.slice(-16));

    const tampered = await openpgp.readCleartextMessage({
      cleartextMessage: signed.replace('security@example.org', 'attacker@example.org'),
    });
    await expect(openpgp.verify({ message: tampered, verificationKeys, date: NOW, expectSigned: true })).rejects.toThrow(/did not match/);
    const wrongKey = (await openpgp.readKey({ armoredKey: other.publicArmored })).toPublic();
    await expect(openpgp.verify({ message, verificationKeys: wrongKey, date: NOW, expectSigned: true })).rejects.toThrow();
  });
});
