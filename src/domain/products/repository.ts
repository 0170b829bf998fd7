// SQL for the product catalogue (products, their versions and their staff-role groups). The catalogue is
// public: anyone may read it, so reads are not filtered; changes are the service's to permit.
import type { Session } from '../../access/session.ts';
import { empty, oneRow, sql, type Queryable, type Tx } from '../../db/database.ts';

export interface ProductRow {
  id: number;
  name: string;
  /** The name NFKC-normalised and lower-cased: unique. */
  name_key: string;
  description: string;
  team_group_id: number;
  incident_manager_group_id: number | null;
  /** The product's staff group (team and incident managers): its reports' edit and publish group. */
  staff_group_id: number;
  board_group_id: number | null;
  technical_group_id: number | null;
  disclosure_days: number;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface ProductVersionRow {
  id: number;
  product_id: number;
  version: string;
  /** YYYY-MM-DD, or null when not (yet) released. */
  released_on: string | null;
  created_at: Date;
}

/** The four staff-role groups of a product (seed 001). Only the security team is required. */
export interface ProductRoleGroups {
  teamGroupId: number;
  incidentManagerGroupId: number | null;
  boardGroupId: number | null;
  technicalGroupId: number | null;
}

export type RoleField = keyof ProductRoleGroups;
export const ROLE_FIELDS: readonly RoleField[] = ['teamGroupId', 'incidentManagerGroupId', 'boardGroupId', 'technicalGroupId'];

const productColumns = sql`
  p.id, p.name, p.name_key, p.description, p.team_group_id, p.incident_manager_group_id, p.staff_group_id, p.board_group_id,
  p.technical_group_id, p.disclosure_days, p.is_default, p.created_at, p.updated_at`;

// Dates as text: a `date` would otherwise become a JavaScript Date at local midnight.
const versionColumns = sql`v.id, v.product_id, v.version, to_char(v.released_on, 'YYYY-MM-DD') AS released_on, v.created_at`;

/** Every product, by name, with the default ("other / not sure") last. */
export async function listProducts(_s: Session, q: Queryable): Promise<ProductRow[]> {
  return q.query<ProductRow>(sql`SELECT ${productColumns} FROM products p ORDER BY p.is_default, p.name_key, p.id`);
}

export async function findProduct(
  _s: Session,
  q: Queryable,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<ProductRow | undefined> {
  const rows = await q.query<ProductRow>(sql`
    SELECT ${productColumns} FROM products p WHERE p.id = ${id} ${opts.forUpdate ? sql`FOR UPDATE` : empty}`);
  return rows[0];
}

/** The "other / not sure" product: reports whose product the reporter does not know go to its team. */
export async function defaultProduct(_s: Session, q: Queryable): Promise<ProductRow> {
  const rows = await q.query<ProductRow>(sql`SELECT ${productColumns} FROM products p WHERE p.is_default`);
  if (!rows[0]) throw new Error('The catalogue has no default product (migration 0020 creates it).');
  return rows[0];
}

export function roleGroupsOf(p: ProductRow): ProductRoleGroups {
  return {
    teamGroupId: p.team_group_id,
    incidentManagerGroupId: p.incident_manager_group_id,
    boardGroupId: p.board_group_id,
    technicalGroupId: p.technical_group_id,
  };
}

/** The staff-role groups of a product, or undefined when there is no such product. */
export async function productRoleGroups(s: Session, q: Queryable, productId: number): Promise<ProductRoleGroups | undefined> {
  const p = await findProduct(s, q, productId);
  return p ? roleGroupsOf(p) : undefined;
}

/** The id of the product whose name has this key (NFKC, lower case), if any. */
export async function productIdByNameKey(_s: Session, q: Queryable, nameKey: string): Promise<number | undefined> {
  const rows = await q.query<{ id: number }>(sql`SELECT id FROM products WHERE name_key = ${nameKey}`);
  return rows[0]?.id;
}

/** Names and kinds of groups, for the role groups shown to administrators. */
export async function groupNames(_s: Session, q: Queryable, ids: number[]): Promise<Map<number, { name: string; kind: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await q.query<{ id: number; name: string; kind: string }>(sql`
    SELECT id, name, kind FROM groups WHERE id = ANY(${ids}::int[])`);
  return new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind }]));
}

/** Whether a group name key is taken (auto-created role groups pick a free name). */
export async function groupNameKeyTaken(_s: Session, q: Queryable, nameKey: string): Promise<boolean> {
  const rows = await q.query(sql`SELECT 1 FROM groups WHERE name_key = ${nameKey}`);
  return rows.length > 0;
}

