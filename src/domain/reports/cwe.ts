// The CWE catalogue (968 weaknesses), from the maintained copy shipped with @secvisogram/csaf-validator-lib.
import { weaknesses } from '@secvisogram/csaf-validator-lib/cwe.js';

const byId = new Map<number, string>(weaknesses.map((w: { id: string; name: string }) => [Number(w.id.slice(4)), w.name]));

export function cweName(id: number): string | undefined {
  return byId.get(id);
}

export interface CweEntry {
  id: number;
  name: string;
}

export const CWE_CATALOGUE: readonly CweEntry[] = [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.id - b.id);

/** Entries whose number or name contains the text (case-insensitive), at most `limit`. */
export function searchCwe(text: string, limit: number): CweEntry[] {
  const t = text.trim().toLowerCase().replace(/^cwe-/, '');
  if (t === '') return CWE_CATALOGUE.slice(0, limit);
  return CWE_CATALOGUE.filter((c) => String(c.id) === t || c.name.toLowerCase().includes(t)).slice(0, limit);
}
