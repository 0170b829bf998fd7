// The CWE catalogue (GET /api/cwe): weaknesses found by number or by words of their names.
import { call } from '../../api.ts';
import type { Cwe } from '../../contract.ts';

export type { Cwe } from '../../contract.ts';

export const cweApi = {
  /** At most 20 matches, the best first; an empty text lists the first weaknesses of the catalogue. */
  search: (q: string) => call<{ items: Cwe[] }>('GET', `/api/cwe?${new URLSearchParams({ q, limit: '20' }).toString()}`),
};
