-- Report access follows the product's current role groups and the report's current members (issue 10, items
-- 1 and 2): access is derived, never copied.
--
-- Before: a report's participants group nested the security team group the product had when the report was
-- built, its edit and publish groups were that team group, the incident managers were nested in the team group
-- itself, and assigning a report made the assignee a direct member of its participants group. Changing the
-- product's role groups or the assignee took no access away.
--
-- After: every product has a staff group (kind 'product', managed by Parapet, never edited by hand) whose only
-- members are the product's current security team group and incident-manager group. Each report's participants
-- group nests the staff group, and the report's edit and publish groups are the staff group. Changing a
-- product's role groups changes one group's nesting, and the closure and read keys follow in the same
-- transaction. Assignment grants nothing: the assignee reads the report as a member of the team.

ALTER TABLE groups DROP CONSTRAINT groups_kind_check;
ALTER TABLE groups ADD CONSTRAINT groups_kind_check CHECK (kind IN ('builtin', 'custom', 'object', 'product'));

ALTER TABLE products ADD COLUMN staff_group_id integer REFERENCES groups (id);

-- One staff group per product (the temporary column maps each new group to its product).
ALTER TABLE groups ADD COLUMN migration_product_id integer;
INSERT INTO groups (kind, name, name_key, description, migration_product_id, created_at, updated_at)
SELECT 'product', 'Staff of ' || p.name, 'staff of ' || p.name_key,
       'Managed by Parapet: the security team and the incident managers of ' || p.name
         || '. Nested in every report of the product; change the product''s role groups to change it.',
       p.id, p.created_at, p.created_at
  FROM products p;
UPDATE products p SET staff_group_id = g.id FROM groups g WHERE g.migration_product_id = p.id;
ALTER TABLE groups DROP COLUMN migration_product_id;
ALTER TABLE products ALTER COLUMN staff_group_id SET NOT NULL;
CREATE UNIQUE INDEX products_staff_group ON products (staff_group_id);

-- The staff group's members: the team and the incident managers.
INSERT INTO group_group_members (group_id, member_group_id, added_at)
SELECT p.staff_group_id, p.team_group_id, p.created_at FROM products p;
INSERT INTO group_group_members (group_id, member_group_id, added_at)
SELECT p.staff_group_id, p.incident_manager_group_id, p.created_at FROM products p
 WHERE p.incident_manager_group_id IS NOT NULL AND p.incident_manager_group_id <> p.team_group_id
ON CONFLICT DO NOTHING;

-- The incident managers were nested in the team group so that they read its reports; the staff group does that
-- now, so the nesting made for the role goes (a team group keeps any other nesting an administrator made).
DELETE FROM group_group_members gm
 USING products p
 WHERE gm.group_id = p.team_group_id AND gm.member_group_id = p.incident_manager_group_id;

-- Each report's participants group nests its product's staff group instead of the team group it copied.
DELETE FROM group_group_members gm
 USING reports r, objects o
 WHERE o.id = r.object_id AND gm.group_id = r.participants_group_id AND gm.member_group_id = o.edit_group_id;
INSERT INTO group_group_members (group_id, member_group_id, added_at)
SELECT r.participants_group_id, p.staff_group_id, r.received_at
  FROM reports r JOIN products p ON p.id = r.product_id
ON CONFLICT DO NOTHING;
UPDATE objects o SET edit_group_id = p.staff_group_id, publish_group_id = p.staff_group_id
  FROM reports r JOIN products p ON p.id = r.product_id
 WHERE o.id = r.object_id;

-- Assignment no longer grants: memberships that assignments (current or earlier, from the audit trail) left in
-- participants groups go, unless the user has a role on the report (reporter, co-reporter, collaborator).
DELETE FROM group_user_members m
 USING reports r
 WHERE m.group_id = r.participants_group_id
   AND (m.user_id = r.assignee_id
        OR m.user_id IN (SELECT (a.after ->> 'assigneeId')::int FROM audit_events a
                          WHERE a.action = 'report.assigned' AND a.target_type = 'report'
                            AND a.target_id = r.object_id::text AND a.after ->> 'assigneeId' IS NOT NULL))
   AND NOT EXISTS (SELECT 1 FROM report_members rm WHERE rm.report_id = r.object_id AND rm.user_id = m.user_id);

-- The closure, every object's read keys and the key index, derived again from the nesting.
DELETE FROM group_closure;
INSERT INTO group_closure (ancestor_id, descendant_id)
WITH RECURSIVE reach (ancestor_id, descendant_id) AS (
  SELECT id, id FROM groups
  UNION
  SELECT r.ancestor_id, e.member_group_id FROM reach r JOIN group_group_members e ON e.group_id = r.descendant_id
)
SELECT ancestor_id, descendant_id FROM reach;
UPDATE objects o
   SET read_keys = (SELECT array_agg(c.descendant_id ORDER BY c.descendant_id) FROM group_closure c WHERE c.ancestor_id = o.read_group_id);
DELETE FROM object_read_keys;
INSERT INTO object_read_keys (group_id, type, created_at, object_id)
SELECT k, o.type, o.created_at, o.id FROM objects o, unnest(o.read_keys) AS k;

-- A CVE ID may stand on several reports (duplicates, one vulnerability in several products). Uniqueness across
-- every report let a team member learn, from the refusal, which CVE IDs other products' embargoed reports hold;
-- the service now refuses only a CVE ID on a report the team member can read (issue 10, item 8).
ALTER TABLE reports DROP CONSTRAINT reports_cve_id_key;
CREATE INDEX reports_cve ON reports (cve_id) WHERE cve_id IS NOT NULL;
