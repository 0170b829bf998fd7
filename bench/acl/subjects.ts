// The sessions whose reads are measured, and each one's effective groups for the naive filter.
import { userSession, type UserSession } from '../../src/access/session.ts';
import { sql, type Queryable } from '../../src/db/database.ts';
import { DENSITIES, benchUsers, type Density, type ScaleSpec } from './model.ts';

export interface Subject {
  density: Density;
  session: UserSession;
  /**
   * Every group the user is a direct or indirect member of, found by walking group_group_members upwards
   * (independently of group_closure), plus Everyone and Registered users. Loaded once, before timing:
   * the naive filter is measured as if the application had these at hand for free.
   */
  effectiveGroups: number[];
}

export async function loadSubjects(q: Queryable, spec: ScaleSpec): Promise<{ subjects: Subject[]; admin: UserSession }> {
  const users = benchUsers(spec);
  const subjects: Subject[] = [];
  for (const density of DENSITIES) {
    const id = users[density];
    subjects.push({
      density,
      session: userSession({ id, username: `user${id}`, isAdmin: false }, '127.0.0.1', `bench-${density}`),
      effectiveGroups: await effectiveGroups(q, id),
    });
  }
  const admin = userSession({ id: users.admin, username: `user${users.admin}`, isAdmin: true }, '127.0.0.1', 'bench-admin');
  return { subjects, admin };
}

export async function effectiveGroups(q: Queryable, userId: number): Promise<number[]> {
  const rows = await q.query<{ ids: number[] }>(sql`
    WITH RECURSIVE eff (id) AS (
      SELECT id FROM (SELECT group_id AS id FROM group_user_members WHERE user_id = ${userId}
                      UNION ALL VALUES (1), (2)) AS direct
      UNION
      SELECT e.group_id FROM eff JOIN group_group_members e ON e.member_group_id = eff.id
    )
    SELECT coalesce(array_agg(id ORDER BY id), '{}') AS ids FROM eff`);
  return rows[0]!.ids;
}
