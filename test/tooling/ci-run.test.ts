// .ci/run, with npm, npx, psql and the PostgreSQL tools replaced by stubs: it runs the type check and the linters
// after `npm ci`, counts a failed type check or lint as one failure each, and ends with the line "N passed, N failed".
import { spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';

const REPORT = (passed: number) =>
  JSON.stringify({ numPassedTests: passed, numFailedTests: 0, numTotalTests: passed, success: true, testResults: [] });
// A PGlite pass with one failed test, and one file that failed before any test ran.
const FAILED_REPORT = JSON.stringify({
  numPassedTests: 2,
  numFailedTests: 1,
  numTotalTests: 3,
  success: false,
  testResults: [
    {
      name: 'REPO/test/a.test.ts',
      status: 'failed',
      assertionResults: [
        { status: 'passed', fullName: 'a works' },
        { status: 'failed', fullName: 'a breaks' },
      ],
    },
    { name: 'REPO/test/b.test.ts', status: 'failed', message: 'Cannot find module x', assertionResults: [] },
  ],
});

// Each stub appends its command line to $STUB_LOG. `npm test` and the PostgreSQL pass write a Vitest-like report.
const STUBS: Record<string, string> = {
  npm: `echo "npm $*" >> "$STUB_LOG"
case "$*" in
  "run typecheck") exit "$STUB_TYPECHECK_EXIT" ;;
  "run lint") exit "$STUB_LINT_EXIT" ;;
  test) if [ "$STUB_TEST_FAILS" = 1 ]; then echo '${FAILED_REPORT}' | sed "s#REPO#$PWD#g" > "$PARAPET_TEST_REPORT"; else echo '${REPORT(3)}' > "$PARAPET_TEST_REPORT"; fi ;;
  "run test:db"*) echo '${REPORT(2)}' > "$PARAPET_TEST_REPORT" ;;
esac
exit 0`,
  npx: `echo "npx $*" >> "$STUB_LOG"; echo '${REPORT(2)}' > "$PARAPET_TEST_REPORT"; exit 0`,
  psql: 'echo "psql $*" >> "$STUB_LOG"; exit 0',
  pg_isready: 'exit 0',
  pg_ctlcluster: 'exit 0',
  'apt-get': 'exit 0',
  sudo: '"$@"',
};

interface Run {
  code: number | null;
  stdout: string;
  log: string[];
}

describe('.ci/run', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parapet-ci-'));
    await mkdir(path.join(dir, 'repo', '.ci'), { recursive: true });
    await mkdir(path.join(dir, 'bin'));
    await copyFile(path.join(ROOT, '.ci', 'run'), path.join(dir, 'repo', '.ci', 'run'));
    for (const [name, body] of Object.entries(STUBS)) {
      await writeFile(path.join(dir, 'bin', name), `#!/usr/bin/env bash\n${body}\n`);
      await chmod(path.join(dir, 'bin', name), 0o755);
    }
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  async function run(typecheckExit: number, lintExit = 0, testFails = false): Promise<Run> {
    const log = path.join(dir, `log-${typecheckExit}-${lintExit}-${testFails}`);
    await writeFile(log, '');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
      STUB_LOG: log,
      STUB_TYPECHECK_EXIT: String(typecheckExit),
      STUB_LINT_EXIT: String(lintExit),
      STUB_TEST_FAILS: testFails ? '1' : '0',
    };
    delete env.PARAPET_TEST_REPORT;
    delete env.TEST_DATABASE_URL;
    return new Promise((resolve, reject) => {
      const child = spawn('bash', [path.join(dir, 'repo', '.ci', 'run')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        readFile(log, 'utf8').then((text) => resolve({ code, stdout, log: text.trim().split('\n') }), reject);
      });
    });
  }

  it('runs npm run typecheck and npm run lint after npm ci and before npm test, and the PostgreSQL pass through npm run test:db', async () => {
    const { code, stdout, log } = await run(0);
    expect(log.filter((l) => l.startsWith('npm '))).toEqual(['npm ci', 'npm run typecheck', 'npm run lint', 'npm test', 'npm run test:db']);
    expect(stdout.trim().split('\n').at(-1)).toBe('5 passed, 0 failed');
    expect(code).toBe(0);
  });

  it('counts a failed type check as one failure and fails', async () => {
    const { code, stdout } = await run(2);
    expect(stdout.trim().split('\n').at(-1)).toBe('5 passed, 1 failed');
    expect(code).not.toBe(0);
  });

  it('counts a failed lint as one failure and fails', async () => {
    const { code, stdout } = await run(0, 1);
    expect(stdout).toContain('(lint failed or did not run; counted as 1 failure)');
    expect(stdout.trim().split('\n').at(-1)).toBe('5 passed, 1 failed');
    expect(code).not.toBe(0);
  });

  it('names each failed test, and each file that failed without a test, just before the last line', async () => {
    const { code, stdout } = await run(0, 0, true);
    const lines = stdout.trim().split('\n');
    expect(lines.slice(-3)).toEqual([
      'FAILED (pglite) test/a.test.ts > a breaks',
      'FAILED (pglite) test/b.test.ts: Cannot find module x',
      '4 passed, 1 failed',
    ]);
    expect(code).not.toBe(0);
  });

  it('the lint script runs ESLint on the whole tree and Prettier in check mode', async () => {
    const { scripts } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    // No --cache: a type-aware rule's answer depends on other files, which ESLint's cache does not track.
    expect(scripts.lint).toBe('eslint . && prettier --check .');
  });
});
