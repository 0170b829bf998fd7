// Upgrading a database written by earlier versions (migration 0060, issue 10 items 1 and 2): reports whose access
// was copied at creation (the team group nested in the participants group and used as edit group, the incident
// managers nested in the team, assignees made direct members) are moved onto the products' staff groups, the
// grants that assignments left behind go, and the closure and read keys are derived again.
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Database } from '../../src/db/database.ts';
import { migrate, MIGRATIONS_DIR } from '../../src/db/migrate.ts';
import { backendName } from '../helpers/db.ts';
import { createTarget, type Target } from './support.ts';

const AT = '2026-03-01T10:00:00Z';
// Users: 10 team member (current assignee), 11 incident manager, 12 former assignee, 13 reporter, 14 collaborator.
const OLD_DATA = `
INSERT INTO users (id, username, username_key, created_at, updated_at) VALUES
  (10, 'tm', 'tm', '${AT}', '${AT}'), (11, 'im', 'im', '${AT}', '${AT}'), (12, 'old', 'old', '${AT}', '${AT}'),
  (13, 'rep', 'rep', '${AT}', '${AT}'), (14, 'col', 'col', '${AT}', '${AT}');
INSERT INTO groups (id, kind, name, name_key, description, created_at, updated_at) VALUES
  (200, 'custom', 'Team', 'team', '', '${AT}', '${AT}'),
  (201, 'custom', 'Managers', 'managers', '', '${AT}', '${AT}'),
  (202, 'object', 'Participants of PAR-1', 'participants of par-1', '', '${AT}', '${AT}');
INSERT INTO group_user_members (group_id, user_id, added_at) VALUES
  (200, 10, '${AT}'), (200, 12, '${AT}'), (201, 11, '${AT}'),
  (202, 13, '${AT}'), (202, 14, '${AT}'), (202, 12, '${AT}'), (202, 10, '${AT}');
INSERT INTO group_group_members (group_id, member_group_id, added_at) VALUES (200, 201, '${AT}'), (202, 200, '${AT}');
INSERT INTO group_closure (ancestor_id, descendant_id) VALUES
  (200, 200), (201, 201), (202, 202), (200, 201), (202, 200), (202, 201);
INSERT INTO products (id, name, name_key, team_group_id, incident_manager_group_id, created_at, updated_at)
  VALUES (300, 'Widget', 'widget', 200, 201, '${AT}', '${AT}');
INSERT INTO objects (id, type, title, read_group_id, edit_group_id, publish_group_id, read_keys, created_at, updated_at)
  VALUES (500, 'report', 'Old report', 202, 200, 200, ARRAY[200, 201, 202], '${AT}', '${AT}');
UPDATE groups SET owner_object_id = 500 WHERE id = 202;
INSERT INTO object_read_keys (group_id, type, created_at, object_id) VALUES
  (200, 'report', '${AT}', 500), (201, 'report', '${AT}', 500), (202, 'report', '${AT}', 500);
INSERT INTO reports (object_id, tracking_id, product_id, participants_group_id, state, state_changed_at, description,
                     disclosure_days, received_at, assignee_id)
  VALUES (500, 'PAR-1', 300, 202, 'triaged', '${AT}', 'x', 90, '${AT}', 10);
INSERT INTO report_members (report_id, user_id, role, added_at) VALUES (500, 13, 'reporter', '${AT}'), (500, 14, 'collaborator', '${AT}');
INSERT INTO audit_events (at, actor_kind, actor_name, action, target_type, target_id, after) VALUES
  ('${AT}', 'system', 'System', 'report.assigned', 'report', '500', '{"assigneeId": 12}'),
  ('${AT}', 'system', 'System', 'report.assigned', 'report', '500', '{"assigneeId": 10}');
`;

describe(`migration 0060 on a database of an earlier version (${backendName})`, () => {
  let target: Target;
  let db: Database;
  let before: string;

  beforeAll(async () => {
    target = await createTarget({ migrated: false });
    before = await mkdtemp(path.join(tmpdir(), 'parapet-migrations-'));
    for (const f of await readdir(MIGRATIONS_DIR)) if (f < '0060') await copyFile(path.join(MIGRATIONS_DIR, f), path.join(before, f));
    db = await target.open();
    await migrate(db, undefined, before);
    await db.exec(OLD_DATA);
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await target?.remove();
    await rm(before, { recursive: true, force: true });
  });

  const q = <T>(s: ReturnType<typeof sql>) => db.query<T>(s);

  it('gives the product a staff group of the team and the incident managers, and takes the old nesting away', async () => {
    const [p] = await q<{ staff_group_id: number; kind: string; name: string }>(sql`
      SELECT p.staff_group_id, g.kind, g.name FROM products p JOIN groups g ON g.id = p.staff_group_id WHERE p.id = 300`);
    expect(p).toMatchObject({ kind: 'product', name: 'Staff of Widget' });
    const edges = await q<{ group_id: number; member_group_id: number }>(sql`
      SELECT group_id, member_group_id FROM group_group_members WHERE group_id IN (200, 202, ${p!.staff_group_id}) ORDER BY 1, 2`);
    expect(edges).toEqual(
      [
        { group_id: 202, member_group_id: p!.staff_group_id },
        { group_id: p!.staff_group_id, member_group_id: 200 },
        { group_id: p!.staff_group_id, member_group_id: 201 },
      ].sort((a, b) => a.group_id - b.group_id || a.member_group_id - b.member_group_id),
    );
    const [o] = await q<{ edit_group_id: number; publish_group_id: number; read_keys: number[] }>(
      sql`SELECT edit_group_id, publish_group_id, read_keys FROM objects WHERE id = 500`,
    );
    expect(o).toEqual({
      edit_group_id: p!.staff_group_id,
      publish_group_id: p!.staff_group_id,
      read_keys: [200, 201, 202, p!.staff_group_id].sort((a, b) => a - b),
    });
    const index = await q<{ group_id: number }>(sql`SELECT group_id FROM object_read_keys WHERE object_id = 500 ORDER BY group_id`);
    expect(index.map((r) => r.group_id)).toEqual(o!.read_keys);
  });

  it("removes what assignments left in the participants group and keeps the report's members", async () => {
    const members = await q<{ user_id: number }>(sql`SELECT user_id FROM group_user_members WHERE group_id = 202 ORDER BY user_id`);
    expect(members.map((m) => m.user_id)).toEqual([13, 14]);
    // The former assignee reads the report only through the team: once out of it, no key of theirs is left.
    await db.exec('DELETE FROM group_user_members WHERE group_id = 200 AND user_id = 12');
    const [reads] = await q<{ ok: boolean }>(sql`
      SELECT EXISTS (SELECT 1 FROM objects o, group_user_members m WHERE o.id = 500 AND m.user_id = 12 AND m.group_id = ANY(o.read_keys)) AS ok`);
    expect(reads!.ok).toBe(false);
  });

  it('derives the closure again from the nesting', async () => {
    const closure = await q<{ a: number; d: number }>(sql`
      SELECT ancestor_id AS a, descendant_id AS d FROM group_closure WHERE ancestor_id IN (200, 201, 202) AND ancestor_id <> descendant_id ORDER BY 1, 2`);
    const [p] = await q<{ staff_group_id: number }>(sql`SELECT staff_group_id FROM products WHERE id = 300`);
    // The team no longer contains the incident managers; the participants group reaches both through the staff group.
    expect(closure).toEqual(
      [
        { a: 202, d: 200 },
        { a: 202, d: 201 },
        { a: 202, d: p!.staff_group_id },
      ].sort((x, y) => x.a - y.a || x.d - y.d),
    );
  });
});
