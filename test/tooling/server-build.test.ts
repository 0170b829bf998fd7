// bin/server-build.mjs builds the server's JavaScript from src/ when its inputs changed, refuses to bundle a package
// that would break beside the bundle, and makes the embedded database's empty-cluster template that
// src/db/pglite-template.ts looks for. Run on small stand-in source trees; the real build is run by every test
// under test/ops (they start bin/parapet.js).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { ensureServerBuild, pgliteTemplateFile as templateFileOfBuild, sourceHash } from '../../bin/server-build.mjs';
import { sql } from '../../src/db/database.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { pgliteTemplateFile } from '../../src/db/pglite-template.ts';
import { ROOT } from '../helpers/paths.ts';

type Build = (options: { root: string; force?: boolean; log?: (line: string) => void }) => Promise<string>;
const build = ensureServerBuild as Build;

const MAIN = `import { parentPort } from 'node:worker_threads';
const { answer } = await import('./answer.ts');
console.log('built main says', answer, typeof parentPort);
`;

async function standIn(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'parapet-server-build-'));
  await mkdir(path.join(root, 'bin'), { recursive: true });
  await writeFile(path.join(root, 'package-lock.json'), '{}\n');
  await writeFile(path.join(root, 'bin', 'server-build.mjs'), '// stand-in: hashed like the real one\n');
  await mkdir(path.join(root, 'node_modules'), { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
  return root;
}

describe('bin/server-build.mjs', () => {
  const roots: string[] = [];

  it('npm ci builds the server and the template (prepare), npm start runs the build', async () => {
    const { readFile } = await import('node:fs/promises');
    const { scripts } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.prepare).toBe('node bin/server-build.mjs');
    expect(scripts.start).toBe('node bin/parapet.js start');
    const bin = await readFile(path.join(ROOT, 'bin', 'parapet.js'), 'utf8');
    expect(bin).toContain('await ensureServerBuild()');
    expect(bin).toContain('await ensurePgliteTemplate()');
  });
  afterAll(async () => {
    for (const r of roots) await rm(r, { recursive: true, force: true });
  });

  it('builds dist/server-<hash> two levels down, runs it, and builds again only when a source changes', async () => {
    const root = await standIn({
      'src/cli/main.ts': MAIN,
      'src/cli/answer.ts': 'export const answer: number = 42;\n',
      'src/markdown/render-worker-main.ts': "export const worker = 'worker';\n",
    });
    roots.push(root);
    const logs: string[] = [];
    const log = (line: string) => logs.push(line);

    const main = await build({ root, log });
    expect(path.relative(root, main)).toBe(path.join('dist', `server-${sourceHash(root) as string}`, 'main.js'));
    expect(existsSync(path.join(path.dirname(main), 'render-worker.js'))).toBe(true); // beside the code that starts it
    const run = spawnSync(process.execPath, [main], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('built main says 42 object\n');
    expect(logs).toHaveLength(1);

    // Nothing changed: the same build, not built again.
    const before = (await stat(main)).mtimeMs;
    expect(await build({ root, log })).toBe(main);
    expect(logs).toHaveLength(1);
    expect((await stat(main)).mtimeMs).toBe(before);

    // A changed source: a new build under a new name.
    await writeFile(path.join(root, 'src/cli/answer.ts'), 'export const answer: number = 43;\n');
    const next = await build({ root, log });
    expect(next).not.toBe(main);
    expect(spawnSync(process.execPath, [next], { encoding: 'utf8' }).stdout).toBe('built main says 43 object\n');
    expect(logs).toHaveLength(2);
    // No temporary directories are left behind.
    expect((await readdir(path.join(root, 'dist'))).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('parallel builds of the same sources all end with one complete build', async () => {
    const root = await standIn({
      'src/cli/main.ts': "console.log('ok');\n",
      'src/markdown/render-worker-main.ts': 'export {};\n',
    });
    roots.push(root);
    const mains = await Promise.all([1, 2, 3].map(() => build({ root, log: () => {} })));
    expect(new Set(mains).size).toBe(1);
    expect(spawnSync(process.execPath, [mains[0]!], { encoding: 'utf8' }).stdout).toBe('ok\n');
  });

  it('refuses to bundle a package that reads files beside itself or import()s at run time, naming it', async () => {
    const root = await standIn({
      'src/cli/main.ts': "import beside from 'reads-beside-itself';\nimport later from 'imports-later';\nconsole.log(beside, later);\n",
      'src/markdown/render-worker-main.ts': 'export {};\n',
      'node_modules/reads-beside-itself/package.json': '{"name":"reads-beside-itself","main":"index.js"}',
      'node_modules/reads-beside-itself/index.js': "module.exports = require('path').join(__dirname, 'data.json');\n",
      'node_modules/imports-later/package.json': '{"name":"imports-later","main":"index.js"}',
      'node_modules/imports-later/index.js': "module.exports = () => import('./other.js');\n",
      'node_modules/imports-later/other.js': 'module.exports = 1;\n',
    });
    roots.push(root);
    const error = await build({ root, log: () => {} }).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(error?.message).toMatch(/add their packages to EXTERNAL_PACKAGES/);
    expect(error?.message).toContain('node_modules/reads-beside-itself/index.js');
    expect(error?.message).toContain('node_modules/imports-later/index.js');
    expect(existsSync(path.join(root, 'dist', `server-${sourceHash(root) as string}`))).toBe(false);
  });
});

describe('the empty-cluster template', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parapet-template-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('is the file the build makes, named by the installed PGlite', () => {
    expect(pgliteTemplateFile(ROOT)).toBe(templateFileOfBuild(ROOT));
    expect(path.basename(pgliteTemplateFile(ROOT))).toMatch(/^pglite-\d+\.\d+\.\d+\.tar\.gz$/);
  });

  // Each step opens a whole PostgreSQL cluster in WebAssembly (initdb takes seconds, more on a loaded machine):
  // one step per test, each with its own time limit.
  const SLOW = 180_000;
  const template = () => path.join(dir, 'template.tar.gz');
  const data = () => path.join(dir, 'data', 'pglite');

  it(
    'starts a new database from it, with owner-only files',
    async () => {
      // A template with a marker table shows which cluster a database came from.
      const { PGlite } = await import('@electric-sql/pglite');
      const pg = await PGlite.create();
      await pg.exec('CREATE TABLE from_template (x int)');
      await writeFile(template(), Buffer.from(await (await pg.dumpDataDir('gzip')).arrayBuffer()));
      await pg.close();

      const db = await openPglite(data(), { templateFile: template() });
      expect(await db.query(sql`SELECT count(*)::int AS n FROM from_template`)).toEqual([{ n: 0 }]);
      await db.exec('INSERT INTO from_template VALUES (1)');
      await db.close();
      const entries = (await readdir(data(), { recursive: true })).map((rel) => path.join(data(), rel));
      expect(entries.length).toBeGreaterThan(100);
      const openToOthers = [];
      for (const f of entries) if ((await stat(f)).mode & 0o077) openToOthers.push(f);
      expect(openToOthers).toEqual([]);
    },
    SLOW,
  );

  it(
    'never replaces an existing database: reopened with the template there, the row written before is kept',
    async () => {
      const again = await openPglite(data(), { templateFile: template() });
      expect(await again.query(sql`SELECT x FROM from_template`)).toEqual([{ x: 1 }]);
      await again.close();
    },
    SLOW,
  );

  it(
    'without a template, a new database runs initdb (no marker table)',
    async () => {
      const plain = await openPglite(path.join(dir, 'plain', 'pglite'), { templateFile: path.join(dir, 'missing.tar.gz') });
      expect(await plain.query(sql`SELECT to_regclass('from_template') AS t`)).toEqual([{ t: null }]);
      await plain.close();
    },
    SLOW,
  );
});
