// SQL for reports. Every read joins the report's securable object and keeps only what the session may read
// (readableBy), so a report outside the session's read access is simply not there.
import { accessKeys, readableBy, type AccessKeys } from '../../access/read-access.ts';
import { readable, type Readable } from '../../access/readable.ts';
import type { Session } from '../../access/session.ts';
import { empty, join, raw, sql, type Queryable, type Sql, type Tx } from '../../db/database.ts';
import type { ReportState } from './states.ts';

export const REPORT_TYPE = 'report';

export interface ReportRow {
  id: number;
  title: string;
  read_group_id: number;
  edit_group_id: number;
  publish_group_id: number;
  published: boolean;
  tracking_id: string;
  product_id: number;
  product_name: string;
  participants_group_id: number;
  state: ReportState;
  state_changed_at: Date;
  resume_state: ReportState | null;
  duplicate_of: number | null;
  duplicate_of_tracking_id: string | null;
  description: string;
  affected_versions_text: string;
  steps: string;
  impact: string;
  component: string;
  cvss_vector: string | null;
  cvss_version: string | null;
  cvss_score: string | null;
  severity: string | null;
  risk_override: 'low' | 'high' | null;
  cwe_id: number | null;
  found_by: string;
  cve_id: string | null;
  reporter_user_id: number | null;
  contact_name: string;
  contact_email: string | null;
  reporter_pgp_key: string | null;
  credit_name: string;
  credit_consent: boolean;
  preferred_disclosure_on: string | null;
  disclosure_days: number;
  extension_days: number;
  extension_reason: string;
  assignee_id: number | null;
  assignee_username: string | null;
  received_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: number | null;
  triaged_at: Date | null;
  fixed_at: Date | null;
  disclosed_at: Date | null;
  closed_at: Date | null;
  needs_info_since: Date | null;
  needs_info_warned_at: Date | null;
  checklist: Record<string, { at: string; by: string }>;
  sla_alerts: Record<string, string>;
}

export const reportColumns = sql`o.id, o.title, o.read_group_id, o.edit_group_id, o.publish_group_id, o.published,
  r.tracking_id, r.product_id, p.name AS product_name, r.participants_group_id, r.state, r.state_changed_at,
  r.resume_state, r.duplicate_of, d.tracking_id AS duplicate_of_tracking_id, r.description,
  r.affected_versions_text, r.steps, r.impact, r.component, r.cvss_vector, r.cvss_version, r.cvss_score::text AS cvss_score,
  r.severity, r.risk_override, r.cwe_id, r.found_by, r.cve_id, r.reporter_user_id, r.contact_name, r.contact_email,
  r.reporter_pgp_key, r.credit_name, r.credit_consent, to_char(r.preferred_disclosure_on, 'YYYY-MM-DD') AS preferred_disclosure_on,
  r.disclosure_days, r.extension_days, r.extension_reason, r.assignee_id, u.username AS assignee_username,
  r.received_at, r.acknowledged_at, r.acknowledged_by, r.triaged_at, r.fixed_at, r.disclosed_at, r.closed_at,
  r.needs_info_since, r.needs_info_warned_at, r.checklist, r.sla_alerts`;

export const reportFrom = sql`FROM reports r JOIN objects o ON o.id = r.object_id JOIN products p ON p.id = r.product_id
  LEFT JOIN users u ON u.id = r.assignee_id LEFT JOIN reports d ON d.object_id = r.duplicate_of`;

export interface NewReport {
  objectId: number;
  trackingId: string;
  productId: number;
  participantsGroupId: number;
  description: string;
  affectedVersionsText: string;
  steps: string;
  impact: string;
  component: string;
  cvss: { vector: string; version: string; score: number; severity: string } | null;
  cweId: number | null;
  foundBy: string;
  reporterUserId: number | null;
  contactName: string;
  contactEmail: string | null;
  reporterPgpKey: string | null;
  creditName: string;
  creditConsent: boolean;
  preferredDisclosureOn: string | null;
  disclosureDays: number;
  submittedIp: string;
}

