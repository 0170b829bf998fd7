// The rule for usernames, shared by the user service and the configuration (the first administrator's name).
import { fieldError } from '../../errors/catalog.ts';
import { cleanName } from '../names.ts';

export const USERNAME_MAX = 64;
const USERNAME_PATTERN = /^[\p{L}\p{N}._@-]+$/u;

/** The username as stored (NFC, trimmed), or a field error for `username`. */
export function cleanUsername(value: string): string {
  const { name } = cleanName('username', value, USERNAME_MAX);
  if (!USERNAME_PATTERN.test(name)) {
    throw fieldError('username', 'may contain letters, digits and . _ @ - only (no spaces).');
  }
  return name;
}
