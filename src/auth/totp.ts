// TOTP (RFC 6238): 160-bit secrets, SHA-1, 6 digits, 30-second steps, accepted one step either side.
// A code is accepted only for a time step later than the last accepted one, so a used code cannot be replayed.
import { createHash, randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';

const PERIOD_SECONDS = 30;

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totp(secret: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'Parapet',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

export function totpUri(secret: string, label: string): string {
  return totp(secret, label).toString();
}

/** The code for a moment (tests and the enrolment check use it). */
export function totpCode(secret: string, at: Date): string {
  return totp(secret, 'x').generate({ timestamp: at.getTime() });
}

/**
 * Checks a code against the secret at `at`, one step of drift allowed. Returns the time step it matched, or
 * undefined; the caller must refuse a step that is not later than the last accepted one.
 */
export function matchTotp(secret: string, code: string, at: Date): number | undefined {
  const cleaned = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(cleaned)) return undefined;
  const delta = totp(secret, 'x').validate({ token: cleaned, timestamp: at.getTime(), window: 1 });
  if (delta === null) return undefined;
  return Math.floor(at.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten single-use recovery codes, about 60 bits each, shown once. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export function recoveryCodeHash(code: string): string {
  return createHash('sha256')
    .update(
      code
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9]/g, ''),
      'utf8',
    )
    .digest('hex');
}
