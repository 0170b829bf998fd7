// Where to go after signing in (or another step): only a path inside this application. A `returnTo`
// value comes from the address bar, so anyone can craft it; anything that could leave the origin — an
// absolute URL, a protocol-relative `//host`, a backslash form browsers read as `//host`, a `javascript:`
// URL, control characters the URL parser drops, or any of these percent-encoded — gives the fallback.

const BASE = 'https://parapet.invalid';
/** How many rounds of percent-decoding are checked (catches double and triple encoding). */
const DECODE_ROUNDS = 3;
const MAX_LENGTH = 2000;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/u;

function looksSafe(path: string): boolean {
  if (!path.startsWith('/')) return false;
  if (path.startsWith('//')) return false;
  // Browsers treat "\" like "/" in http(s) URLs, so "/\evil.example" means "//evil.example".
  if (path.includes('\\')) return false;
  // Tabs and newlines are removed by the URL parser ("/\t/evil" becomes "//evil"): no control characters.
  if (CONTROL.test(path)) return false;
  return true;
}

/**
 * `raw` when it is a same-origin relative path ("/admin/users?q=x#top"), normalised; otherwise `fallback`.
 * `avoid` lists paths that must not be returned to (such as the sign-in page itself).
 */
export function safeReturnTo(raw: unknown, fallback = '/', avoid: readonly string[] = []): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return fallback;
  // A real path has its spaces percent-encoded; leading or embedded white space is a trick.
  if (/\s/u.test(raw)) return fallback;
  let decoded = raw;
  let settled = false;
  for (let round = 0; round <= DECODE_ROUNDS && !settled; round++) {
    if (!looksSafe(decoded)) return fallback;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return fallback; // malformed percent-encoding
    }
    settled = next === decoded;
    decoded = next;
  }
  if (!settled) return fallback; // encoded more deeply than any real link
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  if (avoid.includes(url.pathname)) return fallback;
  const result = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can still produce "//host" ("/.//evil.example" resolves to the path "//evil.example").
  return looksSafe(result) ? result : fallback;
}

/** Pages of the sign-in steps: never a place to return to after them. */
export const STEP_PATHS = ['/sign-in', '/sign-in/second-factor', '/choose-password', '/set-up-second-factor'] as const;

/** `path?returnTo=from` when `from` is a safe path worth returning to (not "/", not a sign-in step). */
export function withReturnTo(path: string, from: string | null | undefined): string {
  const target = safeReturnTo(from, '/', STEP_PATHS);
  return target === '/' ? path : `${path}?returnTo=${encodeURIComponent(target)}`;
}

/** A sign-in address that returns to `path` afterwards ("/" needs no returnTo). */
export function signInPathFor(path: string): string {
  return withReturnTo('/sign-in', path);
}
