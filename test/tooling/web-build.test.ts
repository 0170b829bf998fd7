// web/build.mjs (run by `npm start` and `npm test`) builds the web UI only when its sources changed since the
// last build. Run on a copy of the web sources with a stand-in for Vite that records each build.
import { spawn } from 'node:child_process';
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';

// Like `vite build`: empties web/dist, writes index.html. Fails when FAKE_VITE_FAIL is set.
const FAKE_VITE = `import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
const dist = path.join(process.cwd(), 'web', 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
appendFileSync(process.env.FAKE_VITE_LOG, process.argv.slice(2).join(' ') + '\\n');
if (process.env.FAKE_VITE_FAIL) process.exit(3);
writeFileSync(path.join(dist, 'index.html'), '<!doctype html>');
`;

describe('web/build.mjs', () => {
  let root: string;
  let log: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'parapet-web-build-'));
    for (const rel of ['web/build.mjs', 'web/index.html', 'web/vite.config.ts', 'web/src', 'web/public', 'package-lock.json']) {
      await cp(path.join(ROOT, rel), path.join(root, rel), { recursive: true });
    }
    await writeFile(path.join(root, 'fake-vite.mjs'), FAKE_VITE);
    log = path.join(root, 'builds.log');
    await writeFile(log, '');
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  function run(args: string[] = [], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(root, 'web', 'build.mjs'), ...args], {
        cwd: root,
        env: { ...process.env, PARAPET_VITE_BIN: path.join(root, 'fake-vite.mjs'), FAKE_VITE_LOG: log, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
  }
  const builds = async () => (await readFile(log, 'utf8')).split('\n').filter(Boolean).length;
  const UP_TO_DATE = 'web UI: web/dist is up to date with its sources; not rebuilt.\n';

  it('npm start (through `parapet start`) and npm test build through it; npm run build:web always builds', async () => {
    const { scripts } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe('node bin/parapet.js start');
    // `parapet start` in a source checkout calls ensureWebBuild before it starts the server.
    const bin = await readFile(path.join(ROOT, 'bin', 'parapet.js'), 'utf8');
    expect(bin).toMatch(/process\.argv\[2\] === 'start'[^\n]*web\/src/);
    expect(bin).toMatch(/await import\('\.\.\/web\/build\.mjs'\)[\s\S]*ensureWebBuild\(\{ quiet: true \}\)/);
    expect(scripts.test).toMatch(/^node web\/build\.mjs && /);
    expect(scripts['build:web']).toBe('node web/build.mjs --force');
  });

  it('builds when there is no build, then not again while nothing changed', async () => {
    expect(await run()).toEqual({ code: 0, stderr: '' });
    expect(await builds()).toBe(1);
    expect(await readFile(log, 'utf8')).toBe(`build --config ${path.join(root, 'web', 'vite.config.ts')}\n`);
    expect(await run()).toEqual({ code: 0, stderr: UP_TO_DATE });
    expect(await run()).toEqual({ code: 0, stderr: UP_TO_DATE });
    expect(await builds()).toBe(1);
  });

  it('builds again after a source file, the lockfile or the output changed, and with --force', async () => {
    await appendFile(path.join(root, 'web', 'src', 'App.tsx'), '\n// changed\n');
    expect((await run()).code).toBe(0);
    expect(await builds()).toBe(2);
    expect((await run()).stderr).toBe(UP_TO_DATE);
    await appendFile(path.join(root, 'package-lock.json'), '\n');
    expect((await run()).code).toBe(0);
    expect(await builds()).toBe(3);
    await rm(path.join(root, 'web', 'dist', 'index.html'));
    expect((await run()).code).toBe(0);
    expect(await builds()).toBe(4);
    expect((await run(['--force'])).code).toBe(0);
    expect(await builds()).toBe(5);
    expect((await run()).stderr).toBe(UP_TO_DATE);
  });

  it('a failed build leaves no stamp: the next start builds again', async () => {
    await writeFile(path.join(root, 'web', 'src', 'new-file.ts'), 'export const x = 1;\n');
    expect((await run([], { FAKE_VITE_FAIL: '1' })).code).toBe(3);
    expect(existsSync(path.join(root, 'web', 'dist', '.build-stamp'))).toBe(false);
    expect((await run()).code).toBe(0);
    expect(await builds()).toBe(7);
    expect((await run()).stderr).toBe(UP_TO_DATE);
  });
});
