// Password hashing: argon2id through @node-rs/argon2, which hashes on libuv's thread pool (off the event
// loop). Parameters are stored in each PHC-format hash, so raising them later only affects new hashes and
// rehash-on-sign-in can tell old ones apart.
import { Algorithm, hash, verify } from '@node-rs/argon2';

export interface HashParams {
  memoryCost: number; // KiB
  timeCost: number;
  parallelism: number;
}

export const DEFAULT_HASH_PARAMS: HashParams = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

function secret(): Buffer | undefined {
  const pepper = process.env.PARAPET_PASSWORD_PEPPER;
  return pepper ? Buffer.from(pepper, 'utf8') : undefined;
}

export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

export async function hashPassword(password: string, params: HashParams = DEFAULT_HASH_PARAMS): Promise<string> {
  return hash(normalisePassword(password), { algorithm: Algorithm.Argon2id, ...params, secret: secret() });
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, normalisePassword(password), { secret: secret() });
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the user does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}-${Date.now()}`);
  return dummyHash;
}

/** True when a stored hash was made with weaker parameters than the configured ones (rehash at sign-in). */
export function needsRehash(stored: string, params: HashParams = DEFAULT_HASH_PARAMS): boolean {
  const m = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!m) return true;
  return Number(m[1]) < 19 || Number(m[2]) < params.memoryCost || Number(m[3]) < params.timeCost || Number(m[4]) < params.parallelism;
}
