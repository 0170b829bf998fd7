// The web calculator's metric table and vector reading/writing (web/src/features/cvss) against the
// server's CVSS module: the same metrics and values in the same canonical order, and for every vector of the
// 3.1 and 4.0 conformance files (and their out-of-order source vectors) the pickers read every metric, and
// writing the pickers back gives the server's normalised vector (without Not Defined parts).
import { describe, expect, it } from 'vitest';
import { scoreVector } from '../../src/cvss/index.ts';
import { VERSIONS } from '../../src/cvss/definitions.ts';
import { metricsOf, type CalculatorVersion } from '../../web/src/features/cvss/metrics.ts';
import { readVector, versionOfText, writeVector } from '../../web/src/features/cvss/vector.ts';
import { readRows } from '../cvss/conformance.ts';

const withoutNotDefined = (vector: string) =>
  vector
    .split('/')
    .filter((p) => !p.endsWith(':X'))
    .join('/');

describe('the calculator metric table', () => {
  it.each(['3.1', '4.0'] as const)("has the server's CVSS %s metrics, values and order", (version) => {
    const web = metricsOf(version).map((m) => ({ key: m.key, values: m.values.map((v) => v.code), mandatory: m.mandatory }));
    const server = VERSIONS[version].metrics.map((m) => ({ key: m.key, values: [...m.values], mandatory: m.mandatory }));
    expect(web).toEqual(server);
    for (const m of metricsOf(version)) {
      expect(m.name.length, m.key).toBeGreaterThan(2);
      for (const v of m.values) expect(v.label.length, `${m.key}:${v.code}`).toBeGreaterThan(0);
    }
  });

  it('uses the 3.1 pickers for CVSS 3.0 vectors and keeps their prefix', () => {
    const v30 = 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
    expect(versionOfText(v30)).toEqual({ version: '3.1', prefix: 'CVSS:3.0/' });
    const read = readVector(v30, '4.0');
    expect(writeVector('3.1', { ...read.values, AV: 'L' }, read.prefix)).toBe(v30.replace('AV:N', 'AV:L'));
  });

  it('reads unfinished and damaged text forgivingly, naming the base metrics still missing', () => {
    expect(readVector('CVSS:4.0/AV:N/AC:Q/AC:L/XX:1/UI', '3.1')).toMatchObject({
      version: '4.0',
      values: { AV: 'N', AC: 'L' },
      missing: ['AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'],
    });
    expect(readVector('', '3.1')).toMatchObject({ version: undefined, values: {}, missing: ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'] });
    expect(writeVector('4.0', {})).toBe('');
    expect(writeVector('4.0', { E: 'X', AV: 'P' })).toBe('CVSS:4.0/AV:P');
  });
});

describe.each([
  ['3.1', 'cvss31_vectors.jsonl'],
  ['4.0', 'cvss40_vectors.jsonl'],
] as const)('CVSS %s conformance vectors through the pickers', (version: CalculatorVersion, file) => {
  it("reads every metric and writes the server's normalised vector back", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const row of readRows(file)) {
      for (const text of [row.vector, row.source_vector]) {
        if (text === undefined) continue;
        checked++;
        const read = readVector(text, version === '3.1' ? '4.0' : '3.1');
        const expected = withoutNotDefined(scoreVector(text).vector);
        const written = writeVector(version, read.values, read.prefix);
        if (read.version !== version || read.missing.length > 0 || written !== expected) {
          problems.push(`${text}: read ${JSON.stringify(read)}, wrote ${written}, expected ${expected}`);
          if (problems.length > 10) break;
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
  });
});
