// The row-level-security alternative: the database, not the repository, filters `objects`. A role without
// BYPASSRLS gets a policy comparing each row's read_keys with the session's keys, which the application
// puts in a transaction-local setting (loaded from group_user_members in the same statement that switches
// the role). The repository then runs its unrestricted queries (an administrator session) as that role.
import { randomBytes } from 'node:crypto';
import type { UserSession } from '../../src/access/session.ts';
import { sql, type Database, type Tx } from '../../src/db/database.ts';

export interface RlsSetup {
  role: string;
  /** Runs fn in a transaction as the restricted role, with the keys of `user` in the policy's setting. */
  asUser<T>(user: UserSession, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Drops the policy and the role (for a database that outlives the run). */
  remove(): Promise<void>;
}

export async function setUpRls(db: Database): Promise<RlsSetup> {
  // Roles are global to a PostgreSQL server: a unique name, dropped with the benchmark database.
  const role = db.kind === 'postgres' ? `parapet_bench_rls_${process.pid}_${randomBytes(3).toString('hex')}` : 'parapet_bench_rls';
  // A reused database may still hold the policy of an earlier run (its role is gone): replace it.
  await db.exec(`
    DROP POLICY IF EXISTS objects_readable ON objects;
    CREATE ROLE ${role} NOLOGIN;
    GRANT USAGE ON SCHEMA public TO ${role};
    GRANT SELECT ON objects, object_read_keys, pages, group_user_members, group_closure TO ${role};
    ALTER TABLE objects ENABLE ROW LEVEL SECURITY;
    CREATE POLICY objects_readable ON objects FOR SELECT TO ${role}
      USING (read_keys && (SELECT current_setting('parapet.read_keys')::int[]));`);
  return {
    role,
    async remove() {
      await db.exec(`
        DROP POLICY IF EXISTS objects_readable ON objects;
        ALTER TABLE objects DISABLE ROW LEVEL SECURITY;
        REVOKE ALL ON objects, object_read_keys, pages, group_user_members, group_closure FROM ${role};
        REVOKE USAGE ON SCHEMA public FROM ${role};
        DROP ROLE ${role};`);
    },
    asUser: (user, fn) =>
      db.transaction(async (tx) => {
        await tx.query(sql`
          SELECT set_config('parapet.read_keys',
                   (SELECT (ARRAY[1, 2] || coalesce(array_agg(group_id), '{}'::int[]))::text
                      FROM group_user_members WHERE user_id = ${user.userId}), true),
                 set_config('role', ${role}, true)`);
        return fn(tx);
      }),
  };
}
