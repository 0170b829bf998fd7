// Who may do what with user accounts.
import { assertAdministrator, isUnrestricted, type Session } from '../../access/session.ts';
import { AppError } from '../../errors/catalog.ts';

export const mayManageUsers = (s: Session): boolean => isUnrestricted(s);

export function assertManageUsers(s: Session): void {
  assertAdministrator(s);
}
