// SQL for co-reporter invitations. An invitation names a person by the username the inviter typed; the account
// of that name (if there is one) is kept for the invitee alone and never shown to the inviter, so inviting tells
// nobody whether a username exists. Only the invitee sees and answers their invitations; the report's readers see
// the invitations of reports they have loaded.
import type { ReadableId } from '../../access/readable.ts';
import type { Session, SystemSession } from '../../access/session.ts';
import { oneRow, sql, type Queryable, type Tx } from '../../db/database.ts';

export type InvitationOutcome = 'accepted' | 'declined' | 'withdrawn' | 'expired';

export interface InvitationRow {
  id: number;
  report_id: number;
  invitee_name: string;
  invited_by_name: string;
  created_at: Date;
  expires_at: Date;
}

export interface InviteeInvitationRow extends InvitationRow {
  tracking_id: string;
  participants_group_id: number;
}

/** Ends invitations of the report that expired before `at` without an answer. */
export async function expireInvitations(_s: Session, tx: Tx, at: Date, reportId: number): Promise<void> {
  await tx.query(sql`
    UPDATE report_invitations SET ended_at = expires_at, outcome = 'expired'
     WHERE report_id = ${reportId} AND ended_at IS NULL AND expires_at <= ${at}`);
}

/** Pending invitation of a report for a name key, if any. */
export async function pendingInvitationFor(report: ReadableId, q: Queryable, inviteeKey: string): Promise<number | undefined> {
  const rows = await q.query<{ id: number }>(sql`
    SELECT id FROM report_invitations WHERE report_id = ${report.id} AND invitee_key = ${inviteeKey} AND ended_at IS NULL`);
  return rows[0]?.id;
}

export async function insertInvitation(
  _s: Session,
  tx: Tx,
  at: Date,
  i: { reportId: number; inviteeName: string; inviteeKey: string; inviteeUserId: number | null; invitedBy: number | null; expiresAt: Date },
): Promise<number> {
  const rows = await tx.query<{ id: number }>(sql`
    INSERT INTO report_invitations (report_id, invitee_name, invitee_key, invitee_user_id, invited_by, created_at, expires_at)
    VALUES (${i.reportId}, ${i.inviteeName}, ${i.inviteeKey}, ${i.inviteeUserId}, ${i.invitedBy}, ${at}, ${i.expiresAt})
    RETURNING id`);
  return oneRow(rows).id;
}

/** Pending invitations of a report the caller has already loaded (never the invitee's account). */
/** The pending invitations of a readable report. */
export async function listReportInvitations(report: ReadableId, q: Queryable, at: Date): Promise<InvitationRow[]> {
  return q.query<InvitationRow>(sql`
    SELECT i.id, i.report_id, i.invitee_name, COALESCE(u.username, '') AS invited_by_name, i.created_at, i.expires_at
      FROM report_invitations i LEFT JOIN users u ON u.id = i.invited_by
     WHERE i.report_id = ${report.id} AND i.ended_at IS NULL AND i.expires_at > ${at}
     ORDER BY i.created_at, i.id`);
}

/** Ends one pending invitation of a report the caller has loaded for change; false when there is none. */
export async function endReportInvitation(
  _s: Session,
  tx: Tx,
  at: Date,
  reportId: number,
  id: number,
  outcome: InvitationOutcome,
): Promise<boolean> {
  const rows = await tx.query(sql`
    UPDATE report_invitations SET ended_at = ${at}, outcome = ${outcome}
     WHERE id = ${id} AND report_id = ${reportId} AND ended_at IS NULL AND expires_at > ${at} RETURNING id`);
  return rows.length > 0;
}

const inviteeColumns = sql`i.id, i.report_id, i.invitee_name, COALESCE(u.username, '') AS invited_by_name, i.created_at, i.expires_at,
  r.tracking_id, r.participants_group_id`;

/** The signed-in user's own pending invitations (the report's tracking id, not its content). */
export async function myInvitations(s: Session, q: Queryable, at: Date): Promise<InviteeInvitationRow[]> {
  if (s.kind !== 'user') return [];
  return q.query<InviteeInvitationRow>(sql`
    SELECT ${inviteeColumns}
      FROM report_invitations i JOIN reports r ON r.object_id = i.report_id LEFT JOIN users u ON u.id = i.invited_by
     WHERE i.invitee_user_id = ${s.userId} AND i.ended_at IS NULL AND i.expires_at > ${at}
     ORDER BY i.created_at DESC, i.id DESC`);
}

/** One of the signed-in user's own pending invitations, locked for answering. */
export async function myInvitationForAnswer(s: Session, tx: Tx, at: Date, id: number): Promise<InviteeInvitationRow | undefined> {
  if (s.kind !== 'user') return undefined;
  const rows = await tx.query<InviteeInvitationRow>(sql`
    SELECT ${inviteeColumns}
      FROM report_invitations i JOIN reports r ON r.object_id = i.report_id LEFT JOIN users u ON u.id = i.invited_by
     WHERE i.id = ${id} AND i.invitee_user_id = ${s.userId} AND i.ended_at IS NULL AND i.expires_at > ${at}
     FOR UPDATE OF i`);
  return rows[0];
}

/** Records the invitee's answer to an invitation returned by myInvitationForAnswer. */
export async function answerInvitation(_s: Session, tx: Tx, at: Date, id: number, outcome: 'accepted' | 'declined'): Promise<void> {
  await tx.query(sql`UPDATE report_invitations SET ended_at = ${at}, outcome = ${outcome} WHERE id = ${id}`);
}

/** The invitee's address for the invitation mail (System, when the mail is built). */
export async function invitationRecipient(
  _s: SystemSession,
  q: Queryable,
  id: number,
): Promise<{ email: string; name: string; invitee_name: string; invited_by_name: string } | undefined> {
  const rows = await q.query<{ email: string; name: string; invitee_name: string; invited_by_name: string }>(sql`
    SELECT u.email, COALESCE(NULLIF(u.display_name, ''), u.username) AS name, i.invitee_name, COALESCE(b.username, '') AS invited_by_name
      FROM report_invitations i JOIN users u ON u.id = i.invitee_user_id LEFT JOIN users b ON b.id = i.invited_by
     WHERE i.id = ${id} AND i.ended_at IS NULL AND u.email IS NOT NULL AND NOT u.disabled`);
  return rows[0];
}
