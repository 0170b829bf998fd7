// A statement profiler for the intake benchmark's server (BENCH_PROFILE=1): wraps the Database so that every
// statement is timed and charged to the Parapet function that ran it (found on the stack), and every
// transaction's wait for a connection (PGlite: for the single connection), body and COMMIT are timed.
// Capturing a stack per statement slows the server down; profiled runs are for reading proportions only.
import type { Sql } from 'sql-template-tag';
import type { Database, Queryable, Tx } from '../../src/db/database.ts';

interface Cell {
  count: number;
  ms: number;
}

export interface Profiler {
  snapshot(): {
    transactions: { count: number; waitMs: number; bodyMs: number; commitMs: number };
    outsideTransactions: Cell;
    statements: { caller: string; sql: string; count: number; totalMs: number; meanMs: number }[];
  };
  reset(): void;
}

const OWN_FRAMES = /\/src\/db\/|\/src\/jobs\/queue\.ts|\/bench\/intake\/profile\.ts/;

/** The first Parapet function on the stack that is not the database layer: `name (file:line)`. */
function callerOf(stack: string | undefined): string {
  const lines = (stack ?? '').split('\n').slice(1);
  for (const line of lines) {
    if (!line.includes('/src/') || OWN_FRAMES.test(line)) continue;
    const m = /at (?:async )?([^\s(]+)? ?\(?.*\/src\/(.+?):(\d+):\d+\)?$/.exec(line.trim());
    if (m) return `${m[1] ?? '<anonymous>'} (${m[2]}:${m[3]})`;
  }
  return lines.some((l) => l.includes('pg-boss')) ? 'pg-boss' : '<unknown>';
}

function shortSql(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 90);
}

export function profiled(inner: Database): { db: Database; profiler: Profiler } {
  Error.stackTraceLimit = 40;
  let cells = new Map<string, Cell & { caller: string; sql: string }>();
  let tx = { count: 0, waitMs: 0, bodyMs: 0, commitMs: 0 };
  let outside: Cell = { count: 0, ms: 0 };

  const charge = (caller: string, text: string, ms: number, inTx: boolean) => {
    const key = `${caller}\u0000${text}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { caller, sql: text, count: 0, ms: 0 }));
    c.count++;
    c.ms += ms;
    if (!inTx) {
      outside.count++;
      outside.ms += ms;
    }
  };

  const timedQueryable = <Q extends Queryable>(q: Q, inTx: boolean): Q => ({
    ...q,
    async query<T>(statement: Sql): Promise<T[]> {
      const caller = callerOf(new Error().stack);
      const t0 = performance.now();
      try {
        return await q.query<T>(statement);
      } finally {
        charge(caller, shortSql(statement.text), performance.now() - t0, inTx);
      }
    },
    async exec(script: string): Promise<void> {
      const caller = callerOf(new Error().stack);
      const t0 = performance.now();
      try {
        await q.exec(script);
      } finally {
        charge(caller, shortSql(script), performance.now() - t0, inTx);
      }
    },
    async rawQuery(text: string, values?: unknown[]) {
      const caller = callerOf(new Error().stack);
      const t0 = performance.now();
      try {
        return await q.rawQuery(text, values);
      } finally {
        charge(caller, shortSql(text), performance.now() - t0, inTx);
      }
    },
  });

  const base = timedQueryable(inner, false);
  const db: Database = {
    kind: inner.kind,
    query: base.query,
    exec: base.exec,
    rawQuery: base.rawQuery,
    async transaction<T>(fn: (t: Tx) => Promise<T>): Promise<T> {
      const asked = performance.now();
      let began = 0;
      let ended = 0;
      try {
        return await inner.transaction(async (t) => {
          began = performance.now();
          try {
            return await fn(timedQueryable(t, true));
          } finally {
            ended = performance.now();
          }
        });
      } finally {
        const done = performance.now();
        tx.count++;
        if (began) {
          tx.waitMs += began - asked;
          tx.bodyMs += ended - began;
          tx.commitMs += done - ended;
        }
      }
    },
    close: () => inner.close(),
  };

  return {
    db,
    profiler: {
      snapshot() {
        const round = (n: number) => Math.round(n * 10) / 10;
        return {
          transactions: { count: tx.count, waitMs: round(tx.waitMs), bodyMs: round(tx.bodyMs), commitMs: round(tx.commitMs) },
          outsideTransactions: { count: outside.count, ms: round(outside.ms) },
          statements: [...cells.values()]
            .sort((a, b) => b.ms - a.ms)
            .map((c) => ({
              caller: c.caller,
              sql: c.sql,
              count: c.count,
              totalMs: round(c.ms),
              meanMs: Math.round((c.ms / c.count) * 1000) / 1000,
            })),
        };
      },
      reset() {
        cells = new Map();
        tx = { count: 0, waitMs: 0, bodyMs: 0, commitMs: 0 };
        outside = { count: 0, ms: 0 };
      },
    },
  };
}
