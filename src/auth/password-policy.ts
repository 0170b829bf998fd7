// Password rules. Every rejection says why, in words a person understands.
import { normalisePassword } from './passwords.ts';

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 12, maxLength: 1024 };

/** Returns the reasons the password is refused; an empty list means it is accepted. */
export function checkPassword(
  password: string,
  context: { username?: string; email?: string | null },
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): string[] {
  const reasons: string[] = [];
  const normalised = normalisePassword(password);
  const length = [...normalised].length;
  if (length < policy.minLength) reasons.push(`It must be at least ${policy.minLength} characters long (it has ${length}).`);
  if (length > policy.maxLength) reasons.push(`It must be at most ${policy.maxLength} characters long.`);
  const lower = normalised.toLowerCase();
  const username = context.username?.normalize('NFKC').toLowerCase();
  if (username && username.length >= 3 && lower.includes(username)) reasons.push('It must not contain your username.');
  const local = context.email?.normalize('NFKC').toLowerCase().split('@')[0];
  if (local && local.length >= 3 && lower.includes(local)) reasons.push('It must not contain your e-mail address.');
  return reasons;
}
