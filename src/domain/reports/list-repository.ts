// The report inbox, its searches and filters, its totals and the dashboard's open reports: the read path the
// security team uses all day, planned like the object search (docs/adr/0002-read-access-filter.md, "Reports").
// Every statement keeps only what the session may read (`read_keys && keys`, or a walk of the session's own
// keys); there is no unfiltered variant to call. The plans differ in the rows they visit, never in the rows
// they return (test/access/inbox-plans.test.ts checks every plan against a brute-force model).
import { accessKeys, readableBy, type AccessKeys } from '../../access/read-access.ts';
import { readable, type Readable } from '../../access/readable.ts';
import type { Session } from '../../access/session.ts';
import { join, raw, sql, type Queryable, type Sql } from '../../db/database.ts';
import { escapeLike } from '../groups/repository.ts';
import { objectStatistics } from '../objects/planner-statistics.ts';
import { MATCHES_FIRST_MAX, RECENT_CAP_FACTOR, RECENT_MAX_VISITS, matchShare, objectsOfType, readShare } from '../objects/read-plan.ts';
import { REPORT_TYPE, reportColumns, reportFrom, type ReportRow } from './repository.ts';
import { FINISHED, REPORT_STATES, type ReportState } from './states.ts';

export type ReportSort = 'inbox' | 'newest' | 'oldest' | 'severity' | 'disclosure' | 'updated';

export interface ReportFilter {
  states?: ReportState[];
  productId?: number;
  severity?: string;
  assigneeId?: number;
  unassigned?: boolean;
  unacknowledged?: boolean;
  cweId?: number;
  /** Words, or an identifier: tracking id, CVE ID, CWE ("CWE-79" or "79"), or (team only) a reporter's e-mail. */
  text?: string;
  /** Only reports the user reported or co-reported. */
  reportedBy?: number;
}

export interface ReportPage {
  sort: ReportSort;
  limit: number;
  offset: number;
}

/**
 * The states as SQL literals (never input): a partial index is used only when the query repeats its predicate,
 * which a bound parameter does not. The same list as migration 0067's report_list_rank and
 * reports_finished_recent (a test checks them).
 */
function stateList(states: readonly ReportState[]): Sql {
  for (const s of states) if (!REPORT_STATES.includes(s)) throw new Error(`not a report state: ${s}`);
  return raw(`(${states.map((s) => `'${s}'`).join(', ')})`);
}
export const FINISHED_SQL = sql`r.state IN ${stateList(FINISHED)}`;

/** Open reports (list rank 0: not acknowledged, 1: acknowledged); finished reports have rank 2 (migration 0067). */
export const OPEN_RANK_MAX = 1;

const SORTS: Record<ReportSort, Sql> = {
  // Open reports nobody has acknowledged first (the longest waiting on top), then the other open reports by age,
  // then finished ones (closed, spam, disclosed...), the most recently finished first.
  inbox: sql`CASE WHEN ${FINISHED_SQL} THEN 2 WHEN r.acknowledged_at IS NULL THEN 0 ELSE 1 END ASC,
             CASE WHEN ${FINISHED_SQL} THEN r.state_changed_at END DESC NULLS LAST, r.received_at ASC, r.object_id ASC`,
  newest: sql`r.received_at DESC, r.object_id DESC`,
  oldest: sql`r.received_at ASC, r.object_id ASC`,
  severity: sql`r.cvss_score DESC NULLS LAST, r.received_at ASC, r.object_id ASC`,
  disclosure: sql`(COALESCE(r.preferred_disclosure_on, (r.received_at AT TIME ZONE 'UTC')::date + r.disclosure_days) + r.extension_days) ASC, r.object_id ASC`,
  updated: sql`o.updated_at DESC, r.object_id DESC`,
};
/** The inbox order within its open segment (a report's object is created at its receipt: created_at = received_at). */
const OPEN_ORDER = sql`o.list_rank, o.created_at, o.id`;
/** …and within its finished segment (index reports_finished_recent). */
const FINISHED_ORDER = sql`r.state_changed_at DESC, r.received_at, r.object_id`;

/** True for reports the keys may edit (their team): only these can be found by their reporters' addresses. */
function editableBy(keys: AccessKeys): Sql {
  if (keys.unrestricted) return sql`TRUE`;
  return sql`EXISTS (SELECT 1 FROM group_closure c WHERE c.ancestor_id = o.edit_group_id AND c.descendant_id = ANY(${keys.keys}::int[]))`;
}

