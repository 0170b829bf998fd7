// `parapet cvss`, run as a child process: one vector as an argument, and --jsonl over stdin (same order, an
// { "error" } line for each invalid vector, never a crash), plus usage errors.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreVectorOrError } from '../../src/cvss/index.ts';
import { ROOT } from '../helpers/paths.ts';
import { readRows } from './conformance.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function parapet(args: string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'parapet.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const lines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('parapet cvss', () => {
  it('prints one JSON object for a vector', async () => {
    const v31 = await parapet(['cvss', 'CVSS:3.1/AC:L/AV:N/PR:N/UI:N/S:U/C:H/I:H/A:H']);
    expect(v31.code).toBe(0);
    expect(v31.stderr).toBe('');
    expect(v31.stdout).toBe(
      '{"version":"3.1","vector":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","base":9.8,"temporal":9.8,"environmental":9.8,"severity":"Critical"}\n',
    );
    const v4 = await parapet(['cvss', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U']);
    expect(JSON.parse(v4.stdout)).toEqual({
      version: '4.0',
      vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U',
      score: 8.1,
      nomenclature: 'CVSS-BT',
      severity: 'High',
      macrovector: '000220',
    });
    const v2 = await parapet(['cvss', '(AV:N/AC:L/Au:N/C:P/I:P/A:P/E:F)']);
    expect(JSON.parse(v2.stdout)).toEqual({
      version: '2.0',
      vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P/E:F',
      base: 7.5,
      temporal: 7.1,
      environmental: 7.1,
      severity: 'High',
    });
  });

  it('prints { "error" } and exits 1 for an invalid vector', async () => {
    const run = await parapet(['cvss', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ error: 'The CVSS vector ends with "/": remove the trailing slash.' });
    expect(run.stderr).toBe('');
  });

  it('--jsonl scores one vector a line from stdin, in order, with an error object for each invalid line', async () => {
    const input = [
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      'not a vector',
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      '',
      'AV:N/AC:L/Au:N/C:P/I:P/A:P',
      'cvss:3.1/av:n/ac:l/pr:n/ui:n/s:u/c:h/i:h/a:h',
      'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    ];
    const run = await parapet(['cvss', '--jsonl'], `${input.join('\r\n')}\r\n`);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const out = lines(run.stdout);
    expect(out).toHaveLength(input.length);
    expect(out.map((o) => o.error ?? `${o.version} ${o.base ?? o.score}`)).toEqual([
      '3.1 9.8',
      'The CVSS vector contains whitespace (at character 4); write it without spaces or line breaks.',
      '4.0 9.3',
      'The CVSS vector is empty.',
      '2.0 7.5',
      'The prefix must be written in upper case: "CVSS:3.1/".',
      '3.0 9.8',
    ]);
  });

  it('--jsonl gives the same objects as scoreVector for 3,000 lines of mixed versions and faults', async () => {
    const pick = (file: string, n: number) =>
      readRows(file)
        .slice(0, n)
        .map((r) => r.vector);
    const vectors = [...pick('cvss31_vectors.jsonl', 800), ...pick('cvss40_vectors.jsonl', 800), ...pick('cvss2_vectors.jsonl', 800)];
    const input = vectors.flatMap((v, i) => (i % 4 === 0 ? [v, `${v}/`] : [v]));
    expect(input).toHaveLength(3000);
    const run = await parapet(['cvss', '--jsonl'], `${input.join('\n')}\n`);
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out).toEqual(input.map((v) => JSON.parse(JSON.stringify(scoreVectorOrError(v)))));
    expect(out.filter((o) => 'error' in o)).toHaveLength(600);
  });

  it('needs a vector, or --jsonl and no vector', async () => {
    const none = await parapet(['cvss']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('"cvss" needs VECTOR.');
    const both = await parapet(['cvss', '--jsonl', 'CVSS:3.1/AV:N']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('"cvss --jsonl" takes no arguments');
    const help = await parapet(['--help']);
    expect(help.stdout).toMatch(/^ {2}cvss VECTOR \[--jsonl\] +score a CVSS/m);
  });
});
