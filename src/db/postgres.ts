// Server backend: PostgreSQL through node-postgres with a connection pool.
//
// A transaction is one pooled client, and a client runs one query at a time. Code that reads several things at
// once (`Promise.all` over a Queryable) is right on the pool, where each query takes its own connection; inside
// a transaction the same code would queue the queries in pg's client, which pg deprecates (removed in pg 9).
// So the transaction's Queryable queues them itself: each query starts when the one before it has finished,
// whatever the caller does, and every such call site is correct on both backends.
import pg from 'pg';
import type { Sql } from 'sql-template-tag';
import type { Database, Queryable, Tx } from './database.ts';

type Run = (text: string, values?: unknown[]) => Promise<pg.QueryResult | pg.QueryResult[]>;

function wrapRun(run: Run): Queryable {
  return {
    async query<T>(statement: Sql): Promise<T[]> {
      const result = (await run(statement.text, statement.values)) as pg.QueryResult;
      return result.rows as T[];
    },
    async exec(script: string): Promise<void> {
      await run(script);
    },
    async rawQuery(text: string, values?: unknown[]) {
      const result = await run(text, values);
      const last = Array.isArray(result) ? result.at(-1) : result;
      return { rows: (last?.rows ?? []) as Record<string, unknown>[] };
    },
  };
}

/** Runs queries on one client strictly one after another, in the order they were asked for. */
function oneAtATime(conn: pg.PoolClient): Run {
  let previous: Promise<unknown> = Promise.resolve();
  return (text, values) => {
    const next = previous.then(() => conn.query(text, values) as Promise<pg.QueryResult | pg.QueryResult[]>);
    previous = next.catch(() => {});
    return next;
  };
}

export async function openPostgres(connectionString: string, options: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  const client = await pool.connect();
  client.release();
  const self = wrapRun((text, values) => pool.query(text, values) as Promise<pg.QueryResult | pg.QueryResult[]>);
  let closed = false;
  return {
    ...self,
    kind: 'postgres',
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const conn = await pool.connect();
      // BEGIN, COMMIT and ROLLBACK take their turn too: a ROLLBACK after one query of a Promise.all failed
      // waits for the others, so none of them runs after it or on the client once it is back in the pool.
      const run = oneAtATime(conn);
      try {
        await run('BEGIN');
        const result = await fn({ ...wrapRun(run), inTransaction: true });
        await run('COMMIT');
        return result;
      } catch (err) {
        await run('ROLLBACK').catch(() => {});
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
