// CVSS 3.1 against ../shared/conformance/cvss31_vectors.jsonl: every vector (and its out-of-order source form)
// must give exactly the reference's normalised vector, base, temporal, environmental score and severity.
import { describe, expect, it } from 'vitest';
import { disagreements, readRows } from './conformance.ts';

describe('CVSS 3.1 conformance', () => {
  it('agrees with all 13,386 reference vectors on every field given', () => {
    const rows = readRows('cvss31_vectors.jsonl');
    expect(rows).toHaveLength(13_386);
    const { checked, problems } = disagreements(rows, '3.1', ['vector', 'base', 'temporal', 'environmental', 'severity']);
    expect(problems).toEqual([]);
    // 13,386 vectors plus 7,617 source vectors with the metrics out of canonical order.
    expect(checked).toBe(13_386 + 7_617);
  });

  it('gives a temporal score equal to the base where the reference has none (no temporal metrics)', () => {
    const rows = readRows('cvss31_vectors.jsonl').filter((r) => r.temporal === undefined);
    expect(rows.length).toBeGreaterThan(200);
    const { problems } = disagreements(
      rows.map((r) => ({ ...r, temporal: r.base })),
      '3.1',
      ['temporal'],
    );
    expect(problems).toEqual([]);
  });
});
