// Checks that the seeded data is what Parapet itself would have written, and that the approaches agree.
// 1. For a sample of objects, the read keys and object_read_keys rows are recomputed with the repository's
//    own maintenance function (setObjectReadKeys) and compared with the seeded ones; the sample's read
//    groups' closure rows are compared with a walk of group_group_members. (Recomputed in a transaction
//    that is rolled back, so the measured data is untouched.)
// 2. For every measured user, Parapet's count of readable objects equals the count under the naive filter
//    over the effective groups walked from group_group_members.
import { setObjectReadKeys } from '../../src/access/read-keys-repository.ts';
import { sql, type Database } from '../../src/db/database.ts';
import { countObjects } from '../../src/domain/objects/search-repository.ts';
import { seededRandom } from '../lib/stats.ts';
import { PAGE, reporterObjects, type ScaleSpec } from './model.ts';
import type { Subject } from './subjects.ts';

class Rollback extends Error {}

interface KeyState {
  readKeys: number[];
  indexRows: string;
  closure: number[];
}

export async function verifySample(db: Database, spec: ScaleSpec, size = 200): Promise<number> {
  const random = seededRandom(2);
  const ids = new Set(reporterObjects(spec));
  while (ids.size < size) ids.add(1 + Math.floor(random() * spec.objects));
  const sample = [...ids];
  const mismatches: string[] = [];
  try {
    await db.transaction(async (tx) => {
      const state = async (id: number): Promise<KeyState> => {
        const o = await tx.query<{ read_keys: number[]; read_group_id: number }>(
          sql`SELECT read_keys, read_group_id FROM objects WHERE id = ${id}`,
        );
        const rows = await tx.query<{ r: string }>(sql`
          SELECT string_agg(group_id || '/' || type || '/' || created_at::text, ',' ORDER BY group_id) AS r
            FROM object_read_keys WHERE object_id = ${id}`);
        const walked = await tx.query<{ ids: number[] }>(sql`
          WITH RECURSIVE down (id) AS (
            SELECT ${o[0]!.read_group_id}::int
            UNION
            SELECT e.member_group_id FROM down JOIN group_group_members e ON e.group_id = down.id
          )
          SELECT array_agg(id ORDER BY id) AS ids FROM down`);
        const closure = await tx.query<{ ids: number[] }>(sql`
          SELECT array_agg(descendant_id ORDER BY descendant_id) AS ids FROM group_closure WHERE ancestor_id = ${o[0]!.read_group_id}`);
        if (JSON.stringify(walked[0]!.ids) !== JSON.stringify(closure[0]!.ids)) {
          mismatches.push(`object ${id}: group_closure of its read group differs from a walk of group_group_members`);
        }
        return { readKeys: o[0]!.read_keys, indexRows: rows[0]!.r, closure: closure[0]!.ids };
      };
      for (const id of sample) {
        const seeded = await state(id);
        await setObjectReadKeys(tx, id);
        const recomputed = await state(id);
        if (JSON.stringify(seeded) !== JSON.stringify(recomputed)) {
          mismatches.push(`object ${id}: seeded ${JSON.stringify(seeded)} ≠ repository ${JSON.stringify(recomputed)}`);
        }
      }
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  if (mismatches.length > 0) throw new Error(`seeded read keys differ from the repository's:\n${mismatches.slice(0, 5).join('\n')}`);
  return sample.length;
}

export interface Visibility {
  readable: number;
  share: number;
  effectiveGroups: number;
}

export async function visibility(db: Database, spec: ScaleSpec, subject: Subject): Promise<Visibility> {
  const readable = await countObjects(subject.session, db, { type: PAGE });
  const naive = await db.query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM objects o WHERE o.type = ${PAGE} AND o.read_group_id = ANY(${subject.effectiveGroups}::int[])`);
  if (naive[0]!.n !== readable) {
    throw new Error(`${subject.density}: Parapet counts ${readable} readable objects, the naive filter ${naive[0]!.n}`);
  }
  return { readable, share: Math.round((readable / spec.objects) * 1e5) / 1e5, effectiveGroups: subject.effectiveGroups.length };
}
