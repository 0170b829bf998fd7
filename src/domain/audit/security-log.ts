// The security event log: audit events of category 'security' (sign-ins, lockouts, IP blocks, unlocks,
// credential and second-factor changes, API tokens, session revocations), searchable by administrators.
// No password, token, session id or reset link is ever part of an event.
import type { Session } from '../../access/session.ts';
import { authorizeSession } from '../installation/policy.ts';
import { join, sql, type Queryable, type Sql } from '../../db/database.ts';
import type { AuditRow } from './repository.ts';

export interface SecurityLogFilter {
  /** Words matched against the action, the actor's name, the target and the client IP. */
  text?: string;
  action?: string;
  userId?: number;
  ip?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export async function searchSecurityLog(s: Session, q: Queryable, f: SecurityLogFilter): Promise<{ rows: AuditRow[]; total: number }> {
  authorizeSession(s, 'readSecurityLog');
  const parts: Sql[] = [sql`category = 'security'`];
  if (f.action) parts.push(sql`action = ${f.action}`);
  if (f.userId !== undefined) parts.push(sql`((target_type = 'user' AND target_id = ${String(f.userId)}) OR actor_user_id = ${f.userId})`);
  if (f.ip) parts.push(sql`ip = ${f.ip}`);
  if (f.from) parts.push(sql`at >= ${f.from}`);
  if (f.to) parts.push(sql`at < ${f.to}`);
  for (const word of (f.text ?? '').split(/\s+/).filter(Boolean).slice(0, 8)) {
    const like = `%${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(sql`(lower(action) LIKE ${like} ESCAPE '\\' OR lower(actor_name) LIKE ${like} ESCAPE '\\'
                    OR lower(target_id) LIKE ${like} ESCAPE '\\' OR lower(coalesce(ip, '')) LIKE ${like} ESCAPE '\\')`);
  }
  const where = join(parts, ' AND ');
  const rows = await q.query<AuditRow>(sql`
    SELECT id::text AS id, at, actor_kind, actor_user_id, actor_name, action, target_type, target_id, before, after, ip, request_id
      FROM audit_events WHERE ${where} ORDER BY audit_events.at DESC, audit_events.id DESC LIMIT ${f.limit} OFFSET ${f.offset}`);
  const total = await q.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events WHERE ${where}`);
  return { rows, total: total[0]?.n ?? 0 };
}