export async function insertReport(_s: Session, tx: Tx, at: Date, r: NewReport): Promise<void> {
  await tx.query(sql`
    INSERT INTO reports (object_id, tracking_id, product_id, participants_group_id, state, state_changed_at, description,
      affected_versions_text, steps, impact, component, cvss_vector, cvss_version, cvss_score, severity, cwe_id, found_by,
      reporter_user_id, contact_name, contact_email, reporter_pgp_key, credit_name, credit_consent, preferred_disclosure_on,
      disclosure_days, received_at, submitted_ip)
    VALUES (${r.objectId}, ${r.trackingId}, ${r.productId}, ${r.participantsGroupId}, 'new', ${at}, ${r.description},
      ${r.affectedVersionsText}, ${r.steps}, ${r.impact}, ${r.component}, ${r.cvss?.vector ?? null}, ${r.cvss?.version ?? null},
      ${r.cvss?.score ?? null}, ${r.cvss?.severity ?? null}, ${r.cweId}, ${r.foundBy}, ${r.reporterUserId}, ${r.contactName},
      ${r.contactEmail}, ${r.reporterPgpKey}, ${r.creditName}, ${r.creditConsent}, ${r.preferredDisclosureOn}::date,
      ${r.disclosureDays}, ${at}, ${r.submittedIp})`);
}

export async function findReport(
  s: Session,
  q: Queryable,
  id: number,
  opts: { forUpdate?: boolean; keys?: AccessKeys } = {},
): Promise<Readable<ReportRow> | undefined> {
  const keys = opts.keys ?? (await accessKeys(s, q));
  const rows = await q.query<ReportRow>(sql`
    SELECT ${reportColumns} ${reportFrom}
     WHERE r.object_id = ${id} AND ${readableBy(keys)}
     ${opts.forUpdate ? sql`FOR UPDATE OF r, o` : empty}`);
  return readable(rows)[0];
}

export async function findReportIdByTracking(s: Session, q: Queryable, trackingId: string): Promise<number | undefined> {
  const keys = await accessKeys(s, q);
  const rows = await q.query<{ id: number }>(sql`
    SELECT r.object_id AS id FROM reports r JOIN objects o ON o.id = r.object_id
     WHERE r.tracking_id = ${trackingId} AND ${readableBy(keys)}`);
  return rows[0]?.id;
}

/**
 * The reports among `alias` (a row of reports joined to its object `o`) that the session sees from the team side:
 * its keys reach the edit group, or it is a collaborator (reporters and link holders are on the reporter side).
 */
export function teamSide(s: Session, keys: AccessKeys): Sql {
  if (keys.unrestricted) return sql`TRUE`;
  const userId = s.kind === 'user' ? s.userId : null;
  return sql`(EXISTS (SELECT 1 FROM group_closure c WHERE c.ancestor_id = o.edit_group_id AND c.descendant_id = ANY(${keys.keys}::int[]))
              OR EXISTS (SELECT 1 FROM report_members m WHERE m.report_id = r.object_id AND m.user_id = ${userId}::int AND m.role = 'collaborator'))`;
}

export type ReportPatch = Partial<{
  state: ReportState;
  state_changed_at: Date;
  resume_state: ReportState | null;
  duplicate_of: number | null;
  description: string;
  affected_versions_text: string;
  steps: string;
  impact: string;
  component: string;
  cvss_vector: string | null;
  cvss_version: string | null;
  cvss_score: number | null;
  severity: string | null;
  risk_override: 'low' | 'high' | null;
  cwe_id: number | null;
  found_by: string;
  cve_id: string | null;
  credit_name: string;
  credit_consent: boolean;
  preferred_disclosure_on: string | null;
  disclosure_days: number;
  extension_days: number;
  extension_reason: string;
  assignee_id: number | null;
  acknowledged_at: Date | null;
  acknowledged_by: number | null;
  triaged_at: Date | null;
  fixed_at: Date | null;
  disclosed_at: Date | null;
  closed_at: Date | null;
  needs_info_since: Date | null;
  needs_info_warned_at: Date | null;
  checklist: Record<string, unknown>;
  sla_alerts: Record<string, unknown>;
}>;

const PATCHABLE = new Set<string>([
  'state',
  'state_changed_at',
  'resume_state',
  'duplicate_of',
  'description',
  'affected_versions_text',
  'steps',
  'impact',
  'component',
  'cvss_vector',
  'cvss_version',
  'cvss_score',
  'severity',
  'risk_override',
  'cwe_id',
  'found_by',
  'cve_id',
  'credit_name',
  'credit_consent',
  'preferred_disclosure_on',
  'disclosure_days',
  'extension_days',
  'extension_reason',
  'assignee_id',
  'acknowledged_at',
  'acknowledged_by',
  'triaged_at',
  'fixed_at',
  'disclosed_at',
  'closed_at',
  'needs_info_since',
  'needs_info_warned_at',
  'checklist',
  'sla_alerts',
]);
const JSON_COLUMNS = new Set(['checklist', 'sla_alerts']);

