// The database seen by the rest of Parapet: one PostgreSQL dialect, two backends (embedded PGlite, or a
// PostgreSQL server). Repositories build queries with the `sql` tag and run them through a Queryable.
import type { Sql } from 'sql-template-tag';

export { default as sql, join, raw, empty, bulk } from 'sql-template-tag';
export type { Sql } from 'sql-template-tag';

export interface Queryable {
  /** Runs one parameterised statement and returns its rows. */
  query<T = Record<string, unknown>>(statement: Sql): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations, restore). */
  exec(script: string): Promise<void>;
  /**
   * Runs SQL text written by a library (the job queue), with parameters or as a multi-statement script, and
   * returns the rows of its last statement. Parapet's own code uses `query` with the `sql` tag instead.
   */
  rawQuery(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export type Tx = Queryable & { readonly inTransaction: true };

export type BackendKind = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly kind: BackendKind;
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The row of a statement that returns exactly one by its nature: `INSERT … RETURNING` of one row, an `UPDATE …
 * RETURNING` of a row locked before, an aggregate without GROUP BY. Anything else is a mistake in Parapet, never a
 * client's, so it is an internal error (500), not a crash further on.
 */
export function oneRow<T>(rows: readonly T[]): T {
  const row = rows[0];
  if (row === undefined || rows.length > 1)
    throw new Error(`Internal error: the statement returned ${rows.length} rows where one was expected.`);
  return row;
}

/** Errors raised by PostgreSQL carry a SQLSTATE code; both backends expose it as `code`. */
export function pgErrorCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') {
    return err.code;
  }
  return undefined;
}

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
