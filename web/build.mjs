// Builds the web UI into web/dist when its sources changed since the last build (`parapet start` checks in its
// own process; `npm test` runs this file); `--force` always builds (`npm run build:web`). Plain JavaScript.
//
// The sources are everything the build reads from the repository: web/index.html, web/vite.config.ts,
// web/src/**, web/public/**, src/shared/** (the values the server and the web share), and package-lock.json
// (the versions of React, Vite and the rest). The web imports only types from the rest of src/, which the
// build erases. Their SHA-256
// (paths and contents), with NODE_ENV, is written to web/dist/.build-stamp after a successful build; Vite
// empties web/dist first, so an interrupted build leaves no stamp and the next start builds again.
// PARAPET_VITE_BIN names another Vite command line (the tests use a stand-in).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(WEB);
const DIST = path.join(WEB, 'dist');
const STAMP = path.join(DIST, '.build-stamp');

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

function sourceHash() {
  const inputs = [
    path.join(WEB, 'index.html'),
    path.join(WEB, 'vite.config.ts'),
    path.join(ROOT, 'package-lock.json'),
    ...files(path.join(WEB, 'src')),
    ...files(path.join(WEB, 'public')),
    ...files(path.join(ROOT, 'src', 'shared')),
  ]
    .filter((f) => existsSync(f))
    .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
    .sort();
  const hash = createHash('sha256').update(`NODE_ENV=${process.env.NODE_ENV ?? ''}\0`);
  for (const rel of inputs)
    hash
      .update(rel)
      .update('\0')
      .update(readFileSync(path.join(ROOT, rel)))
      .update('\0');
  return hash.digest('hex');
}

function builtHash() {
  try {
    return existsSync(path.join(DIST, 'index.html')) ? JSON.parse(readFileSync(STAMP, 'utf8')).sources : undefined;
  } catch {
    return undefined;
  }
}

function viteBin() {
  if (process.env.PARAPET_VITE_BIN) return process.env.PARAPET_VITE_BIN;
  try {
    const manifest = createRequire(path.join(ROOT, 'package.json')).resolve('vite/package.json');
    const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
    return path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin.vite);
  } catch {
    console.error(
      'web/build.mjs: the web UI must be built, but Vite is not installed (run npm ci, which installs the development dependencies).',
    );
    return undefined;
  }
}

/**
 * Builds web/dist when its sources changed (always with force). Returns 0, or the failed build's exit status
 * (1 when Vite is not installed); what went wrong is on stderr. `quiet`: say nothing when there is nothing to do.
 */
export function ensureWebBuild({ force = false, quiet = false } = {}) {
  const sources = sourceHash();
  if (!force && builtHash() === sources) {
    if (!quiet) console.error('web UI: web/dist is up to date with its sources; not rebuilt.');
    return 0;
  }
  const bin = viteBin();
  if (!bin) return 1;
  const build = spawnSync(process.execPath, [bin, 'build', '--config', path.join(WEB, 'vite.config.ts')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) return build.status ?? 1;
  writeFileSync(STAMP, `${JSON.stringify({ sources, builtAt: new Date().toISOString() })}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const status = ensureWebBuild({ force: process.argv.includes('--force') });
  if (status !== 0) process.exit(status);
}
