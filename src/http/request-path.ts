// The path a request is routed on. The raw request target (request.url) need not be the path the router
// matched: it may be in absolute form ("GET http://host/api/users HTTP/1.1", RFC 9112 §3.2.2) or
// percent-encoded ("/%61pi/users"), and Fastify's router takes the path out of the first and decodes the
// second. Every guard and hook decides on these functions, never on request.url.
import type { FastifyRequest } from 'fastify';

/** The request target without scheme and authority, when it is in absolute form (as the router reads it). */
function withoutAuthority(target: string): string {
  if (target.startsWith('/')) return target;
  const m = /^https?:\/\/[^/?#]*/i.exec(target);
  if (!m) return target;
  const rest = target.slice(m[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** The request target in origin form: path and query, always starting with "/" (for redirects). */
export function originForm(target: string): string {
  const t = withoutAuthority(target);
  // "//host/x" would be read as another host by a browser following a redirect.
  return t.startsWith('/') && !t.startsWith('//') ? t : '/';
}

/** The decoded path of a request target, without query (what the router matches against). */
export function decodedPath(target: string): string {
  const path = withoutAuthority(target).split(/[?#]/, 1)[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * The path the request was routed on: the matched route's pattern (such as "/api/users/:id"), or the
 * decoded path when no route matched (404s, the web UI's pages).
 */
export function routedPath(request: FastifyRequest): string {
  return request.routeOptions.url ?? decodedPath(request.url);
}

export const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');