/** The identifiers a search text may be besides words: a tracking id, a CVE ID, a CWE. */
function identifiers(text: string): { tracking: string; cve: string | undefined; cwe: number | undefined; email: boolean } {
  const q = text.trim();
  const cwe = /^(?:CWE-?)?(\d{1,6})$/i.exec(q);
  return {
    tracking: q.toUpperCase(),
    cve: /^CVE-\d{4}-\d{4,}$/i.test(q) ? q.toUpperCase() : undefined,
    cwe: cwe ? Number(cwe[1]) : undefined,
    email: q.includes('@') && q.length >= 3,
  };
}

/**
 * The search: the words in title and text, or the identifiers people paste: a tracking id, a CVE ID, a CWE
 * ("CWE-79", or a bare number, which also searches the words), and for the report's team only, a reporter's
 * e-mail address or part of one (the contact address, and the accounts of reporters and co-reporters).
 */
function searchFor(keys: AccessKeys, text: string): Sql {
  const q = text.trim();
  const id = identifiers(q);
  const parts: Sql[] = [sql`o.search @@ plainto_tsquery('simple', ${q})`, sql`r.tracking_id = ${id.tracking}`];
  if (id.cve) parts.push(sql`r.cve_id = ${id.cve}`);
  if (id.cwe !== undefined) parts.push(sql`r.cwe_id = ${id.cwe}`);
  if (id.email) {
    const like = `%${escapeLike(q.toLowerCase())}%`;
    parts.push(sql`(${editableBy(keys)} AND (lower(r.contact_email) LIKE ${like} ESCAPE '\\'
      OR EXISTS (SELECT 1 FROM report_members m JOIN users ru ON ru.id = m.user_id
                  WHERE m.report_id = r.object_id AND m.role IN ('reporter', 'co_reporter') AND lower(ru.email) LIKE ${like} ESCAPE '\\')))`);
  }
  return sql`(${join(parts, ' OR ')})`;
}

/** The filter's conditions on `r` (reports) and `o` (its object), without the read filter. */
function conditions(keys: AccessKeys, f: ReportFilter): Sql[] {
  const parts: Sql[] = [];
  if (f.states?.length) parts.push(sql`r.state = ANY(${f.states}::text[])`);
  if (f.productId !== undefined) parts.push(sql`r.product_id = ${f.productId}`);
  if (f.severity !== undefined) parts.push(f.severity === 'unscored' ? sql`r.severity IS NULL` : sql`r.severity = ${f.severity}`);
  if (f.assigneeId !== undefined) parts.push(sql`r.assignee_id = ${f.assigneeId}`);
  if (f.unassigned) parts.push(sql`r.assignee_id IS NULL`);
  if (f.unacknowledged) parts.push(sql`r.acknowledged_at IS NULL`);
  if (f.cweId !== undefined) parts.push(sql`r.cwe_id = ${f.cweId}`);
  if (f.text) parts.push(searchFor(keys, f.text));
  if (f.reportedBy !== undefined) {
    parts.push(sql`EXISTS (SELECT 1 FROM report_members m WHERE m.report_id = r.object_id AND m.user_id = ${f.reportedBy}
                           AND m.role IN ('reporter', 'co_reporter'))`);
  }
  return parts;
}

function all(parts: Sql[]): Sql {
  return parts.length ? join(parts, ' AND ') : sql`TRUE`;
}

function whereFor(keys: AccessKeys, f: ReportFilter): Sql {
  return all([readableBy(keys), ...conditions(keys, f)]);
}

/** Only open (or only finished) reports are asked for: the other inbox segment is empty. */
function segmentsOf(f: ReportFilter): { open: boolean; finished: boolean } {
  if (!f.states?.length) return { open: true, finished: true };
  return { open: f.states.some((s) => !FINISHED.includes(s)), finished: f.states.some((s) => FINISHED.includes(s)) };
}

/**
 * How a list runs (see ../objects/read-plan.ts for the object search these follow):
 * - unrestricted: administrators and System; the inbox walks its segments in index order.
 * - walk: per access key, the key's open reports in inbox order (object_read_keys_ranked), stopping after a
 *   page; rows visited ≈ page ÷ share matching, per key, whatever share of the reports the session reads.
 * - recent: the administrator's walk of the open segment, keeping readable rows; for sessions reading a large
 *   share; at most `cap` rows, then the filter.
 * - matches-first: the few reports a search matches (text index, identifiers), then the readable ones.
 * - filter: one statement with `read_keys && keys`, planned by PostgreSQL (other orders, e-mail searches).
 * The walks cover the open segment; finished reports, reached only when fewer open ones match than a page
 * holds, come from the filter in their own order.
 */
