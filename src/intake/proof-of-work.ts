// Self-hosted proof-of-work for the public report form (no third-party captcha): a challenge is a random id
// and a difficulty; a solution is a nonce such that SHA-256(id + ':' + nonce) starts with `difficulty` zero
// bits. Each challenge is accepted once, within ten minutes of being issued.
import { createHash, randomBytes } from 'node:crypto';
import type { Session } from '../access/session.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors/catalog.ts';
import { sweepIntakeNow, waitText, type RetryDetails } from './admission.ts';
import { findChallenge, insertChallenge, liveChallengeExpiries, lockChallengeIp, useChallenge } from './challenge-repository.ts';
import type { IntakeSettings } from './intake-settings.ts';

export const CHALLENGE_TTL_MS = 10 * 60 * 1000;
/** Unsolved, unexpired challenges one IP address may hold at a time. */
export const MAX_LIVE_CHALLENGES_PER_IP = 20;
export const CHALLENGE_ID_PATTERN = /^[0-9a-f]{32}$/;
export const NONCE_PATTERN = /^[0-9A-Za-z_-]{1,64}$/;
export const POW_ALGORITHM = 'sha256-leading-zero-bits';

export interface Challenge {
  /** 128 random bits, hex. */
  id: string;
  difficulty: number;
  expiresAt: Date;
}

export interface ProofOfWorkSolution {
  challengeId: string;
  nonce: string;
}

/** Leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** Leading zero bits of SHA-256(challengeId + ':' + nonce). */
export function solutionBits(challengeId: string, nonce: string): number {
  return leadingZeroBits(createHash('sha256').update(`${challengeId}:${nonce}`, 'utf8').digest());
}

/**
 * Issues a challenge at the configured difficulty to the session's IP address. One address may hold at most
 * MAX_LIVE_CHALLENGES_PER_IP unsolved ones (then rate_limited until the oldest expires).
 */
export async function issueChallenge(s: Session, tx: Tx, at: Date, settings: IntakeSettings): Promise<Challenge> {
  await lockChallengeIp(tx, s.ip);
  await sweepIntakeNow(tx, at);
  const live = await liveChallengeExpiries(tx, s.ip, at, MAX_LIVE_CHALLENGES_PER_IP);
  const [first] = live;
  if (first && live.length >= MAX_LIVE_CHALLENGES_PER_IP) {
    const seconds = Math.max(1, Math.ceil((first.getTime() - at.getTime()) / 1000));
    const details: RetryDetails = { retryAfterSeconds: seconds, retryAt: first.toISOString() };
    throw new AppError(
      'rate_limited',
      `Too many unsolved proof-of-work challenges for your address (at most ${MAX_LIVE_CHALLENGES_PER_IP}). Solve one, or try again in ${waitText(seconds)}.`,
      { details },
    );
  }
  const challenge: Challenge = {
    id: randomBytes(16).toString('hex'),
    difficulty: settings.powDifficulty,
    expiresAt: new Date(at.getTime() + CHALLENGE_TTL_MS),
  };
  await insertChallenge(tx, { id: challenge.id, difficulty: challenge.difficulty, ip: s.ip, at, expiresAt: challenge.expiresAt });
  return challenge;
}

function failed(reason: 'unknown' | 'used' | 'expired' | 'wrong', message: string, field = 'proofOfWork'): AppError {
  return new AppError('proof_of_work_failed', message, { fields: [{ field, message }], details: { reason } });
}

/**
 * Accepts a solved challenge once: valid when the hash has at least the challenge's difficulty in leading
 * zero bits, the challenge has not expired and was not used. Marks it used in the caller's transaction
 * (atomically: parallel submissions of one solution succeed once). Throws proof_of_work_required (400) when
 * no solution was sent, proof_of_work_failed (403, details.reason unknown/used/expired/wrong) otherwise.
 */
export async function verifySolution(tx: Tx, at: Date, solution: ProofOfWorkSolution | undefined | null): Promise<void> {
  if (!solution || typeof solution !== 'object') {
    const message = 'is required: get a challenge from GET /api/intake/challenge, solve it, and send { challengeId, nonce }.';
    throw new AppError('proof_of_work_required', undefined, { fields: [{ field: 'proofOfWork', message }] });
  }
  const { challengeId, nonce } = solution;
  if (typeof challengeId !== 'string' || !CHALLENGE_ID_PATTERN.test(challengeId)) {
    throw failed('unknown', 'There is no such proof-of-work challenge; request a new one.', 'proofOfWork.challengeId');
  }
  if (typeof nonce !== 'string' || !NONCE_PATTERN.test(nonce)) {
    throw failed('wrong', 'The nonce must be 1 to 64 letters, digits, "-" or "_".', 'proofOfWork.nonce');
  }
  const bits = solutionBits(challengeId, nonce);
  if (await useChallenge(tx, challengeId, bits, at)) return;
  const row = await findChallenge(tx, challengeId);
  if (!row) throw failed('unknown', 'There is no such proof-of-work challenge (or it expired long ago); request a new one.');
  if (row.used_at) throw failed('used', 'This proof-of-work challenge has already been used; request a new one.');
  if (row.expires_at.getTime() <= at.getTime()) throw failed('expired', 'The proof-of-work challenge has expired; request a new one.');
  throw failed(
    'wrong',
    `The nonce does not solve the challenge: the hash needs ${row.difficulty} leading zero bits and has ${bits}.`,
    'proofOfWork.nonce',
  );
}
