import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONFORMANCE = path.resolve(ROOT, '../shared/conformance');
export const TEMPLATE_DUMP = path.join(ROOT, '.tmp', 'pglite-template.tar');

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