export type ReportPlan = 'unrestricted' | 'walk' | 'recent' | 'matches-first' | 'filter';

export interface ReportPlanChoice {
  plan: ReportPlan;
  /** For 'recent': the open rows read at most before the filter takes over. */
  cap?: number;
}

/** The recency walk is chosen for sessions reading at least this share (a row read in order costs about a
 *  quarter of a probe by id: ADR 0002). */
const RECENT_MIN_READ_SHARE = 0.25;

async function planFor(q: Queryable, keys: AccessKeys, f: ReportFilter, page: ReportPage): Promise<ReportPlanChoice> {
  const text = f.text?.trim();
  const emailSearch = text !== undefined && identifiers(text).email;
  if (keys.unrestricted && !text) return { plan: 'unrestricted' };
  const stats = await objectStatistics(q);
  const share = text ? matchShare(stats, text, undefined) : 1;
  const ofType = objectsOfType(stats, REPORT_TYPE);
  if (text && !emailSearch && share !== undefined && ofType !== undefined && share * ofType <= MATCHES_FIRST_MAX) {
    return { plan: 'matches-first' };
  }
  if (keys.unrestricted) return { plan: 'unrestricted' };
  if (page.sort !== 'inbox' || emailSearch || !segmentsOf(f).open) return { plan: 'filter' };
  const readable = readShare(stats, keys.keys);
  if (readable >= RECENT_MIN_READ_SHARE && share !== undefined && share > 0) {
    const visits = (page.offset + page.limit) / (share * readable);
    if (visits <= RECENT_MAX_VISITS) return { plan: 'recent', cap: Math.ceil(RECENT_CAP_FACTOR * visits) };
  }
  return { plan: 'walk' };
}

/** The plan listReports uses for this session, filter and page. */
export async function reportListPlan(s: Session, q: Queryable, f: ReportFilter, page: ReportPage, keys?: AccessKeys): Promise<ReportPlan> {
  return (await planFor(q, keys ?? (await accessKeys(s, q)), f, page)).plan;
}

/** Readable reports matching a filter, sorted and paged. `keys`: the session's, when the caller loaded them. */
export async function listReports(
  s: Session,
  q: Queryable,
  f: ReportFilter,
  page: ReportPage,
  keys?: AccessKeys,
): Promise<Readable<ReportRow>[]> {
  const k = keys ?? (await accessKeys(s, q));
  return readable(await runPlan(q, k, f, page, await planFor(q, k, f, page)));
}

/**
 * listReports with a plan chosen by the caller (tests compare every plan; the benchmark reports the choice).
 * Never widens what the session reads: an unrestricted plan for a restricted session runs the filter.
 */
export async function listReportsWithPlan(
  s: Session,
  q: Queryable,
  f: ReportFilter,
  page: ReportPage,
  choice: ReportPlanChoice,
  keys?: AccessKeys,
): Promise<Readable<ReportRow>[]> {
  const k = keys ?? (await accessKeys(s, q));
  const plan = k.unrestricted
    ? choice.plan === 'matches-first'
      ? choice
      : { plan: 'unrestricted' as const }
    : choice.plan === 'unrestricted'
      ? { plan: 'filter' as const }
      : choice;
  return readable(await runPlan(q, k, f, page, plan));
}

async function runPlan(q: Queryable, keys: AccessKeys, f: ReportFilter, page: ReportPage, choice: ReportPlanChoice): Promise<ReportRow[]> {
  switch (choice.plan) {
    case 'matches-first':
      return matchesFirst(q, keys, f, page);
    case 'filter':
      return filtered(q, keys, f, page);
    case 'unrestricted':
      if (page.sort !== 'inbox') return filtered(q, keys, f, page);
      return bySegment(q, keys, f, page, (wanted) => openSegment(q, keys, f, wanted));
    case 'walk':
      if (keys.unrestricted) throw new Error('the key walk needs a restricted session');
      return bySegment(q, keys, f, page, (wanted) => walkOpen(q, keys.keys, f, wanted));
    case 'recent':
      return bySegment(q, keys, f, page, async (wanted) => {
        const cap = choice.cap ?? RECENT_MAX_VISITS;
        const rows = await openSegment(q, keys, f, wanted, cap);
        // Fewer than wanted: the cap may have cut the walk short; the uncapped walk is exact.
        return rows.length < wanted ? openSegment(q, keys, f, wanted) : rows;
      });
  }
}

