// Every installed package must allow the Node.js version Parapet promises (package.json "engines"): npm ci
// warns with EBADENGINE otherwise, and the package may use features the promised Node.js lacks.
// package-lock.json records each package's own "engines", so this checks exactly what `npm ci` installs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';

interface LockPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };

describe('engines', () => {
  const minimum = semver.minVersion(pkg.engines.node)!;

  it('promises a Node.js version', () => {
    expect(minimum.version).toBe('20.19.0');
  });

  it('installs no package whose engines exclude that Node.js version', () => {
    const refused = Object.entries(lock.packages)
      .filter(([where]) => where !== '')
      .flatMap(([where, p]) => {
        const range = Array.isArray(p.engines) ? undefined : p.engines?.node;
        return range && !semver.satisfies(minimum, range) ? [`${where.replace(/^.*node_modules\//, '')}@${p.version}: node ${range}`] : [];
      });
    expect(refused).toEqual([]);
  });
});
