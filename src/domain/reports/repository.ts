// SQL for reports. Every read joins the report's securable object and keeps only what the session may read
// (readableBy), so a report outside the session's read access is simply not there.
import { accessKeys, readableBy, type AccessKeys } from '../../access/read-access.ts';
import type { Session } from '../../access/session.ts';
import { empty, join, raw, oneRow, sql, type Queryable, type Sql, type Tx } from '../../db/database.ts';
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
): Promise<ReportRow | undefined> {
  const keys = opts.keys ?? (await accessKeys(s, q));
  const rows = await q.query<ReportRow>(sql`
    SELECT ${reportColumns} ${reportFrom}
     WHERE r.object_id = ${id} AND ${readableBy(keys)}
     ${opts.forUpdate ? sql`FOR UPDATE OF r, o` : empty}`);
  return rows[0];
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

// ---- members -------------------------------------------------------------------------------------------

export type MemberRole = 'reporter' | 'co_reporter' | 'collaborator';

export async function insertReportMember(
  _s: Session,
  tx: Tx,
  at: Date,
  reportId: number,
  userId: number,
  role: MemberRole,
): Promise<boolean> {
  const rows = await tx.query(sql`
    INSERT INTO report_members (report_id, user_id, role, added_at) VALUES (${reportId}, ${userId}, ${role}, ${at})
    ON CONFLICT DO NOTHING RETURNING 1`);
  return rows.length > 0;
}

export async function deleteReportMember(_s: Session, tx: Tx, reportId: number, userId: number): Promise<MemberRole | undefined> {
  const rows = await tx.query<{ role: MemberRole }>(sql`
    DELETE FROM report_members WHERE report_id = ${reportId} AND user_id = ${userId} RETURNING role`);
  return rows[0]?.role;
}

export interface MemberRow {
  user_id: number;
  username: string;
  display_name: string;
  role: MemberRole;
  added_at: Date;
}

/** Members of a report the caller has already loaded through findReport. */
export async function reportMembers(_s: Session, q: Queryable, reportId: number): Promise<MemberRow[]> {
  return q.query<MemberRow>(sql`
    SELECT m.user_id, u.username, u.display_name, m.role, m.added_at
      FROM report_members m JOIN users u ON u.id = m.user_id
     WHERE m.report_id = ${reportId} ORDER BY m.added_at, m.user_id`);
}

export async function memberRole(s: Session, q: Queryable, reportId: number): Promise<MemberRole | undefined> {
  if (s.kind !== 'user') return undefined;
  const rows = await q.query<{ role: MemberRole }>(sql`
    SELECT role FROM report_members WHERE report_id = ${reportId} AND user_id = ${s.userId}`);
  return rows[0]?.role;
}

// ---- timeline --------------------------------------------------------------------------------------------

export interface EventRow {
  id: string;
  at: Date;
  actor_user_id: number | null;
  actor_name: string;
  actor_side: 'reporter' | 'team' | 'system';
  kind: string;
  internal: boolean;
  body: string;
  data: Record<string, unknown>;
}

export interface NewEvent {
  actorUserId: number | null;
  actorName: string;
  actorSide: 'reporter' | 'team' | 'system';
  kind: string;
  internal: boolean;
  body?: string;
  data?: Record<string, unknown>;
}

/** Adds a timeline entry; returns its id. */
export async function insertEvent(_s: Session, tx: Tx, at: Date, reportId: number, e: NewEvent): Promise<string> {
  const rows = await tx.query<{ id: string }>(sql`
    INSERT INTO report_events (report_id, at, actor_user_id, actor_name, actor_side, kind, internal, body, data)
    VALUES (${reportId}, ${at}, ${e.actorUserId}, ${e.actorName}, ${e.actorSide}, ${e.kind}, ${e.internal}, ${e.body ?? ''},
            ${JSON.stringify(e.data ?? {})}::jsonb)
    RETURNING id::text AS id`);
  return oneRow(rows).id;
}

/** One timeline entry of a report the caller has already loaded. */
export async function findEvent(_s: Session, q: Queryable, reportId: number, eventId: string): Promise<EventRow | undefined> {
  const rows = await q.query<EventRow>(sql`
    SELECT id::text AS id, at, actor_user_id, actor_name, actor_side, kind, internal, body, data
      FROM report_events WHERE report_id = ${reportId} AND id = ${eventId}::bigint`);
  return rows[0];
}

/** The timeline of a report the caller has already loaded; internal entries only when asked for. */
export async function listEvents(_s: Session, q: Queryable, reportId: number, includeInternal: boolean): Promise<EventRow[]> {
  return q.query<EventRow>(sql`
    SELECT e.id::text AS id, e.at, e.actor_user_id, e.actor_name, e.actor_side, e.kind, e.internal, e.body, e.data
      FROM report_events e WHERE e.report_id = ${reportId} ${includeInternal ? empty : sql`AND NOT e.internal`}
     ORDER BY e.at, e.id`);
}

// ---- secret reporter links ------------------------------------------------------------------------------

export async function insertLink(_s: Session, tx: Tx, at: Date, reportId: number, tokenHash: string): Promise<number> {
  const rows = await tx.query<{ id: number }>(sql`
    INSERT INTO report_links (report_id, token_hash, created_at) VALUES (${reportId}, ${tokenHash}, ${at}) RETURNING id`);
  return oneRow(rows).id;
}

export async function revokeLinks(_s: Session, tx: Tx, at: Date, reportId: number): Promise<number> {
  const rows = await tx.query(sql`
    UPDATE report_links SET revoked_at = ${at} WHERE report_id = ${reportId} AND revoked_at IS NULL RETURNING id`);
  return rows.length;
}

export async function liveLinkCount(_s: Session, q: Queryable, reportId: number): Promise<number> {
  const rows = await q.query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM report_links WHERE report_id = ${reportId} AND revoked_at IS NULL`);
  return rows[0]?.n ?? 0;
}

/** The grant a live link gives: its report and that report's participants group. */
export async function linkGrant(_s: Session, q: Queryable, tokenHash: string): Promise<{ reportId: number; groupId: number } | undefined> {
  const rows = await q.query<{ report_id: number; group_id: number }>(sql`
    SELECT l.report_id, r.participants_group_id AS group_id
      FROM report_links l JOIN reports r ON r.object_id = l.report_id
     WHERE l.token_hash = ${tokenHash} AND l.revoked_at IS NULL`);
  return rows[0] ? { reportId: rows[0].report_id, groupId: rows[0].group_id } : undefined;
}

// ---- attachments ----------------------------------------------------------------------------------------

export interface AttachmentMeta {
  id: number;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  internal: boolean;
  created_at: Date;
}

export async function insertAttachment(
  _s: Session,
  tx: Tx,
  at: Date,
  a: {
    reportId: number;
    filename: string;
    mediaType: string;
    sha256: string;
    content: Buffer;
    internal: boolean;
    uploadedBy: number | null;
  },
): Promise<number> {
  const rows = await tx.query<{ id: number }>(sql`
    INSERT INTO report_attachments (report_id, filename, media_type, size, sha256, content, internal, uploaded_by, created_at)
    VALUES (${a.reportId}, ${a.filename}, ${a.mediaType}, ${a.content.length}, ${a.sha256}, ${a.content}, ${a.internal}, ${a.uploadedBy}, ${at})
    RETURNING id`);
  return oneRow(rows).id;
}

export async function listAttachments(_s: Session, q: Queryable, reportId: number, includeInternal: boolean): Promise<AttachmentMeta[]> {
  return q.query<AttachmentMeta>(sql`
    SELECT id, filename, media_type, size, sha256, internal, created_at FROM report_attachments
     WHERE report_id = ${reportId} ${includeInternal ? empty : sql`AND NOT internal`} ORDER BY id`);
}

export async function attachmentContent(
  _s: Session,
  q: Queryable,
  reportId: number,
  id: number,
): Promise<(AttachmentMeta & { content: Uint8Array }) | undefined> {
  const rows = await q.query<AttachmentMeta & { content: Uint8Array }>(sql`
    SELECT id, filename, media_type, size, sha256, internal, created_at, content FROM report_attachments
     WHERE report_id = ${reportId} AND id = ${id}`);
  return rows[0];
}

// ---- CVE pool ---------------------------------------------------------------------------------------------

export async function takePooledCve(_s: Session, tx: Tx, at: Date, reportId: number): Promise<string | undefined> {
  const rows = await tx.query<{ cve_id: string }>(sql`
    UPDATE cve_pool SET report_id = ${reportId}, taken_at = ${at}
     WHERE cve_id = (SELECT cve_id FROM cve_pool WHERE report_id IS NULL AND taken_at IS NULL
                      ORDER BY reserved_at, split_part(cve_id, '-', 2)::int, split_part(cve_id, '-', 3)::numeric
                      LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING cve_id`);
  return rows[0]?.cve_id;
}

export async function addPooledCves(_s: Session, tx: Tx, at: Date, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await tx.query(sql`
    INSERT INTO cve_pool (cve_id, reserved_at) SELECT unnest(${ids}::text[]), ${at} ON CONFLICT DO NOTHING RETURNING 1`);
  return rows.length;
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

/** A CVE ID entered by hand that sits unused in the pool is taken from it, so the pool never hands it out again. */
export async function claimPooledCve(_s: Session, tx: Tx, at: Date, cveId: string, reportId: number): Promise<void> {
  await tx.query(sql`
    UPDATE cve_pool SET report_id = ${reportId}, taken_at = ${at} WHERE cve_id = ${cveId} AND report_id IS NULL AND taken_at IS NULL`);
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

// ---- affected and fixed versions ------------------------------------------------------------------------

export interface VersionRow {
  id: number;
  product_id: number;
  product_name: string;
  affected: string;
  fixed_in: string;
}

/** Affected/fixed versions of a report the caller has already loaded. */
export async function listReportVersions(_s: Session, q: Queryable, reportId: number): Promise<VersionRow[]> {
  return q.query<VersionRow>(sql`
    SELECT v.id, v.product_id, p.name AS product_name, v.affected, v.fixed_in
      FROM report_versions v JOIN products p ON p.id = v.product_id
     WHERE v.report_id = ${reportId} ORDER BY v.id`);
}

export async function insertReportVersion(
  _s: Session,
  tx: Tx,
  at: Date,
  reportId: number,
  v: { productId: number; affected: string; fixedIn: string },
): Promise<number> {
  const rows = await tx.query<{ id: number }>(sql`
    INSERT INTO report_versions (report_id, product_id, affected, fixed_in, created_at)
    VALUES (${reportId}, ${v.productId}, ${v.affected}, ${v.fixedIn}, ${at}) RETURNING id`);
  return oneRow(rows).id;
}

export async function updateReportVersion(
  _s: Session,
  tx: Tx,
  reportId: number,
  id: number,
  v: { affected?: string; fixedIn?: string },
): Promise<boolean> {
  const rows = await tx.query(sql`
    UPDATE report_versions SET affected = COALESCE(${v.affected ?? null}, affected), fixed_in = COALESCE(${v.fixedIn ?? null}, fixed_in)
     WHERE report_id = ${reportId} AND id = ${id} RETURNING id`);
  return rows.length > 0;
}

export async function deleteReportVersion(_s: Session, tx: Tx, reportId: number, id: number): Promise<boolean> {
  const rows = await tx.query(sql`DELETE FROM report_versions WHERE report_id = ${reportId} AND id = ${id} RETURNING id`);
  return rows.length > 0;
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
