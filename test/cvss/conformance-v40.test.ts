// CVSS 4.0 against ../shared/conformance/cvss40_vectors.jsonl and cvss40_rounding_ties.jsonl: the normalised
// vector, score, severity and macrovector exactly; ties round half up.
import { describe, expect, it } from 'vitest';
import { scoreVector, type Cvss4Result } from '../../src/cvss/index.ts';
import { disagreements, readRows } from './conformance.ts';

describe('CVSS 4.0 conformance', () => {
  it('agrees with all 12,124 reference vectors on every field given', () => {
    const rows = readRows('cvss40_vectors.jsonl');
    expect(rows).toHaveLength(12_124);
    const { checked, problems } = disagreements(rows, '4.0', ['vector', 'score', 'severity', 'macrovector']);
    expect(problems).toEqual([]);
    expect(checked).toBe(12_124 + 147);
  });

  it('rounds the 45 tie vectors half up (not as the older FIRST calculator did)', () => {
    const rows = readRows('cvss40_rounding_ties.jsonl');
    expect(rows).toHaveLength(45);
    const got = rows.map((r) => (scoreVector(r.vector) as Cvss4Result).score);
    expect(got).toEqual(rows.map((r) => r.score_round_half_up));
    expect(rows.every((r) => r.score_round_half_up !== r.score_firstdotorg_repo_c5b0d40)).toBe(true);
  });
});
