// The README's configuration table lists exactly the environment variables the server and the `parapet`
// command read (every `process.env.NAME` and `env.NAME` in src/ and bin/), and starts with the two commands a
// newcomer runs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.(ts|js|mjs)$/.test(name) ? [full] : [];
  });
}

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** Variable names read in the code: process.env.NAME, process.env['NAME'], and env.NAME (loadConfig's env). */
function variablesRead(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of [...files(path.join(ROOT, 'src')), ...files(path.join(ROOT, 'bin'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:process\.)?env(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g)) {
      const name = m[1] ?? m[2]!;
      found.set(name, [...(found.get(name) ?? []), path.relative(ROOT, file)]);
    }
    // Any other way of reading the environment would escape this check.
    expect(text, path.relative(ROOT, file)).not.toMatch(/process\.env\[(?!['"])/);
  }
  return found;
}

/** Variable names in the first column of the README's configuration table. */
function tableVariables(): string[] {
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]!);
}

describe('README', () => {
  it('lists every environment variable the server and the command read, and no other', () => {
    const read = variablesRead();
    expect(read.size).toBeGreaterThan(10);
    expect(tableVariables().sort()).toEqual([...read.keys()].sort());
  });

  it('each listed variable has a default and a meaning', () => {
    const rows = readme.match(/^\| `[A-Z][A-Z0-9_]*` \|.*$/gm) ?? [];
    for (const row of rows) {
      const cells = row.split(' | ');
      expect(cells.length, row).toBeGreaterThanOrEqual(3);
      expect(cells[1]!.trim(), row).not.toBe('');
      expect(cells.slice(2).join(' | ').replace(/\|$/, '').trim().length, row).toBeGreaterThan(10);
    }
  });

  it('starts with the two commands a newcomer runs, and says what data, backups and logs hold', () => {
    const blocks = [...readme.matchAll(/```sh\n([^`]*)```/g)].map((m) => m[1]!.trim());
    expect(blocks.slice(0, 2)).toEqual(['npm ci && npm start', 'npm ci && npm test']);
    expect(readme.indexOf('npm ci && npm start')).toBeLessThan(readme.indexOf('## '));
    const data = readme.slice(readme.indexOf('## Data, backups and logs'));
    for (const words of ['owner-only', "team's private OpenPGP key", 'embargoed', 'outbox', 'Backups', 'Logs', '0600', '0700']) {
      expect(data, words).toContain(words);
    }
  });
});
