// The measured queries, each runnable four ways:
// - parapet: the repository functions with the user's session (read keys + object_read_keys walks);
// - admin:   the same repository functions with an administrator's session (no filter);
// - naive:   the same SQL as the unfiltered repository query plus `read_group_id = ANY(effective groups)`;
// - rls:     the repository's unfiltered queries run as a role whose row-level-security policy filters.
// Every query is one call of searchObjects, newest first, 50 rows, as the pages list makes it: "newest-50" is
// the list's first page (no text: the read-key walk), "search-*" the list with ?q=.
import type { Session, UserSession } from '../../src/access/session.ts';
import { sql, type Queryable } from '../../src/db/database.ts';
import { objectColumns, type ObjectRow } from '../../src/domain/objects/repository.ts';
import { searchObjects, searchPlan } from '../../src/domain/objects/search-repository.ts';
import { PAGE, TERMS } from './model.ts';
import type { RlsSetup } from './rls.ts';
import type { Subject } from './subjects.ts';

export const APPROACHES = ['parapet', 'admin', 'naive', 'rls'] as const;
export type Approach = (typeof APPROACHES)[number];

export const LIMIT = 50;

export interface QuerySpec {
  name: string;
  /** Full-text terms (all must match); undefined for the newest-50 list. */
  text: string | undefined;
  description: string;
}

export const QUERIES: readonly QuerySpec[] = [
  { name: 'newest-50', text: undefined, description: 'the newest 50 pages the session can read' },
  { name: 'search-frequent', text: TERMS.frequent, description: `search "${TERMS.frequent}" (in ~30% of objects), newest 50` },
  { name: 'search-medium', text: TERMS.medium, description: `search "${TERMS.medium}" (in ~1% of objects), newest 50` },
  { name: 'search-rare', text: TERMS.rare, description: `search "${TERMS.rare}" (in ~0.01% of objects), newest 50` },
  {
    name: 'search-3-terms',
    text: `${TERMS.frequent} ${TERMS.medium} ${TERMS.rare}`,
    description: 'search all three words at once (every term must match), newest 50',
  },
];

export interface Runner {
  run(approach: Approach, subject: Subject, query: QuerySpec): Promise<number[]>;
  /** How Parapet's filter runs the query for this user (read-plan.ts). */
  plan(subject: Subject, query: QuerySpec): Promise<string>;
}

export function runner(
  database: Queryable,
  admin: UserSession,
  rls: RlsSetup | undefined,
  /** Wraps every handle queries go through (the --explain mode prints each statement's plan). */
  wrap: (q: Queryable) => Queryable = (q) => q,
): Runner {
  const db = wrap(database);
  // One repository call, as the pages service makes it; searchObjects reads the session's keys itself (the
  // service reads them once per request and passes them on: the same one lookup).
  async function viaRepository(s: Session, q: Queryable, query: QuerySpec): Promise<number[]> {
    const rows = await searchObjects(s, q, { type: PAGE, text: query.text, sort: 'newest', limit: LIMIT, offset: 0 });
    return rows.map((r) => r.id);
  }

  async function naive(subject: Subject, query: QuerySpec): Promise<number[]> {
    const text = query.text === undefined ? sql`TRUE` : sql`o.search @@ plainto_tsquery('simple', ${query.text})`;
    const rows = await db.query<ObjectRow>(sql`
      SELECT ${objectColumns} FROM objects o
       WHERE o.type = ${PAGE} AND o.read_group_id = ANY(${subject.effectiveGroups}::int[]) AND ${text}
       ORDER BY o.created_at DESC, o.id DESC LIMIT ${LIMIT}`);
    return rows.map((r) => r.id);
  }

  return {
    async plan(subject, query) {
      return searchPlan(subject.session, db, { type: PAGE, text: query.text, sort: 'newest', limit: LIMIT, offset: 0 });
    },
    async run(approach, subject, query) {
      switch (approach) {
        case 'parapet':
          return viaRepository(subject.session, db, query);
        case 'admin':
          return viaRepository(admin, db, query);
        case 'naive':
          return naive(subject, query);
        case 'rls':
          if (!rls) throw new Error('row-level security is not set up');
          return rls.asUser(subject.session, (tx) => viaRepository(admin, wrap(tx), query));
      }
    },
  };
}