/** Changes columns of a report the caller has loaded for update (column names are checked against a fixed list). */
export async function updateReport(_s: Session, tx: Tx, at: Date, id: number, patch: ReportPatch): Promise<void> {
  const sets: Sql[] = [];
  // A patch may hold undefined for a column it leaves alone (Object.entries' type does not say so).
  const entries: [string, unknown][] = Object.entries(patch);
  for (const [column, value] of entries) {
    if (value === undefined) continue;
    if (!PATCHABLE.has(column)) throw new Error(`updateReport: ${column} is not a report column`);
    const v = JSON_COLUMNS.has(column) ? sql`${JSON.stringify(value)}::jsonb` : sql`${value}`;
    sets.push(sql`${raw(column)} = ${v}`);
  }
  if (sets.length > 0) await tx.query(sql`UPDATE reports SET ${join(sets, ', ')} WHERE object_id = ${id}`);
  await tx.query(sql`UPDATE objects SET updated_at = ${at} WHERE id = ${id}`);
}

/** Another report the session may read that already records the CVE ID (reports it may not read are not looked at). */
export async function readableReportWithCve(s: Session, q: Queryable, cveId: string, exceptReportId: number): Promise<string | undefined> {
  const keys = await accessKeys(s, q);
  const rows = await q.query<{ tracking_id: string }>(sql`
    SELECT r.tracking_id FROM reports r JOIN objects o ON o.id = r.object_id
     WHERE r.cve_id = ${cveId} AND r.object_id <> ${exceptReportId} AND ${readableBy(keys)}
     ORDER BY r.object_id LIMIT 1`);
  return rows[0]?.tracking_id;
}

// ---- similar reports (seed 003: "bugs cluster") -------------------------------------------------------------

export interface SimilarRow {
  id: number;
  tracking_id: string;
  title: string;
  state: ReportState;
  same_cwe: boolean;
  same_product: boolean;
  same_component: boolean;
  text_rank: number;
}

/**
 * Other readable reports sharing the CWE, the product or the component, or with similar words (any of the
 * report's most frequent words), best first.
 */
export async function similarReports(s: Session, q: Queryable, report: ReportRow, words: string[], limit: number): Promise<SimilarRow[]> {
  const keys = await accessKeys(s, q);
  const query = words.length ? words.join(' | ') : '';
  return q.query<SimilarRow>(sql`
    WITH scored AS (
      SELECT r.object_id AS id, r.tracking_id, o.title, r.state,
             (r.cwe_id IS NOT NULL AND r.cwe_id = ${report.cwe_id}) AS same_cwe,
             (r.product_id = ${report.product_id}) AS same_product,
             (r.component <> '' AND lower(r.component) = lower(${report.component})) AS same_component,
             CASE WHEN ${query} = '' THEN 0 ELSE ts_rank(o.search, to_tsquery('simple', ${query})) END::float8 AS text_rank
        FROM reports r JOIN objects o ON o.id = r.object_id
       WHERE r.object_id <> ${report.id} AND ${readableBy(keys)}
         AND ((r.cwe_id IS NOT NULL AND r.cwe_id = ${report.cwe_id})
              OR r.product_id = ${report.product_id}
              OR (r.component <> '' AND lower(r.component) = lower(${report.component}))
              OR (${query} <> '' AND o.search @@ to_tsquery('simple', ${query})))
    )
    SELECT * FROM scored
     ORDER BY (same_cwe::int * 3 + same_component::int * 2 + same_product::int + text_rank * 10) DESC, id DESC
     LIMIT ${limit}`);
}

/** Active users who may be assigned a report: members (direct or nested) of its edit group, the security team. */
export async function assignableUsers(
  _s: Session,
  q: Queryable,
  editGroupId: number,
): Promise<{ id: number; username: string; display_name: string }[]> {
  return q.query(sql`
    SELECT DISTINCT u.id, u.username, u.display_name
      FROM group_closure c JOIN group_user_members m ON m.group_id = c.descendant_id JOIN users u ON u.id = m.user_id
     WHERE c.ancestor_id = ${editGroupId} AND NOT u.disabled
     ORDER BY u.username LIMIT 500`);
}
