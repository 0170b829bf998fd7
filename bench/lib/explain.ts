// A Queryable that shows the plan of every statement it runs (EXPLAIN ANALYZE), for investigating a
// benchmark's query plans. Only used by the --explain mode, never while timing.
import type { Sql } from 'sql-template-tag';
import type { Queryable } from '../../src/db/database.ts';

export function explaining(q: Queryable, print: (text: string) => void): Queryable {
  return {
    ...q,
    async query<T>(statement: Sql): Promise<T[]> {
      if (/^\s*(SELECT|WITH)\b/i.test(statement.text) && !/set_config\(/.test(statement.text)) {
        // The database adapters read only `text` and `values`.
        const explain = { text: `EXPLAIN (ANALYZE, BUFFERS, COSTS) ${statement.text}`, values: statement.values } as unknown as Sql;
        const plan = await q.query<{ 'QUERY PLAN': string }>(explain);
        const params = statement.values.map((v) => (Array.isArray(v) && v.length > 12 ? `[${v.length} values]` : JSON.stringify(v)));
        print(
          `${statement.text.replace(/\s+/g, ' ').trim()}\n  params: ${params.join(', ')}\n${plan.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`,
        );
      }
      return q.query<T>(statement);
    },
  };
}
