// Reads a CVSS conformance file (../shared/conformance, JSON Lines) and lists every disagreement between
// scoreVector and the reference, for the canonical vector and for `source_vector` (metrics out of order).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { scoreVector, type CvssVersion } from '../../src/cvss/index.ts';
import { CONFORMANCE } from '../helpers/paths.ts';

export type Row = Record<string, unknown> & { vector: string; source_vector?: string };

export function readRows(file: string): Row[] {
  return readFileSync(path.join(CONFORMANCE, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row);
}

/** One line per field that differs (at most `limit`), for the vector and its source_vector; [] when all agree. */
export function disagreements(rows: Row[], version: CvssVersion, fields: string[], limit = 20): { checked: number; problems: string[] } {
  const problems: string[] = [];
  let checked = 0;
  for (const row of rows) {
    for (const text of [row.vector, row.source_vector]) {
      if (text === undefined) continue;
      checked++;
      let result: Record<string, unknown>;
      try {
        result = scoreVector(text) as unknown as Record<string, unknown>;
      } catch (err) {
        problems.push(`${text}: threw ${(err as Error).message}`);
        continue;
      }
      if (result.version !== version) problems.push(`${text}: version ${String(result.version)}, expected ${version}`);
      for (const field of fields) {
        if (row[field] !== undefined && result[field] !== row[field]) {
          problems.push(`${text}: ${field} ${JSON.stringify(result[field])}, expected ${JSON.stringify(row[field])}`);
        }
      }
      if (problems.length >= limit) return { checked, problems };
    }
  }
  return { checked, problems };
}
