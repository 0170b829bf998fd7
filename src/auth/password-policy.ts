// Password rules (seed 004 "Brute force attacks" and ASVS V6.2). Every rejection says why.
// - length: at least `minLength` (default 12) and up to 1024 characters, counted after NFKC normalisation;
//   every Unicode character is allowed and nothing is truncated (argon2 hashes the whole string);
// - not on the common-password list (see common-passwords.ts);
// - not containing the username or the e-mail address;
// - zxcvbn-ts strength score of at least 3;
// - optionally, seed 004's composition rules (upper and lower case, digits and letters).
import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { isCommonPassword } from './common-passwords.ts';
import type { SecuritySettings } from '../settings/security-settings.ts';
import { codePointCount } from '../shared/text.ts';
import { normalisePassword } from './passwords.ts';

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  composition: boolean;
  minScore: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 12, maxLength: 1024, composition: false, minScore: 3 };

/** The policy the installation's settings ask for. */
export function passwordPolicyOf(settings: Pick<SecuritySettings, 'passwordMinLength' | 'passwordComposition'>): PasswordPolicy {
  return { ...DEFAULT_PASSWORD_POLICY, minLength: settings.passwordMinLength, composition: settings.passwordComposition };
}

const require = createRequire(import.meta.url);

// zxcvbn and its dictionaries (unpacked when their packages load, about 1 s of CPU) are loaded on the first
// check, not when the server starts.
let zxcvbn: ZxcvbnFactory | undefined;
function strength(password: string, userInputs: string[]) {
  if (!zxcvbn) {
    const { ZxcvbnFactory: Factory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    const en = require('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
    zxcvbn = new Factory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
  }
  // zxcvbn's cost grows with length; the first 256 characters decide its score.
  return zxcvbn.check(password.slice(0, 256), userInputs);
}

/** Returns the reasons the password is refused; an empty list means it is accepted. */
export function checkPassword(
  password: string,
  context: { username?: string; email?: string | null },
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): string[] {
  const reasons: string[] = [];
  const normalised = normalisePassword(password);
  const length = codePointCount(normalised);
  if (length < policy.minLength) reasons.push(`It must be at least ${policy.minLength} characters long (it has ${length}).`);
  if (length > policy.maxLength) reasons.push(`It must be at most ${policy.maxLength} characters long.`);
  if (length === 0) return reasons;
  const lower = normalised.toLowerCase();
  if (isCommonPassword(normalised)) reasons.push('It is on a list of commonly used passwords that attackers try first.');
  const username = context.username?.normalize('NFKC').toLowerCase();
  if (username && username.length >= 3 && lower.includes(username)) reasons.push('It must not contain your username.');
  const email = context.email?.normalize('NFKC').toLowerCase();
  const local = email?.split('@')[0];
  if (email && (lower.includes(email) || (local && local.length >= 3 && lower.includes(local)))) {
    reasons.push('It must not contain your e-mail address.');
  }
  if (policy.composition) {
    if (!/\p{Lu}/u.test(normalised) || !/\p{Ll}/u.test(normalised)) reasons.push('It must contain both upper-case and lower-case letters.');
    if (!/\p{Nd}/u.test(normalised) || !/\p{L}/u.test(normalised)) reasons.push('It must contain both digits and letters.');
  }
  if (reasons.length === 0 && length <= policy.maxLength) {
    const result = strength(
      normalised,
      [context.username, context.email].filter((x): x is string => Boolean(x)),
    );
    if (result.score < policy.minScore) {
      const hint = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
      reasons.push(
        `It is too easy to guess (strength ${result.score} of 4; at least ${policy.minScore} is needed).${hint ? ` ${hint}` : ''}`,
      );
    }
  }
  return reasons;
}