/** One statement, planned by PostgreSQL: the session's keys as a value it can plan with. */
function filtered(q: Queryable, keys: AccessKeys, f: ReportFilter, page: ReportPage): Promise<ReportRow[]> {
  return q.query<ReportRow>(sql`
    SELECT ${reportColumns} ${reportFrom}
     WHERE ${whereFor(keys, f)}
     ORDER BY ${SORTS[page.sort]} LIMIT ${page.limit} OFFSET ${page.offset}`);
}

/** The filter's search text, which the matches-first plan starts from (planFor chooses it only for a search). */
function searchText(f: ReportFilter): string {
  if (f.text === undefined) throw new Error('Internal error: the matches-first plan needs a search text.');
  return f.text;
}

/** The reports a search text matches whoever reads them (the text index and the identifiers' indexes). */
function textMatches(text: string): Sql {
  const q = text.trim();
  const id = identifiers(q);
  const parts: Sql[] = [
    sql`SELECT o.id FROM objects o WHERE o.type = ${REPORT_TYPE} AND o.search @@ plainto_tsquery('simple', ${q})`,
    sql`SELECT object_id FROM reports WHERE tracking_id = ${id.tracking}`,
  ];
  if (id.cve) parts.push(sql`SELECT object_id FROM reports WHERE cve_id = ${id.cve}`);
  if (id.cwe !== undefined) parts.push(sql`SELECT object_id FROM reports WHERE cwe_id = ${id.cwe}`);
  return join(parts, ' UNION ');
}

function matchesFirst(q: Queryable, keys: AccessKeys, f: ReportFilter, page: ReportPage): Promise<ReportRow[]> {
  return q.query<ReportRow>(sql`
    WITH m (id) AS MATERIALIZED (${textMatches(searchText(f))})
    SELECT ${reportColumns} FROM m JOIN reports r ON r.object_id = m.id JOIN objects o ON o.id = r.object_id
      JOIN products p ON p.id = r.product_id LEFT JOIN users u ON u.id = r.assignee_id LEFT JOIN reports d ON d.object_id = r.duplicate_of
     WHERE ${whereFor(keys, f)}
     ORDER BY ${SORTS[page.sort]} LIMIT ${page.limit} OFFSET ${page.offset}`);
}

/**
 * The inbox in two segments: open reports (rank, then time) from `open`, and only when fewer than a page's
 * worth match, the most recently finished ones. Exact for any offset: the first segment is read up to
 * offset + limit rows.
 */
async function bySegment(
  q: Queryable,
  keys: AccessKeys,
  f: ReportFilter,
  page: ReportPage,
  open: (wanted: number) => Promise<ReportRow[]>,
): Promise<ReportRow[]> {
  const wanted = page.offset + page.limit;
  const segments = segmentsOf(f);
  const first = segments.open ? await open(wanted) : [];
  let rows = first;
  if (first.length < wanted && segments.finished) {
    // A session reading few reports starts from its keys' finished entries (the planner, estimating the keys'
    // share blindly, would walk every finished report in order); others let PostgreSQL plan the filter.
    const few = !keys.unrestricted && (await readsFew(q, keys.keys));
    const source = few
      ? sql`(SELECT DISTINCT rk.object_id AS id FROM object_read_keys rk
              WHERE rk.group_id = ANY(${keys.keys}::int[]) AND rk.type = ${REPORT_TYPE} AND rk.list_rank > ${OPEN_RANK_MAX}) ids
            JOIN reports r ON r.object_id = ids.id JOIN objects o ON o.id = r.object_id JOIN products p ON p.id = r.product_id
            LEFT JOIN users u ON u.id = r.assignee_id LEFT JOIN reports d ON d.object_id = r.duplicate_of`
      : sql`reports r JOIN objects o ON o.id = r.object_id JOIN products p ON p.id = r.product_id
            LEFT JOIN users u ON u.id = r.assignee_id LEFT JOIN reports d ON d.object_id = r.duplicate_of`;
    rows = first.concat(
      await q.query<ReportRow>(sql`
      SELECT ${reportColumns} FROM ${source}
       WHERE ${whereFor(keys, f)} AND ${FINISHED_SQL}
       ORDER BY ${FINISHED_ORDER} LIMIT ${wanted - first.length}`),
    );
  }
  return rows.slice(page.offset, wanted);
}

/** The session reads at most a few thousand reports (by the planner statistics of read_keys). */
async function readsFew(q: Queryable, keys: number[]): Promise<boolean> {
  const stats = await objectStatistics(q);
  const ofType = objectsOfType(stats, REPORT_TYPE);
  return ofType !== undefined && stats.keys !== undefined && readShare(stats, keys) * ofType <= FEW_READABLE;
}
const FEW_READABLE = 5000;

