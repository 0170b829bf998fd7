// The proof that a row was read through the acting session's read filter.
//
// Only the access-filtered finders (functions that apply readableBy / accessKeysSql, or read unfiltered for
// administrators and System) mark their rows with `readable`; reads of child rows (a report's timeline,
// attachments, members, versions, invitations, links) take the proof instead of a bare id, so a child row can
// be read only for an object the same request was allowed to read. test/architecture-readable.test.ts checks
// both halves: `readable(...)` is called only where a read filter is applied, and every exported repository
// function that reads a securable table either applies the filter or takes a `Readable<…>`.

declare const READABLE: unique symbol;

/** A row the acting session may read (see above): the type of a finder's answer, never built by hand. */
export type Readable<T> = T & { readonly [READABLE]: true };

/** The least a child read needs: the readable object's id. */
export type ReadableId = Readable<{ readonly id: number }>;

/** Marks rows that the calling finder read through the read filter (call it nowhere else). */
export function readable<T>(rows: T[]): Readable<T>[] {
  return rows as Readable<T>[];
}
