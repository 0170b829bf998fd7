// OpenPGP for Parapet: reading and checking keys people paste, the team key, encryption and cleartext signing.
export { algorithmName, formatFingerprint, keyInfo, type PgpKeyInfo } from './key-info.ts';
export { ARMORED_KEY_MAX, readPrivateKey, readPublicKey, type PrivateKeyResult, type PublicKeyInfo } from './read-key.ts';
export { generateTeamKey } from './generate.ts';
export { encryptText, textForRecipient } from './encrypt.ts';
export { signCleartext } from './sign.ts';
