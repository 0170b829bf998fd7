// The common-password list: the passwords that attackers try first, from maintained npm packages (no network
// at run time). Loaded lazily once, lower-cased and NFKC-normalised into one Set.
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';

let list: Set<string> | undefined;

function load(): Set<string> {
  const set = new Set<string>();
  const add = (p: string) => set.add(p.normalize('NFKC').toLowerCase());
  for (const p of (zxcvbnCommon.dictionary as Record<string, string[]>)['passwords-common'] ?? []) add(p);
  return set;
}

export function commonPasswordList(): Set<string> {
  list ??= load();
  return list;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswordList().has(password.normalize('NFKC').toLowerCase());
}