export async function insertProduct(
  _s: Session,
  tx: Tx,
  at: Date,
  p: { name: string; nameKey: string; description: string; disclosureDays: number; staffGroupId: number } & ProductRoleGroups,
): Promise<number> {
  const rows = await tx.query<{ id: number }>(sql`
    INSERT INTO products (name, name_key, description, team_group_id, incident_manager_group_id, staff_group_id, board_group_id,
                          technical_group_id, disclosure_days, is_default, created_at, updated_at)
    VALUES (${p.name}, ${p.nameKey}, ${p.description}, ${p.teamGroupId}, ${p.incidentManagerGroupId}, ${p.staffGroupId}, ${p.boardGroupId},
            ${p.technicalGroupId}, ${p.disclosureDays}, false, ${at}, ${at})
    RETURNING id`);
  return oneRow(rows).id;
}

/** Writes the whole changeable state of a product (the service merges a patch into the loaded row). */
export async function updateProduct(
  _s: Session,
  tx: Tx,
  at: Date,
  id: number,
  p: { name: string; nameKey: string; description: string; disclosureDays: number } & ProductRoleGroups,
): Promise<void> {
  await tx.query(sql`
    UPDATE products SET
      name = ${p.name}, name_key = ${p.nameKey}, description = ${p.description},
      team_group_id = ${p.teamGroupId}, incident_manager_group_id = ${p.incidentManagerGroupId},
      board_group_id = ${p.boardGroupId}, technical_group_id = ${p.technicalGroupId},
      disclosure_days = ${p.disclosureDays}, updated_at = ${at}
    WHERE id = ${id}`);
}

/** How many reports name the product (as their product, or among their affected products). */
export async function productReportCount(s: Session, q: Queryable, id: number): Promise<number> {
  return (await productReportCounts(s, q, [id])).get(id) ?? 0;
}

/** Report counts of several products at once. */
export async function productReportCounts(_s: Session, q: Queryable, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await q.query<{ product_id: number; n: number }>(sql`
    SELECT product_id, count(DISTINCT report_id)::int AS n FROM (
      SELECT product_id, object_id AS report_id FROM reports WHERE product_id = ANY(${ids}::int[])
      UNION ALL
      SELECT product_id, report_id FROM report_versions WHERE product_id = ANY(${ids}::int[])
    ) u GROUP BY product_id`);
  return new Map(rows.map((r) => [r.product_id, r.n]));
}

export async function deleteProductRow(_s: Session, tx: Tx, id: number): Promise<void> {
  await tx.query(sql`DELETE FROM products WHERE id = ${id}`);
}

/** Versions of the given products: the newest release first, unreleased ones last. */
export async function listVersions(_s: Session, q: Queryable, productIds: number[]): Promise<ProductVersionRow[]> {
  if (productIds.length === 0) return [];
  return q.query<ProductVersionRow>(sql`
    SELECT ${versionColumns} FROM product_versions v
     WHERE v.product_id = ANY(${productIds}::int[])
     ORDER BY v.product_id, v.released_on DESC NULLS LAST, v.created_at DESC, v.id DESC`);
}

export async function findVersion(
  _s: Session,
  q: Queryable,
  productId: number,
  versionId: number,
  opts: { forUpdate?: boolean } = {},
): Promise<ProductVersionRow | undefined> {
  const rows = await q.query<ProductVersionRow>(sql`
    SELECT ${versionColumns} FROM product_versions v
     WHERE v.id = ${versionId} AND v.product_id = ${productId} ${opts.forUpdate ? sql`FOR UPDATE` : empty}`);
  return rows[0];
}

/** Another version of the product with the same text, ignoring case. */
export async function versionIdByText(_s: Session, q: Queryable, productId: number, version: string): Promise<number | undefined> {
  const rows = await q.query<{ id: number }>(sql`
    SELECT id FROM product_versions WHERE product_id = ${productId} AND lower(version) = lower(${version})`);
  return rows[0]?.id;
}

export async function insertVersion(
  _s: Session,
  tx: Tx,
  at: Date,
  v: { productId: number; version: string; releasedOn: string | null },
): Promise<number> {
  const rows = await tx.query<{ id: number }>(sql`
    INSERT INTO product_versions (product_id, version, released_on, created_at)
    VALUES (${v.productId}, ${v.version}, ${v.releasedOn}::date, ${at})
    RETURNING id`);
  return oneRow(rows).id;
}

export async function updateVersion(_s: Session, tx: Tx, id: number, v: { version: string; releasedOn: string | null }): Promise<void> {
  await tx.query(sql`UPDATE product_versions SET version = ${v.version}, released_on = ${v.releasedOn}::date WHERE id = ${id}`);
}

export async function deleteVersion(_s: Session, tx: Tx, id: number): Promise<void> {
  await tx.query(sql`DELETE FROM product_versions WHERE id = ${id}`);
}

/** Touches the product's updated_at (a version changed). */
export async function touchProduct(_s: Session, tx: Tx, at: Date, id: number): Promise<void> {
  await tx.query(sql`UPDATE products SET updated_at = ${at} WHERE id = ${id}`);
}
