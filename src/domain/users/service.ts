// User accounts: administrators create and change them; users read themselves.
import type { Session } from '../../access/session.ts';
import { checkPassword, passwordPolicyOf } from '../../auth/password-policy.ts';
import { readSecuritySettings } from '../../settings/security-settings.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { PG_UNIQUE_VIOLATION, pgErrorCode, type Tx } from '../../db/database.ts';
import { enqueueMail } from '../../mail/mailer.ts';
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

export const REGISTRATIONS_PER_IP_HOUR = 5;

export function userService({ db, clock, jobs }: Deps) {
  /** Checks a new account's fields and password and stores it with its audit event; returns its id. */
  async function insertChecked(s: Session, input: NewUser, action: string, also?: (tx: Tx, id: number) => Promise<void>): Promise<number> {
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
    if (also) await jobs?.ready();
    try {
      return await db.transaction(async (tx) => {
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
          action,
          targetType: 'user',
          targetId: id,
          after: { username, displayName, email, isAdmin: input.isAdmin ?? false },
        });
        await also?.(tx, id);
        return id;
      });
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
        throw new AppError('name_taken', `The username "${username}" is already taken.`, {
          fields: [{ field: 'username', message: 'is already taken.' }],
        });
      }
      throw err;
    }
  }

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

    /** A user by username, for administrators (the command line names users, not ids). */
    async getByUsername(s: Session, username: string) {
      assertManageUsers(s);
      const u = await repo.findUserByName(s, db, username);
      if (!u) throw userNotFound();
      return u;
    },

    async create(s: Session, input: NewUser) {
      assertManageUsers(s);
      const id = await insertChecked(s, input, 'user.created');
      return this.get(s, id);
    },

    /**
     * Self-registration of a reporter account (seed 003: reporters may register to follow their reports).
     * Anyone may register; the account is an ordinary user (no staff console, no groups). At most
     * REGISTRATIONS_PER_IP_HOUR per client IP per hour, counted in the audit log. The address is verified by mail.
     */
    async register(s: Session, input: { username: string; password: string; email: string; displayName?: string }) {
      if (s.kind !== 'anonymous') throw new AppError('conflict', 'You are already signed in; sign out to register another account.');
      if (!input.email?.trim()) throw fieldError('email', 'is needed, so you can receive news about your reports and reset your password.');
      const since = new Date(clock.now().getTime() - 3_600_000);
      if ((await repo.countRegistrationsFrom(s, db, s.ip, since)) >= REGISTRATIONS_PER_IP_HOUR) {
        throw new AppError('rate_limited', 'Too many accounts were registered from your network in the last hour; try again later.');
      }
      const id = await insertChecked(s, { username: input.username, password: input.password, email: input.email, displayName: input.displayName }, 'user.registered', async (tx, userId) => {
        if (!jobs) throw new Error('register: no job queue');
        await enqueueMail(s, jobs, tx, { kind: 'verify_email', userId });
      });
      return id;
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
