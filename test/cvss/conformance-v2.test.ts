// CVSS 2.0 against ../shared/conformance/cvss2_vectors.jsonl: base, temporal, environmental score and
// severity exactly (exact-decimal arithmetic; float calculators miss some ties by 0.1).
import { describe, expect, it } from 'vitest';
import { scoreVector, type Cvss2Result } from '../../src/cvss/index.ts';
import { disagreements, readRows } from './conformance.ts';

describe('CVSS 2.0 conformance', () => {
  it('agrees with all 10,791 reference vectors on every field given', () => {
    const rows = readRows('cvss2_vectors.jsonl');
    expect(rows).toHaveLength(10_791);
    const { checked, problems } = disagreements(rows, '2.0', ['vector', 'base', 'temporal', 'environmental', 'severity']);
    expect(problems).toEqual([]);
    expect(checked).toBe(10_791);
  });

  it('scores the same vectors written in parentheses, as NVD writes them', () => {
    const rows = readRows('cvss2_vectors.jsonl').filter((_, i) => i % 7 === 0);
    const { problems } = disagreements(
      rows.map((r) => ({ ...r, source_vector: `(${r.vector})` })),
      '2.0',
      ['vector', 'base', 'temporal', 'environmental'],
    );
    expect(problems).toEqual([]);
  });

  it('has temporal = base and environmental = temporal when those metrics are absent', () => {
    const r = scoreVector('AV:N/AC:M/Au:N/C:P/I:P/A:C') as Cvss2Result;
    expect(r).toEqual({
      version: '2.0',
      vector: 'AV:N/AC:M/Au:N/C:P/I:P/A:C',
      base: 8.3,
      temporal: 8.3,
      environmental: 8.3,
      severity: 'High',
    });
  });
});
