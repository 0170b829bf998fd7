// Names of things people create (groups, pages, users): any Unicode text, trimmed, within a length, without
// control characters. The key used for uniqueness is NFKC-normalised and lower-cased.
import { fieldError } from '../errors/catalog.ts';
import { codePointCount } from '../shared/text.ts';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
// Invisible format characters (zero-width spaces, bidirectional overrides...) would let two names look the
// same or a name look like something else. Zero-width (non-)joiners are kept: some scripts need them.
const INVISIBLE = /(?![\u200c\u200d])\p{Cf}/u;

export function cleanName(field: string, value: string, max: number): { name: string; key: string } {
  const name = value.normalize('NFC').trim();
  if (name === '') throw fieldError(field, 'must not be empty.');
  const length = codePointCount(name);
  if (length > max) throw fieldError(field, `must be at most ${max} characters long (it has ${length}).`);
  if (CONTROL.test(name)) throw fieldError(field, 'must not contain control characters or line breaks.');
  if (INVISIBLE.test(name))
    throw fieldError(field, 'must not contain invisible formatting characters (such as zero-width spaces or direction overrides).');
  return { name, key: name.normalize('NFKC').toLowerCase() };
}
