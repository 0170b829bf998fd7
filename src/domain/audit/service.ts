// Reading the audit trail (administrators: the installation policy's readAuditLog).
import type { Session } from '../../access/session.ts';
import type { Deps } from '../../deps.ts';
import { listAudit, type AuditRow } from './repository.ts';

export interface AuditFilter {
  targetType?: string;
  targetId?: string;
  limit: number;
}

export function auditService({ db }: Pick<Deps, 'db'>) {
  return {
    /** Audit events, newest first; refused with a typed error for anyone the policy does not allow. */
    list(s: Session, filter: AuditFilter): Promise<AuditRow[]> {
      return listAudit(s, db, filter);
    },
  };
}
