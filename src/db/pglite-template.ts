// The empty database cluster a new embedded database starts from. PostgreSQL's initdb costs 3–5 s inside PGlite,
// and every new data directory would pay it on its first start; `npm ci` (the `prepare` script) and every
// `parapet` command that builds the server make the cluster once per PGlite version instead
// (bin/server-build.mjs, `dist/pglite-<version>.tar.gz`), and a new data directory is unpacked from it
// (under a second). It holds nothing of an installation: it is what initdb writes, before any migration.
// Without the file (a checkout that was never built), initdb runs as before.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The installed PGlite's version (its package does not export package.json, so it is read beside its code). */
export function pgliteVersion(): string {
  const wasm = createRequire(import.meta.url).resolve('@electric-sql/pglite/pglite.wasm');
  const manifest = path.join(path.dirname(path.dirname(wasm)), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** Where bin/server-build.mjs writes the cluster template for the installed PGlite. */
export function pgliteTemplateFile(root = ROOT): string {
  return path.join(root, 'dist', `pglite-${pgliteVersion()}.tar.gz`);
}

/** True when `dir` holds no database cluster yet (PostgreSQL writes PG_VERSION first). */
export function isNewCluster(dir: string): boolean {
  return !existsSync(path.join(dir, 'PG_VERSION'));
}

/** The template for a new cluster in `dir`, or undefined (an existing cluster, or no template built). */
export function templateFor(dir: string, file = pgliteTemplateFile()): Blob | undefined {
  if (!isNewCluster(dir) || !existsSync(file)) return undefined;
  return new Blob([readFileSync(file)]);
}
