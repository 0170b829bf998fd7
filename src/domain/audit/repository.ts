// Audit events: written in the same transaction as the change they describe, so a change without its
// audit event cannot commit.
import { actorName, type Session } from '../../access/session.ts';
import { authorizeSession } from '../installation/policy.ts';
import { sql, type Queryable, type Sql } from '../../db/database.ts';
import type { AuditAction } from './actions.ts';

export interface AuditInput {
  /** 'security' events (sign-ins, lockouts, credential changes...) form the security event log. */
  category?: 'change' | 'security';
  /** One of AUDIT_ACTIONS (actions.ts): a new action is added there first. */
  action: AuditAction;
  targetType: string;
  targetId: string | number;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(s: Session, tx: Queryable, at: Date, event: AuditInput): Promise<void> {
  await tx.query(sql`
    INSERT INTO audit_events (at, category, actor_kind, actor_user_id, actor_name, action, target_type, target_id, before, after, ip, request_id)
    VALUES (${at}, ${event.category ?? 'change'}, ${s.kind}, ${s.kind === 'user' ? s.userId : null}, ${actorName(s)}, ${event.action},
            ${event.targetType}, ${String(event.targetId)},
            ${event.before === undefined ? null : JSON.stringify(event.before)}::jsonb,
            ${event.after === undefined ? null : JSON.stringify(event.after)}::jsonb,
            ${s.ip}, ${s.requestId ?? null})`);
}

/** Who did it, as the audit trail records a session. */
export function auditActor(s: Session) {
  return {
    kind: s.kind as string,
    userId: s.kind === 'user' ? s.userId : null,
    name: actorName(s),
    ip: s.ip,
    requestId: s.requestId ?? null,
  };
}

/**
 * The audit insert as a fragment, for a statement that writes changes and their audit events together: one
 * event per row of `from` (a CTE name), every column given as an SQL expression over it (the actor's columns
 * as auditActor gives them).
 */
export function auditInsertFrom(
  event: { category?: 'change' | 'security'; action: AuditAction; targetType: string },
  from: Sql,
  c: { at: Sql; actorKind: Sql; actorUserId: Sql; actorName: Sql; ip: Sql; requestId: Sql; targetId: Sql; after: Sql },
): Sql {
  return sql`
    INSERT INTO audit_events (at, category, actor_kind, actor_user_id, actor_name, action, target_type, target_id, before, after, ip, request_id)
    SELECT ${c.at}, ${event.category ?? 'change'}::text, ${c.actorKind}, ${c.actorUserId}, ${c.actorName}, ${event.action}::text,
           ${event.targetType}::text, (${c.targetId})::text, NULL::jsonb, ${c.after}, ${c.ip}, ${c.requestId}
      FROM ${from}`;
}

export interface AuditRow {
  id: string;
  at: Date;
  actor_kind: string;
  actor_user_id: number | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  request_id: string | null;
}

/** The audit trail is for administrators only. */
export async function listAudit(
  s: Session,
  q: Queryable,
  filter: { targetType?: string; targetId?: string; limit: number },
): Promise<AuditRow[]> {
  authorizeSession(s, 'readAuditLog');
  return q.query<AuditRow>(sql`
    SELECT id::text AS id, at, actor_kind, actor_user_id, actor_name, action, target_type, target_id, before, after, ip, request_id
      FROM audit_events
     WHERE (${filter.targetType ?? null}::text IS NULL OR target_type = ${filter.targetType ?? null})
       AND (${filter.targetId ?? null}::text IS NULL OR target_id = ${filter.targetId ?? null})
     ORDER BY audit_events.at DESC, audit_events.id DESC
     LIMIT ${filter.limit}`);
}
