// Maintenance of group_closure and of the objects' read keys. Called by the group and object repositories
// inside the transaction that changes nesting or an object's read group, under one advisory lock, so the
// closure and the read keys are exact when the transaction commits.
import { sql, type Tx } from '../db/database.ts';

const NESTING_LOCK = 7_320_452;

/** Serialises every change to group nesting and read keys across connections and instances. */
export async function lockNesting(tx: Tx): Promise<void> {
  await tx.query(sql`SELECT pg_advisory_xact_lock(${NESTING_LOCK})`);
}

export async function addClosureRow(tx: Tx, groupId: number): Promise<void> {
  await tx.query(sql`INSERT INTO group_closure (ancestor_id, descendant_id) VALUES (${groupId}, ${groupId})`);
}

/** True when `descendantId` is `ancestorId` or nested in it at any depth. */
export async function isNestedIn(tx: Tx, descendantId: number, ancestorId: number): Promise<boolean> {
  const rows = await tx.query(sql`
    SELECT 1 FROM group_closure WHERE ancestor_id = ${ancestorId} AND descendant_id = ${descendantId}`);
  return rows.length > 0;
}

/** After adding the edge parent ⊇ member: every ancestor of parent gains every descendant of member. */
export async function closureAddEdge(tx: Tx, parentId: number, memberId: number): Promise<void> {
  await tx.query(sql`
    INSERT INTO group_closure (ancestor_id, descendant_id)
    SELECT a.ancestor_id, d.descendant_id
      FROM group_closure a, group_closure d
     WHERE a.descendant_id = ${parentId} AND d.ancestor_id = ${memberId}
    ON CONFLICT DO NOTHING`);
  await refreshReadKeysContaining(tx, parentId);
}

/**
 * After removing the edge parent ⊇ member: the pairs (ancestor of parent, descendant of member) are dropped
 * and those still joined by another path through the remaining edges are derived again.
 */
export async function closureRemoveEdge(tx: Tx, parentId: number, memberId: number): Promise<void> {
  await tx.query(sql`
    CREATE TEMP TABLE IF NOT EXISTS closure_affected_up (id integer PRIMARY KEY) ON COMMIT DROP`);
  await tx.query(sql`
    CREATE TEMP TABLE IF NOT EXISTS closure_affected_down (id integer PRIMARY KEY) ON COMMIT DROP`);
  await tx.query(sql`DELETE FROM closure_affected_up`);
  await tx.query(sql`DELETE FROM closure_affected_down`);
  await tx.query(sql`
    INSERT INTO closure_affected_up SELECT ancestor_id FROM group_closure WHERE descendant_id = ${parentId}`);
  await tx.query(sql`
    INSERT INTO closure_affected_down SELECT descendant_id FROM group_closure WHERE ancestor_id = ${memberId}`);
  await tx.query(sql`
    DELETE FROM group_closure c
     USING closure_affected_up u, closure_affected_down d
     WHERE c.ancestor_id = u.id AND c.descendant_id = d.id AND c.ancestor_id <> c.descendant_id`);
  await tx.query(sql`
    WITH RECURSIVE reach (ancestor_id, descendant_id) AS (
      SELECT id, id FROM closure_affected_up
      UNION
      SELECT r.ancestor_id, e.member_group_id
        FROM reach r JOIN group_group_members e ON e.group_id = r.descendant_id
    )
    INSERT INTO group_closure (ancestor_id, descendant_id)
    SELECT r.ancestor_id, r.descendant_id FROM reach r JOIN closure_affected_down d ON d.id = r.descendant_id
    ON CONFLICT DO NOTHING`);
  // Objects that had parent among their keys are exactly those whose keys may have shrunk.
  await refreshReadKeysContaining(tx, parentId);
}

/** Recomputes read_keys for every object whose keys currently include `groupId`. */
async function refreshReadKeysContaining(tx: Tx, groupId: number): Promise<void> {
  const changed = await tx.query<{ id: number }>(sql`
    UPDATE objects o
       SET read_keys = k.keys
      FROM (
        SELECT o2.id, (SELECT array_agg(c.descendant_id ORDER BY c.descendant_id)
                         FROM group_closure c WHERE c.ancestor_id = o2.read_group_id) AS keys
          FROM objects o2
         WHERE o2.read_keys @> ARRAY[${groupId}]::int[]
      ) k
     WHERE o.id = k.id AND o.read_keys IS DISTINCT FROM k.keys
    RETURNING o.id`);
  if (changed.length > 0)
    await rewriteKeyIndex(
      tx,
      changed.map((r) => r.id),
    );
}

/** Sets the read keys of one object from its read group (on create and when its read group changes). */
export async function setObjectReadKeys(tx: Tx, objectId: number): Promise<void> {
  await tx.query(sql`
    UPDATE objects o
       SET read_keys = (SELECT array_agg(c.descendant_id ORDER BY c.descendant_id)
                          FROM group_closure c WHERE c.ancestor_id = o.read_group_id)
     WHERE o.id = ${objectId}`);
  await rewriteKeyIndex(tx, [objectId]);
}

async function rewriteKeyIndex(tx: Tx, objectIds: number[]): Promise<void> {
  await tx.query(sql`DELETE FROM object_read_keys WHERE object_id = ANY(${objectIds}::int[])`);
  await tx.query(sql`
    INSERT INTO object_read_keys (group_id, type, created_at, list_rank, object_id)
    SELECT k, o.type, o.created_at, o.list_rank, o.id FROM objects o, unnest(o.read_keys) AS k
     WHERE o.id = ANY(${objectIds}::int[])`);
}

/**
 * Taken by transactions that create a new group and nest existing groups in it (a report's participants
 * group): they may run side by side, but not beside a nesting change, whose closure rows they read.
 */
export async function lockNestingShared(tx: Tx): Promise<void> {
  await tx.query(sql`SELECT pg_advisory_xact_lock_shared(${NESTING_LOCK})`);
}
