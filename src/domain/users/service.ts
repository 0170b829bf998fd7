// User accounts: administrators create and change them; users read themselves.
import type { Session } from '../../access/session.ts';
import { checkPassword, passwordPolicyOf } from '../../auth/password-policy.ts';
import { readSecuritySettings } from '../../settings/security-settings.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { AppError, fieldError, notFound } from '../../errors/catalog.ts';
import { recordAudit } from '../audit/repository.ts';
import { cleanName } from '../names.ts';
import { assertManageUsers } from './policy.ts';
import * as repo from './repository.ts';

export const USERNAME_MAX = 64;
const USERNAME_PATTERN = /^[\p{L}\p{N}._@-]+$/u;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

export interface NewUser {
  username: string;
  password: string;
  displayName?: string;
  email?: string | null;
  isAdmin?: boolean;
  /** May use the staff console (default: administrators only). */
  staffConsole?: boolean;
  /** The password is for one use: the first sign-in must change it. */
  mustChangePassword?: boolean;
}

function cleanUsername(value: string): string {
  const { name } = cleanName('username', value, USERNAME_MAX);
  if (!USERNAME_PATTERN.test(name)) {
    throw fieldError('username', 'may contain letters, digits and . _ @ - only (no spaces).');
  }
  return name;
}

function cleanEmail(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const email = value.trim();
  if (email === '') return null;
  if (email.length > 254 || !EMAIL_PATTERN.test(email)) throw fieldError('email', 'is not an e-mail address.');
  return email;
}

const userNotFound = () => notFound('There is no such user.');

export function userService({ db, clock }: Deps) {
  return {
    async list(s: Session, filter: { search?: string; limit: number; offset: number }) {
      assertManageUsers(s);
      return repo.listUsers(s, db, filter);
    },

    async get(s: Session, id: number) {
      if (s.kind === 'anonymous') throw new AppError('unauthenticated');
      const u = await repo.findUser(s, db, id);
      if (!u) throw userNotFound();
      return u;
    },

    async create(s: Session, input: NewUser) {
      assertManageUsers(s);
      const username = cleanUsername(input.username);
      const displayName = input.displayName === undefined ? username : cleanName('displayName', input.displayName, 200).name;
      const email = cleanEmail(input.email) ?? null;
      const settings = await readSecuritySettings(s, db);
      const reasons = checkPassword(input.password, { username, email }, passwordPolicyOf(settings));
      if (reasons.length > 0) {
        throw new AppError('validation', `password: ${reasons.join(' ')}`, {
          fields: reasons.map((message) => ({ field: 'password', message })),
        });
      }
      const passwordHash = await hashPassword(input.password);
      const at = clock.now();
      try {
        const id = await db.transaction(async (tx) => {
          const id = await repo.insertUser(s, tx, at, {
            username,
            displayName,
            email,
            isAdmin: input.isAdmin ?? false,
            passwordHash,
            staffConsole: input.staffConsole,
            mustChangePassword: input.mustChangePassword,
          });
          await recordAudit(s, tx, at, {
            action: 'user.created',
            targetType: 'user',
            targetId: id,
            after: { username, displayName, email, isAdmin: input.isAdmin ?? false },
          });
          return id;
        });
        return this.get(s, id);
      } catch (err) {
        if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
          throw new AppError('name_taken', `The username "${username}" is already taken.`, {
            fields: [{ field: 'username', message: 'is already taken.' }],
          });
        }
        throw err;
      }
    },

    async update(s: Session, id: number, patch: { displayName?: string; email?: string | null; disabled?: boolean }) {
      assertManageUsers(s);
      const displayName = patch.displayName === undefined ? undefined : cleanName('displayName', patch.displayName, 200).name;
      const email = cleanEmail(patch.email);
      const at = clock.now();
      await db.transaction(async (tx) => {
        const before = await repo.findUser(s, tx, id);
        if (!before) throw userNotFound();
        if (patch.disabled && s.kind === 'user' && s.userId === id) {
          throw new AppError('conflict', 'You cannot disable your own account.');
        }
        await repo.updateUser(s, tx, at, id, { displayName, email, disabled: patch.disabled });
        await recordAudit(s, tx, at, {
          action: 'user.updated',
          targetType: 'user',
          targetId: id,
          before: { displayName: before.display_name, email: before.email, disabled: before.disabled },
          after: {
            displayName: displayName ?? before.display_name,
            email: email === undefined ? before.email : email,
            disabled: patch.disabled ?? before.disabled,
          },
        });
      });
      return this.get(s, id);
    },
  };
}

export type UserService = ReturnType<typeof userService>;
