// SQL for pages (body text); the securable part lives in objects (see ../objects/repository.ts).
import type { ReadableId } from '../../access/readable.ts';
import type { Session } from '../../access/session.ts';
import { sql, type Queryable, type Tx } from '../../db/database.ts';

export const PAGE_TYPE = 'page';

export async function insertPageBody(_s: Session, tx: Tx, objectId: number, body: string): Promise<void> {
  await tx.query(sql`INSERT INTO pages (object_id, body) VALUES (${objectId}, ${body})`);
}

export async function updatePageBody(_s: Session, tx: Tx, objectId: number, body: string): Promise<void> {
  await tx.query(sql`UPDATE pages SET body = ${body} WHERE object_id = ${objectId}`);
}

/** Bodies of pages read through the access-filtered object repository. */
export async function pageBodies(pages: readonly ReadableId[], q: Queryable): Promise<Map<number, string>> {
  if (pages.length === 0) return new Map();
  const rows = await q.query<{ object_id: number; body: string }>(sql`
    SELECT object_id, body FROM pages WHERE object_id = ANY(${pages.map((p) => p.id)}::int[])`);
  return new Map(rows.map((r) => [r.object_id, r.body]));
}
