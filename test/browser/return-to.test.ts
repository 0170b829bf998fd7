// safeReturnTo(): redirect targets after sign-in accept only same-origin relative paths. Pure function
// tests (no browser, no server).
import { describe, expect, it } from 'vitest';
import { safeReturnTo, signInPathFor, withReturnTo } from '../../web/src/features/auth/returnTo.ts';

describe('safeReturnTo', () => {
  it.each([
    ['/', '/'],
    ['/admin/users', '/admin/users'],
    ['/admin/groups/12', '/admin/groups/12'],
    ['/admin/users?q=alice&offset=50', '/admin/users?q=alice&offset=50'],
    ['/account#sessions', '/account#sessions'],
    ['/search?q=a%20b', '/search?q=a%20b'],
    ['/a/./b/../c', '/a/c'],
    ['/javascript:alert(1)', '/javascript:alert(1)'],
    ['/caf%C3%A9', '/caf%C3%A9'],
  ])('keeps the same-origin path %j', (raw, expected) => {
    expect(safeReturnTo(raw)).toBe(expected);
  });

  it.each([
    // other origins
    'https://evil.example',
    'https://evil.example/admin',
    'http://evil.example',
    'HTTPS://evil.example',
    'ftp://evil.example',
    'evil.example',
    'admin/users',
    // protocol-relative and backslash forms that browsers read as another host
    '//evil.example',
    '//evil.example/path',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '\\/evil.example',
    '/\\/evil.example',
    '/.//evil.example',
    '/x/..//evil.example',
    // scripts and data
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    // white space and control characters the URL parser drops
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    ' //evil.example',
    '\t//evil.example',
    '/\u0000/evil.example',
    // percent-encoded variants
    '%2F%2Fevil.example',
    '/%2Fevil.example',
    '/%2F/evil.example',
    '%2f%2fevil.example',
    '/%5Cevil.example',
    '/%5cevil.example',
    '/%09/evil.example',
    '/%252Fevil.example',
    '/%25252Fevil.example',
    '/%2525252Fevil.example',
    '%6A%61%76%61%73%63%72%69%70%74:alert(1)',
    'https%3A%2F%2Fevil.example',
    // malformed encoding, empty and odd input
    '/%E0%A4%A',
    '/%',
    '',
  ])('refuses %j', (raw) => {
    expect(safeReturnTo(raw)).toBe('/');
  });

  it('refuses values that are not strings, and overlong ones', () => {
    expect(safeReturnTo(undefined)).toBe('/');
    expect(safeReturnTo(null)).toBe('/');
    expect(safeReturnTo(42)).toBe('/');
    expect(safeReturnTo(['/admin'])).toBe('/');
    expect(safeReturnTo(`/${'a'.repeat(2000)}`)).toBe('/');
  });

  it('uses the given fallback, and avoids the listed paths', () => {
    expect(safeReturnTo('//evil.example', '/account')).toBe('/account');
    expect(safeReturnTo('/sign-in', '/', ['/sign-in'])).toBe('/');
    expect(safeReturnTo('/sign-in?returnTo=%2Fadmin', '/', ['/sign-in'])).toBe('/');
    expect(safeReturnTo('/admin', '/', ['/sign-in'])).toBe('/admin');
  });
});

describe('signInPathFor', () => {
  it('carries a safe path in returnTo, and drops an unsafe or trivial one', () => {
    expect(signInPathFor('/admin/users?q=x')).toBe('/sign-in?returnTo=%2Fadmin%2Fusers%3Fq%3Dx');
    expect(signInPathFor('/')).toBe('/sign-in');
    expect(signInPathFor('//evil.example')).toBe('/sign-in');
  });

  it('round-trips through URLSearchParams and safeReturnTo', () => {
    const link = signInPathFor('/admin/groups/7?tab=members#top');
    const raw = new URL(link, 'http://127.0.0.1').searchParams.get('returnTo');
    expect(safeReturnTo(raw)).toBe('/admin/groups/7?tab=members#top');
  });
});

describe('withReturnTo', () => {
  it('never returns to a sign-in step, and drops unsafe targets', () => {
    expect(withReturnTo('/choose-password', '/admin/users')).toBe('/choose-password?returnTo=%2Fadmin%2Fusers');
    expect(withReturnTo('/choose-password', '/sign-in?returnTo=%2Fadmin')).toBe('/choose-password');
    expect(withReturnTo('/choose-password', '/sign-in/second-factor')).toBe('/choose-password');
    expect(withReturnTo('/sign-in/second-factor', '/set-up-second-factor')).toBe('/sign-in/second-factor');
    expect(withReturnTo('/sign-in', 'https://evil.example/')).toBe('/sign-in');
    expect(withReturnTo('/sign-in', null)).toBe('/sign-in');
  });
});