/** Open readable reports in inbox order over every object (index objects_type_ranked), at most `cap` read. */
function openSegment(q: Queryable, keys: AccessKeys, f: ReportFilter, wanted: number, cap?: number): Promise<ReportRow[]> {
  const objects =
    cap === undefined
      ? sql`objects o`
      : sql`(SELECT * FROM objects o WHERE o.type = ${REPORT_TYPE} AND o.list_rank <= ${OPEN_RANK_MAX} ORDER BY ${OPEN_ORDER} LIMIT ${cap}) o`;
  return q.query<ReportRow>(sql`
    SELECT ${reportColumns}
      FROM ${objects} JOIN reports r ON r.object_id = o.id JOIN products p ON p.id = r.product_id
      LEFT JOIN users u ON u.id = r.assignee_id LEFT JOIN reports d ON d.object_id = r.duplicate_of
     WHERE o.type = ${REPORT_TYPE} AND o.list_rank <= ${OPEN_RANK_MAX} AND ${whereFor(keys, f)}
     ORDER BY ${OPEN_ORDER} LIMIT ${wanted}`);
}

/** Each key's open reports in inbox order (object_read_keys_ranked), merged: `wanted` rows at most per key. */
function walkOpen(q: Queryable, keys: number[], f: ReportFilter, wanted: number): Promise<ReportRow[]> {
  const restricted: AccessKeys = { unrestricted: false, keys };
  return q.query<ReportRow>(sql`
    WITH walked AS (
      SELECT DISTINCT w.id, w.list_rank, w.created_at
        FROM unnest(${keys}::int[]) AS key(id)
        CROSS JOIN LATERAL (
          SELECT rk.object_id AS id, rk.list_rank, rk.created_at
            FROM object_read_keys rk JOIN objects o ON o.id = rk.object_id JOIN reports r ON r.object_id = rk.object_id
           WHERE rk.group_id = key.id AND rk.type = ${REPORT_TYPE} AND rk.list_rank <= ${OPEN_RANK_MAX}
             AND ${all(conditions(restricted, f))}
           ORDER BY rk.list_rank, rk.created_at, rk.object_id LIMIT ${wanted}
        ) w
       ORDER BY w.list_rank, w.created_at, w.id LIMIT ${wanted}
    )
    SELECT ${reportColumns}
      FROM walked JOIN objects o ON o.id = walked.id JOIN reports r ON r.object_id = o.id JOIN products p ON p.id = r.product_id
      LEFT JOIN users u ON u.id = r.assignee_id LEFT JOIN reports d ON d.object_id = r.duplicate_of
     WHERE ${readableBy(restricted)} AND o.list_rank <= ${OPEN_RANK_MAX}
     ORDER BY ${OPEN_ORDER}`);
}

/**
 * How many readable reports match a filter: exact. Without conditions (or only "open"), a restricted session
 * counts its keys' entries in object_read_keys (an index-only scan); a rare search counts its matches.
 */
export async function countReports(s: Session, q: Queryable, f: ReportFilter, keys?: AccessKeys): Promise<number> {
  const k = keys ?? (await accessKeys(s, q));
  const choice = await planFor(q, k, f, { sort: 'inbox', limit: 1, offset: 0 });
  const conds = conditions(k, f);
  let statement: Sql;
  if (choice.plan === 'matches-first') {
    statement = sql`
      WITH m (id) AS MATERIALIZED (${textMatches(searchText(f))})
      SELECT count(*)::int AS n FROM m JOIN reports r ON r.object_id = m.id JOIN objects o ON o.id = r.object_id
       WHERE ${whereFor(k, f)}`;
  } else if (!k.unrestricted && conds.length === 0) {
    statement = sql`
      SELECT count(DISTINCT rk.object_id)::int AS n FROM object_read_keys rk
       WHERE rk.group_id = ANY(${k.keys}::int[]) AND rk.type = ${REPORT_TYPE}`;
  } else if (k.unrestricted && conds.length === 0) {
    statement = sql`SELECT count(*)::int AS n FROM reports`;
  } else {
    statement = sql`SELECT count(*)::int AS n FROM reports r JOIN objects o ON o.id = r.object_id WHERE ${whereFor(k, f)}`;
  }
  const rows = await q.query<{ n: number }>(statement);
  return rows[0]?.n ?? 0;
}
