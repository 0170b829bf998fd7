// The CVSS module's API beyond the conformance files: result shapes per version, CVSS 3.0 (scored apart from
// 3.1), CVSS 4.0 nomenclature, normalisation, severity bands, the risk level and the score a report keeps.
import { describe, expect, it } from 'vitest';
import {
  HIGH_RISK_FROM,
  primaryScore,
  qualitativeSeverity,
  riskLevel,
  scoreVector,
  type Cvss3Result,
  type Cvss4Result,
} from '../../src/cvss/index.ts';

const V4_BASE = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';

describe('scoreVector', () => {
  it('gives each version its fields, in the documented order', () => {
    expect(Object.keys(scoreVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'))).toEqual([
      'version',
      'vector',
      'base',
      'temporal',
      'environmental',
      'severity',
    ]);
    expect(Object.keys(scoreVector(V4_BASE))).toEqual(['version', 'vector', 'score', 'nomenclature', 'severity', 'macrovector']);
    expect(Object.keys(scoreVector('AV:N/AC:L/Au:N/C:P/I:P/A:P'))).toEqual([
      'version',
      'vector',
      'base',
      'temporal',
      'environmental',
      'severity',
    ]);
  });

  it('scores CVSS 3.0 with the 3.0 formulas (values from an independent implementation of the 3.0 specification)', () => {
    expect(scoreVector('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toEqual({
      version: '3.0',
      vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      base: 9.8,
      temporal: 9.8,
      environmental: 9.8,
      severity: 'Critical',
    });
    // Modified scope changed: 3.0's modified-impact formula differs from 3.1's, by 0.1 here.
    const v30 = 'CVSS:3.0/AV:P/AC:L/PR:H/UI:N/S:C/C:H/I:L/A:H/E:H/RC:U/CR:H/MAV:A/MUI:N/MS:X/MI:X/MA:X';
    expect(scoreVector(v30)).toMatchObject({ version: '3.0', base: 7.1, temporal: 6.6, environmental: 7.8 });
    expect(scoreVector(v30.replace('CVSS:3.0/', 'CVSS:3.1/'))).toMatchObject({ version: '3.1', base: 7.1, environmental: 7.9 });
    expect(scoreVector('CVSS:3.0/AV:P/AC:L/PR:N/UI:R/S:C/C:H/I:N/A:N/RL:T/CR:H/MAC:L/MUI:X/MC:X/MI:H')).toMatchObject({
      base: 5.1,
      temporal: 4.9,
      environmental: 7.1,
    });
  });

  it('defaults CVSS 3.x modified metrics to their base values, so a base-only S:C vector can have another environmental score', () => {
    const r = scoreVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H') as Cvss3Result;
    expect([r.base, r.temporal, r.environmental]).toEqual([9.6, 9.6, 9.7]);
  });

  it('normalises: canonical order, parentheses dropped, X and ND values kept', () => {
    expect(scoreVector('CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/E:X').vector).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X');
    expect(scoreVector('(A:P/I:P/C:P/Au:N/AC:L/AV:N/TD:ND)').vector).toBe('AV:N/AC:L/Au:N/C:P/I:P/A:P/TD:ND');
    expect(scoreVector(`${V4_BASE.replace('AV:N/', '')}/U:Red/AV:N`).vector).toBe(`${V4_BASE}/U:Red`);
  });

  it('names the CVSS 4.0 score by the metric groups given (X and supplemental metrics do not count)', () => {
    const v4 = (suffix: string) => scoreVector(V4_BASE + suffix) as Cvss4Result;
    expect(v4('')).toMatchObject({ score: 9.3, nomenclature: 'CVSS-B', severity: 'Critical', macrovector: '000200' });
    expect(v4('/E:X/CR:X/MAV:X/S:P/U:Red')).toMatchObject({ score: 9.3, nomenclature: 'CVSS-B' });
    expect(v4('/E:U')).toMatchObject({ score: 8.1, nomenclature: 'CVSS-BT', severity: 'High', macrovector: '000220' });
    expect(v4('/CR:L')).toMatchObject({ nomenclature: 'CVSS-BE' });
    expect(v4('/E:P/MAV:L')).toMatchObject({ score: 7.3, nomenclature: 'CVSS-BTE', macrovector: '100210' });
    expect(scoreVector('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N')).toMatchObject({ score: 0, severity: 'None' });
  });
});

describe('severity and risk', () => {
  it("rates CVSS 3.x/4.0 scores None, Low, Medium, High, Critical at FIRST's boundaries", () => {
    const bands = [0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map((s) => qualitativeSeverity(s));
    expect(bands).toEqual(['None', 'Low', 'Low', 'Medium', 'Medium', 'High', 'High', 'Critical', 'Critical']);
  });

  it('rates CVSS 2.0 scores Low, Medium, High as NVD does (0.0 is Low)', () => {
    expect([0, 3.9, 4, 6.9, 7, 10].map((s) => qualitativeSeverity(s, '2.0'))).toEqual(['Low', 'Low', 'Medium', 'Medium', 'High', 'High']);
    expect(scoreVector('AV:L/AC:H/Au:M/C:N/I:N/A:N')).toMatchObject({ base: 0, severity: 'Low' });
  });

  it('puts reports at "high" risk from 7.0 up unless told another threshold', () => {
    expect(HIGH_RISK_FROM).toBe(7);
    expect([0, 6.9, 7, 9.8].map((s) => riskLevel(s))).toEqual(['low', 'low', 'high', 'high']);
    expect([6.9, 7, 8.9, 9].map((s) => riskLevel(s, 9))).toEqual(['low', 'low', 'low', 'high']);
    expect(riskLevel(4, 4)).toBe('high');
  });

  it('refuses scores that are not CVSS scores', () => {
    for (const bad of [-0.1, 10.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => riskLevel(bad)).toThrow(RangeError);
      expect(() => qualitativeSeverity(bad)).toThrow(RangeError);
    }
  });

  it('keeps one score per report: the 4.0 score, or the 2.0/3.x base score, whose severity the result carries', () => {
    const v31 = scoreVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U');
    expect(primaryScore(v31)).toBe(9.8);
    expect(v31).toMatchObject({ temporal: 7.8, severity: 'Critical' });
    expect(riskLevel(primaryScore(scoreVector(`${V4_BASE}/E:U`)))).toBe('high');
    const v2 = scoreVector('AV:N/AC:M/Au:S/C:P/I:P/A:N');
    expect(primaryScore(v2)).toBe(4.9);
    expect(riskLevel(primaryScore(v2))).toBe('low');
  });
});
