// Pages: created by administrators; changed by members of the edit group; published and unpublished by
// members of the publish group; their access groups changed by administrators. Reading is decided in the
// data layer (read group); these rules apply to an object the session could already read.
import { isMemberOf } from '../../access/read-access.ts';
import type { Session } from '../../access/session.ts';
import { authorizeSession } from '../installation/policy.ts';
import type { Queryable } from '../../db/database.ts';
import { AppError } from '../../errors/catalog.ts';
import type { ObjectRow } from '../objects/repository.ts';

export function assertMayCreatePage(s: Session): void {
  authorizeSession(s, 'createPages', 'Only administrators may create pages.');
}

export async function assertMayEdit(s: Session, q: Queryable, page: ObjectRow): Promise<void> {
  if (!(await isMemberOf(s, q, page.edit_group_id))) throw new AppError('forbidden_edit');
}

export async function assertMayPublish(s: Session, q: Queryable, page: ObjectRow): Promise<void> {
  if (!(await isMemberOf(s, q, page.publish_group_id))) throw new AppError('forbidden_publish');
}

export function assertMayChangeAccess(s: Session): void {
  authorizeSession(s, 'managePageAccess', 'Only administrators may change who can read, edit or publish.');
}
