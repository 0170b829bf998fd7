// The server's CVSS scoring (POST /api/cvss/score), the one source of the scores the calculator shows.
import { call } from '../../api.ts';

export interface Cvss3Score {
  version: '2.0' | '3.0' | '3.1';
  vector: string;
  base: number;
  temporal: number;
  environmental: number;
  severity: string;
}

export interface Cvss4Score {
  version: '4.0';
  vector: string;
  score: number;
  nomenclature: string;
  severity: string;
  macrovector: string;
}

export type CvssScore = Cvss3Score | Cvss4Score;

export const cvssApi = {
  /** Rejects with an ApiError whose field `vector` says what is wrong with an invalid vector. */
  score: (vector: string) => call<CvssScore>('POST', '/api/cvss/score', { vector }),
};

/** The score a report keeps: the CVSS 4.0 score, or the base score of 2.0/3.x. */
export function primaryScore(s: CvssScore): number {
  return s.version === '4.0' ? s.score : s.base;
}
