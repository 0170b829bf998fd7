// Cleaning and checking report input: free text, e-mail addresses, dates, CWE ids, CVSS vectors, PGP keys.
// Each failure is a field error that says what to give instead.
import { fieldError } from '../../errors/catalog.ts';
import { readPublicKey } from '../../pgp/index.ts';
import { cweName } from './cwe.ts';
import { scoreReportVector, type ReportScore } from './scoring.ts';

export { FOUND_BY } from '../../shared/report-vocabulary.ts';

// PostgreSQL text cannot hold NUL; every other character (form feeds, ANSI escapes in pasted terminal output)
// is kept as written and shown as text.
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/u;

/** Multi-line text: NFC, line breaks normalised, within a length, without NUL characters. */
export function cleanText(field: string, value: string, max: number, opts: { required?: boolean } = {}): string {
  const text = value.normalize('NFC').replace(/\r\n?/g, '\n');
  if (opts.required && text.trim() === '') throw fieldError(field, 'must not be empty.');
  if (text.length > max) throw fieldError(field, `must be at most ${max} characters long (it has ${text.length}).`);
  if (NUL.test(text)) throw fieldError(field, 'must not contain NUL characters (\\0); remove them or attach the text as a file.');
  return text.trim() === '' ? '' : text;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]{1,253}\.[^\s@<>()[\]\\,;:".]{2,63}$/u;

export function cleanEmail(field: string, value: string): string {
  const email = value.trim();
  if (email.length > 254 || !EMAIL.test(email)) throw fieldError(field, 'must be an e-mail address such as name@example.org.');
  return email;
}

/** A calendar date YYYY-MM-DD, today or later. */
export function cleanDate(field: string, value: string, now: Date, opts: { allowPast?: boolean } = {}): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.toISOString().slice(0, 10) !== value.trim())
    throw fieldError(field, 'must be a date written YYYY-MM-DD, such as 2027-03-31.');
  if (!opts.allowPast && value.trim() < now.toISOString().slice(0, 10)) throw fieldError(field, 'must not be in the past.');
  if (Number(m[1]) > now.getUTCFullYear() + 5) throw fieldError(field, 'must be within the next five years.');
  return value.trim();
}

export function cleanCwe(field: string, id: number): number {
  if (!Number.isInteger(id) || cweName(id) === undefined) {
    throw fieldError(field, `CWE-${id} is not in the CWE catalogue; give the number of a CWE weakness, such as 79 for CWE-79.`);
  }
  return id;
}

export function scoreForReport(field: string, vector: string): ReportScore {
  return scoreReportVector(field, vector);
}

/** A reporter's OpenPGP public key, checked and normalised (mail to the reporter is encrypted to it). */
export async function cleanPgpKey(field: string, armored: string, now?: Date): Promise<string> {
  const key = await readPublicKey(armored, { field, now });
  return key.armored;
}

const CVE = /^CVE-\d{4}-\d{4,19}$/;

export function cleanCve(field: string, value: string): string {
  const id = value.trim().toUpperCase();
  if (!CVE.test(id)) throw fieldError(field, 'must be a CVE ID such as CVE-2026-12345.');
  return id;
}
