// Audit event responses.
import { Type } from 'typebox';
import type { AuditRow } from '../domain/audit/repository.ts';
import { DateTime } from '../http/schemas.ts';

export const AuditEventSchema = Type.Object({
  id: Type.String(),
  at: DateTime,
  actor: Type.Object({ kind: Type.String(), userId: Type.Union([Type.Integer(), Type.Null()]), name: Type.String() }),
  action: Type.String(),
  target: Type.Object({ type: Type.String(), id: Type.String() }),
  before: Type.Unknown(),
  after: Type.Unknown(),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
});

export function presentAuditEvent(e: AuditRow) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actor: { kind: e.actor_kind, userId: e.actor_user_id, name: e.actor_name },
    action: e.action,
    target: { type: e.target_type, id: e.target_id },
    before: e.before,
    after: e.after,
    ip: e.ip,
    requestId: e.request_id,
  };
}
