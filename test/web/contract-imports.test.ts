// The web UI and the server share one contract: values from src/shared (pure modules the bundle may include)
// and response types from the server's schemas, imported type-only in web/src/contract.ts (erased by the build,
// so no server code reaches the bundle). src/shared itself imports nothing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
  });

const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm;

function importsOf(file: string): { typeOnly: boolean; target: string }[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)]
    .filter((m) => m[3]!.startsWith('.'))
    .map((m) => ({ typeOnly: m[2] !== undefined, target: path.resolve(path.dirname(file), m[3]!) }));
}

describe('the web/server contract', () => {
  const web = walk(path.join(ROOT, 'web', 'src'));
  const server = path.join(ROOT, 'src') + path.sep;
  const shared = path.join(ROOT, 'src', 'shared') + path.sep;

  it('the web imports from src/ only src/shared values, and server types only in contract.ts', () => {
    const wrong: string[] = [];
    for (const file of web) {
      for (const { typeOnly, target } of importsOf(file)) {
        if (!target.startsWith(server) || target.startsWith(shared)) continue;
        if (!typeOnly || path.basename(file) !== 'contract.ts')
          wrong.push(`${path.relative(ROOT, file)} -> ${path.relative(ROOT, target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('src/shared is pure: it imports nothing', () => {
    for (const file of walk(path.join(ROOT, 'src', 'shared'))) {
      expect(readFileSync(file, 'utf8'), path.relative(ROOT, file)).not.toMatch(/^\s*import\s/m);
    }
  });
});
