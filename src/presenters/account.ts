// Responses about the caller's own account security: sessions and API tokens (never a token hash).
import { Type } from 'typebox';
import type { ApiTokenRow } from '../auth/api-token-repository.ts';
import type { SessionListRow } from '../auth/session-store.ts';
import { DateTime } from '../http/schemas.ts';

export const SessionInfoSchema = Type.Object({
  id: Type.String({ description: 'Public id of the session (not its token).' }),
  ip: Type.String(),
  userAgent: Type.String(),
  createdAt: DateTime,
  lastSeenAt: DateTime,
  expiresAt: DateTime,
  current: Type.Boolean({ description: 'True for the session making this request.' }),
});

export function presentSession(r: SessionListRow) {
  return {
    id: r.public_id,
    ip: r.ip,
    userAgent: r.user_agent,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    current: r.current,
  };
}

export const ApiTokenSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  createdAt: DateTime,
  expiresAt: DateTime,
  lastUsedAt: Type.Union([DateTime, Type.Null()]),
  revokedAt: Type.Union([DateTime, Type.Null()]),
});

export function presentApiToken(r: ApiTokenRow) {
  return {
    id: r.id,
    name: r.name,
    scopes: [...r.scopes],
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}
