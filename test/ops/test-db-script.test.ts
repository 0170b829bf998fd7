// `npm run test:db` runs the database-backed tests on PostgreSQL (TEST_DATABASE_URL, default the local server).
// Run only in the PostgreSQL pass (vitest.config.ts): it needs a PostgreSQL server.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';

interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { assertionResults: { fullName: string; status: string }[] }[];
}

describe('npm run test:db', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs the named test file on PostgreSQL', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parapet-test-db-'));
    const report = path.join(dir, 'report.json');
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries({ ...process.env, PARAPET_TEST_REPORT: report }).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS'),
    );
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn('npm', ['run', 'test:db', '--', 'test/smoke.test.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
      child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
      child.on('error', reject);
      child.on('close', resolve);
    });
    expect(code, output.join('')).toBe(0);
    const result = JSON.parse(await readFile(report, 'utf8')) as JsonReport;
    const names = result.testResults.flatMap((f) => f.assertionResults.map((a) => a.fullName));
    expect(result.numFailedTests).toBe(0);
    expect(result.numPassedTests).toBeGreaterThan(0);
    expect(names.every((n) => n.startsWith('smoke (postgres)'))).toBe(true);
  }, 300_000);
});
