// Server backend: PostgreSQL through node-postgres with a connection pool.
import pg from 'pg';
import type { Sql } from 'sql-template-tag';
import type { Database, Queryable, Tx } from './database.ts';

function wrap(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(statement: Sql): Promise<T[]> {
      const result = await target.query(statement.text, statement.values as unknown[]);
      return result.rows as T[];
    },
    async exec(script: string): Promise<void> {
      await target.query(script);
    },
    async rawQuery(text: string, values?: unknown[]) {
      const result = (await target.query(text, values)) as pg.QueryResult | pg.QueryResult[];
      const last = Array.isArray(result) ? result.at(-1) : result;
      return { rows: (last?.rows ?? []) as Record<string, unknown>[] };
    },
  };
}

export async function openPostgres(connectionString: string, options: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  const client = await pool.connect();
  client.release();
  const self = wrap(pool);
  let closed = false;
  return {
    kind: 'postgres',
    query: self.query,
    exec: self.exec,
    rawQuery: self.rawQuery,
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const conn = await pool.connect();
      try {
        await conn.query('BEGIN');
        const result = await fn({ ...wrap(conn), inTransaction: true });
        await conn.query('COMMIT');
        return result;
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        conn.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
