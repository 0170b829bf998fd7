// First start: when there is no administrator at all, create one (named by PARAPET_ADMIN_USERNAME or
// `parapet start --admin-username NAME`, default "admin") with a random one-time password and show it once on
// stderr. Several instances starting together on one PostgreSQL may race here; the one
// that loses finds the account already created and carries on.
import { randomBytes } from 'node:crypto';
import type { SystemSession } from '../access/session.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { DEFAULT_ADMIN_USERNAME } from '../config.ts';
import { countAdministrators } from '../domain/users/repository.ts';
import { AppError } from '../errors/catalog.ts';
import { createServices } from '../services.ts';

export const FIRST_ADMIN_USERNAME = DEFAULT_ADMIN_USERNAME;

/** Returns the one-time password when it created the account, undefined otherwise. */
export async function ensureFirstAdministrator(
  s: SystemSession,
  db: Database,
  clock: Clock,
  write: (text: string) => void,
  username: string = FIRST_ADMIN_USERNAME,
): Promise<string | undefined> {
  if ((await countAdministrators(s, db)) > 0) return undefined;
  const password = randomBytes(18).toString('base64url');
  const services = createServices({ db, clock });
  try {
    await services.users.create(s, { username, password, isAdmin: true, displayName: 'Administrator', mustChangePassword: true });
  } catch (err) {
    if (!(err instanceof AppError && err.id === 'name_taken')) throw err;
    if ((await countAdministrators(s, db)) === 0) {
      write(
        `\nParapet has no administrator, and the username "${username}" is taken by an ordinary user.\n` +
          'Create one with:  parapet admin create --username NAME   (the password is read from stdin)\n\n',
      );
    }
    return undefined;
  }
  write(
    `\nParapet created the administrator account "${username}" with this one-time password:\n\n    ${password}\n\n` +
      'Sign in with it and choose your own password: Parapet asks for that before anything else.\n' +
      'It is not shown again.\n\n',
  );
  return password;
}
