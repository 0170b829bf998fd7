// Invalid CVSS vectors, generated systematically from valid ones of each version: every metric dropped,
// duplicated or given an unknown value; wrong and missing prefixes; lower case; whitespace; stray slashes and
// parentheses. Each must be refused with CvssVectorError and a message that names the problem.
import { describe, expect, it } from 'vitest';
import { VERSIONS, type MetricDefinition } from '../../src/cvss/definitions.ts';
import { CvssVectorError, parseVector, scoreVector, scoreVectorOrError, type CvssVersion } from '../../src/cvss/index.ts';

interface Seed {
  version: CvssVersion;
  vector: string;
}

const SEEDS: Seed[] = [
  { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
  {
    version: '3.1',
    vector: 'CVSS:3.1/AV:A/AC:H/PR:L/UI:R/S:C/C:L/I:N/A:H/E:P/RL:T/RC:R/CR:H/IR:M/AR:L/MAV:L/MAC:L/MPR:H/MUI:N/MS:U/MC:N/MI:L/MA:H',
  },
  { version: '3.0', vector: 'CVSS:3.0/AV:L/AC:L/PR:H/UI:N/S:C/C:H/I:L/A:N/E:F/CR:L/MS:X' },
  { version: '4.0', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
  {
    version: '4.0',
    vector:
      'CVSS:4.0/AV:P/AC:H/AT:P/PR:L/UI:A/VC:L/VI:N/VA:H/SC:L/SI:H/SA:N/E:U/CR:M/IR:H/AR:L/MAV:A/MAC:L/MAT:N/MPR:H/MUI:P/MVC:N/MVI:L/MVA:X/MSC:H/MSI:S/MSA:L/S:P/AU:Y/R:I/V:C/RE:M/U:Amber',
  },
  { version: '2.0', vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' },
  { version: '2.0', vector: 'AV:L/AC:M/Au:M/C:C/I:N/A:P/E:POC/RL:TF/RC:UR/CDP:LM/TD:M/CR:H/IR:L/AR:ND' },
];

interface Case {
  vector: string;
  /** Something the message must contain. */
  mentions: string | RegExp;
  why: string;
}

function split(seed: Seed): { prefix: string; parts: [string, string][] } {
  const def = VERSIONS[seed.version];
  return {
    prefix: def.prefix,
    parts: seed.vector
      .slice(def.prefix.length)
      .split('/')
      .map((p) => p.split(':') as [string, string]),
  };
}

const join = (prefix: string, parts: [string, string][]) => prefix + parts.map(([k, v]) => `${k}:${v}`).join('/');
const metricOf = (seed: Seed, key: string): MetricDefinition => VERSIONS[seed.version].metrics.find((m) => m.key === key)!;

/** Every invalid variant of one valid seed vector. */
function invalidVariants(seed: Seed): Case[] {
  const { prefix, parts } = split(seed);
  const cases: Case[] = [];
  parts.forEach(([key, value], i) => {
    const metric = metricOf(seed, key);
    if (metric.mandatory) {
      cases.push({
        vector: join(
          prefix,
          parts.filter((_, j) => j !== i),
        ),
        mentions: `${key} (`,
        why: `${key} dropped`,
      });
    }
    const other = metric.values.find((v) => v !== value)!;
    cases.push({
      vector: join(prefix, [...parts, [key, value]]),
      mentions: `${key} (${metric.name}) appears more than once`,
      why: `${key} repeated`,
    });
    cases.push({
      vector: join(prefix, [...parts.slice(0, i + 1), [key, other], ...parts.slice(i + 1)]),
      mentions: 'more than once',
      why: `${key} given twice, differently`,
    });
    for (const bad of ['Q', 'ZZ', '0', 'High', `${value}${value}`]) {
      if (metric.values.includes(bad)) continue;
      const changed = parts.map((p, j) => (j === i ? ([key, bad] as [string, string]) : p));
      cases.push({ vector: join(prefix, changed), mentions: `"${key}:${bad}" is not valid`, why: `${key}:${bad}` });
    }
    if (value.toLowerCase() !== value) {
      const changed = parts.map((p, j) => (j === i ? ([key, value.toLowerCase()] as [string, string]) : p));
      cases.push({ vector: join(prefix, changed), mentions: `write "${key}:${value}"`, why: `${key} value in lower case` });
    }
    const otherCase = key.toLowerCase() === key ? key.toUpperCase() : key.toLowerCase();
    cases.push({
      vector: join(
        prefix,
        parts.map((p, j) => (j === i ? ([otherCase, value] as [string, string]) : p)),
      ),
      mentions: `write "${key}"`,
      why: `${key} name in the wrong case`,
    });
    cases.push({
      vector: `${prefix}${parts.map(([k, v], j) => (j === i ? `${k}:` : `${k}:${v}`)).join('/')}`,
      mentions: 'NAME:VALUE',
      why: `${key} without value`,
    });
    cases.push({
      vector: `${prefix}${parts.map(([k, v], j) => (j === i ? `${k}${v}` : `${k}:${v}`)).join('/')}`,
      mentions: 'NAME:VALUE',
      why: `${key} without colon`,
    });
    cases.push({
      vector: `${prefix}${parts.map(([k, v], j) => (j === i ? `${k}:${v}:${v}` : `${k}:${v}`)).join('/')}`,
      mentions: 'NAME:VALUE',
      why: `${key} with two colons`,
    });
  });
  cases.push({ vector: join(prefix, [...parts, ['XX', 'N']]), mentions: '"XX" is not a', why: 'unknown metric' });

  // Prefixes: missing, unknown, malformed, lower case, another version's.
  const body = join('', parts);
  if (prefix) {
    cases.push({ vector: body, mentions: 'without its prefix', why: 'missing prefix' });
    cases.push({ vector: `/${body}`, mentions: /empty part/, why: 'missing prefix, slash kept' });
    for (const wrong of ['CVSS:3.2/', 'CVSS:4.1/', 'CVSS:5.0/', 'CVSS:3/', 'CVSS:31/', 'CVSS:/', 'CVSS:1.0/']) {
      cases.push({ vector: wrong + body, mentions: `"${wrong}" is not a CVSS version`, why: `prefix ${wrong}` });
    }
    cases.push({ vector: `CVSS:2.0/${body}`, mentions: 'without a prefix', why: 'prefix CVSS:2.0/' });
    for (const wrong of ['CVSS3.1/', 'CVSS-3.1/', 'FIRST:3.1/', '3.1/', 'CVSSv3.1/']) {
      cases.push({ vector: wrong + body, mentions: 'not a valid prefix', why: `prefix ${wrong}` });
    }
    cases.push({ vector: prefix.toLowerCase() + body, mentions: `"${prefix}"`, why: 'prefix in lower case' });
    cases.push({ vector: `Cvss${prefix.slice(4)}${body}`, mentions: `"${prefix}"`, why: 'prefix in mixed case' });
    cases.push({ vector: prefix.slice(0, -1), mentions: 'must be followed by "/"', why: 'prefix alone, no slash' });
    cases.push({ vector: prefix, mentions: 'has no metrics', why: 'prefix alone' });
    const otherPrefix = seed.version === '4.0' ? 'CVSS:3.1/' : 'CVSS:4.0/';
    cases.push({ vector: otherPrefix + body, mentions: /not valid|not a CVSS|but its prefix says/, why: `prefix ${otherPrefix}` });
    cases.push({ vector: `(${seed.vector})`, mentions: /parenthes/, why: 'CVSS 3.x/4.0 in parentheses' });
  } else {
    for (const wrong of ['CVSS:3.1/', 'CVSS:4.0/', 'CVSS:3.0/']) {
      cases.push({ vector: wrong + body, mentions: /but its prefix says|not a CVSS|not valid/, why: `CVSS 2.0 with prefix ${wrong}` });
    }
    cases.push({ vector: `CVSS:2.0/${body}`, mentions: 'without a prefix', why: 'CVSS 2.0 with prefix CVSS:2.0/' });
    cases.push({ vector: `(${body}`, mentions: 'unmatched parenthesis', why: 'opening parenthesis only' });
    cases.push({ vector: `${body})`, mentions: 'unmatched parenthesis', why: 'closing parenthesis only' });
    cases.push({ vector: `((${body}))`, mentions: 'parenthesis', why: 'double parentheses' });
    cases.push({ vector: '()', mentions: 'has no metrics', why: 'empty parentheses' });
  }

  // Lower case throughout; whitespace anywhere; stray slashes.
  cases.push({ vector: seed.vector.toLowerCase(), mentions: /upper case|case-sensitive/, why: 'all lower case' });
  for (const [ws, where] of [
    [' ', 'leading space'],
    ['\t', 'leading tab'],
  ] as const) {
    cases.push({ vector: ws + seed.vector, mentions: 'whitespace (at character 1)', why: where });
  }
  for (const ws of [' ', '\n', '\r\n', '\t', '\u00a0']) {
    cases.push({ vector: seed.vector + ws, mentions: 'whitespace', why: `trailing ${JSON.stringify(ws)}` });
  }
  cases.push({ vector: seed.vector.replaceAll('/', ' / '), mentions: 'whitespace', why: 'spaces around slashes' });
  cases.push({ vector: seed.vector.replace(':', ' : '), mentions: 'whitespace', why: 'spaces around a colon' });
  cases.push({ vector: seed.vector.replaceAll('/', '/ '), mentions: 'whitespace', why: 'space after each slash' });
  cases.push({ vector: `${seed.vector}/`, mentions: 'trailing slash', why: 'trailing slash' });
  cases.push({ vector: `${seed.vector}//`, mentions: 'trailing slash', why: 'two trailing slashes' });
  cases.push({ vector: seed.vector.replace(/\/(?=[^/]*$)/, '//'), mentions: 'empty part', why: 'double slash' });
  cases.push({ vector: prefix + join('', parts).replaceAll('/', '\\'), mentions: /NAME:VALUE|not valid|not a/, why: 'backslashes' });
  cases.push({ vector: seed.vector.replaceAll('/', ','), mentions: /NAME:VALUE|not valid|not a|prefix/, why: 'commas' });
  return cases;
}

function refusal(vector: string): CvssVectorError | undefined {
  try {
    scoreVector(vector);
    return undefined;
  } catch (err) {
    if (err instanceof CvssVectorError) return err;
    throw err;
  }
}

describe('invalid CVSS vectors', () => {
  it('accepts every seed vector (so that each variant below differs from a valid one by its one fault)', () => {
    for (const seed of SEEDS) expect(scoreVector(seed.vector)).toMatchObject({ version: seed.version, vector: seed.vector });
  });

  for (const seed of SEEDS) {
    it(`refuses every invalid variant of ${seed.vector}`, () => {
      const cases = invalidVariants(seed);
      expect(cases.length).toBeGreaterThan(60);
      const wrong: string[] = [];
      for (const c of cases) {
        const err = refusal(c.vector);
        if (!err) {
          wrong.push(`${c.why}: ${JSON.stringify(c.vector)} was accepted`);
          continue;
        }
        const mentioned = typeof c.mentions === 'string' ? err.message.includes(c.mentions) : c.mentions.test(err.message);
        if (!mentioned) wrong.push(`${c.why}: ${JSON.stringify(c.vector)} → "${err.message}" does not mention ${String(c.mentions)}`);
        if (err.vector !== c.vector) wrong.push(`${c.why}: the error carries another vector`);
        const asLine = scoreVectorOrError(c.vector);
        if (!('error' in asLine) || asLine.error !== err.message) wrong.push(`${c.why}: scoreVectorOrError differs`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('still accepts each seed with any one optional metric dropped, and keeps the rest in canonical order', () => {
    let dropped = 0;
    for (const seed of SEEDS) {
      const { prefix, parts } = split(seed);
      parts.forEach(([key], i) => {
        if (metricOf(seed, key).mandatory) return;
        const vector = join(
          prefix,
          parts.filter((_, j) => j !== i),
        );
        expect(parseVector(vector).vector).toBe(vector);
        dropped++;
      });
    }
    expect(dropped).toBe(46);
  });

  it('says what is wrong in words a person can act on', () => {
    const message = (v: string) => refusal(v)?.message;
    expect(message('')).toBe('The CVSS vector is empty.');
    expect(message('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H')).toBe('The CVSS 3.1 vector lacks the mandatory metric A (Availability).');
    expect(message('CVSS:3.1/AV:N/AC:L/UI:N/S:U/C:H/I:H')).toBe(
      'The CVSS 3.1 vector lacks the mandatory metrics PR (Privileges Required) and A (Availability).',
    );
    expect(message('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe('"AV:X" is not valid: AV (Attack Vector) takes N, A, L or P.');
    expect(message('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/')).toBe('The CVSS vector ends with "/": remove the trailing slash.');
    expect(message('AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe(
      'This looks like a CVSS 3.x vector without its prefix: start it with "CVSS:3.1/" (or "CVSS:3.0/").',
    );
    expect(message('CVSS:4.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe(
      'This looks like a CVSS 3.x vector, but its prefix says "CVSS:4.0/": use "CVSS:3.1/" (or "CVSS:3.0/").',
    );
    expect(message('cvss:3.1/av:n/ac:l/pr:n/ui:n/s:u/c:h/i:h/a:h')).toBe('The prefix must be written in upper case: "CVSS:3.1/".');
    expect(message('CVSS:3.1/AV:N /AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe(
      'The CVSS vector contains whitespace (at character 14); write it without spaces or line breaks.',
    );
  });

  it('never fails with anything but CvssVectorError, whatever the text (seeded random mutations)', () => {
    let state = 20_240_601;
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    const alphabet = 'CVS:/.0123456789ANLPHRUXMSIEDTQCYZ()acnlp \t';
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const seed = SEEDS[Math.floor(random() * SEEDS.length)]!.vector;
      const chars = Array.from(seed);
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (chars.length + 1));
        const op = random();
        const ch = alphabet[Math.floor(random() * alphabet.length)]!;
        if (op < 0.4) chars.splice(at, 1);
        else if (op < 0.7) chars.splice(at, 0, ch);
        else chars.splice(at, 1, ch);
      }
      const text = chars.join('');
      const result = scoreVectorOrError(text);
      if (!('error' in result)) {
        accepted++;
        // Whatever is accepted is a complete vector that normalises to itself.
        expect(scoreVector(result.vector)).toEqual(result);
      } else {
        expect(result.error.length).toBeGreaterThan(10);
      }
    }
    expect(accepted).toBeGreaterThan(100);
  });
});
