// User accounts: administrators create and change them; users read themselves.
import type { Session } from '../../access/session.ts';
import { endCredentials } from '../../auth/credentials.ts';
import { checkPassword, passwordPolicyOf } from '../../auth/password-policy.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { PG_UNIQUE_VIOLATION, pgErrorCode, type Tx } from '../../db/database.ts';
import { enqueueMail } from '../../mail/mailer.ts';
import type { Deps } from '../../deps.ts';
import { AppError, fieldError, notFound, throwFields } from '../../errors/catalog.ts';
import { readSetting } from '../../settings/repository.ts';
import type { SecuritySettings } from '../../settings/security-settings.ts';
import { recordAudit } from '../audit/repository.ts';
import { cleanName } from '../names.ts';
import { installationFacts } from '../installation/policy.ts';
import { authorize, authorizeManageUsers } from './policy.ts';
import * as repo from './repository.ts';
import { cleanUsername } from './username.ts';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

export interface NewUser {
  username: string;
  /**
   * The first password. Set by an administrator, it is for one use (the first sign-in must change it). Without
   * it the account is created without a password and an invitation link goes to `email`, where the user
   * chooses one.
   */
  password?: string;
  displayName?: string;
  email?: string | null;
  isAdmin?: boolean;
  /** May use the staff console (default: administrators only). */
  staffConsole?: boolean;
  /** The password is for one use: the first sign-in must change it. */
  mustChangePassword?: boolean;
}

export function cleanEmail(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const email = value.trim();
  if (email === '') return null;
  if (email.length > 254 || !EMAIL_PATTERN.test(email)) throw fieldError('email', 'is not an e-mail address.');
  return email;
}

const userNotFound = () => notFound('There is no such user.');

export interface CheckedAccount {
  username: string;
  displayName: string;
  email: string | null;
  /** Null for an account created by invitation (no password yet). */
  passwordHash: string | null;
}

/** Checks a new account's fields and password (every bad field in one answer) and hashes the password. */
export async function checkNewAccount(input: NewUser, security: SecuritySettings): Promise<CheckedAccount> {
  const fields: { field: string; message: string }[] = [];
  const take = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof AppError) || err.fields.length === 0) throw err;
      fields.push(...err.fields);
      return undefined;
    }
  };
  const username = take(() => cleanUsername(input.username)) ?? '';
  const givenName = input.displayName;
  const displayName = givenName === undefined ? username : (take(() => cleanName('displayName', givenName, 200).name) ?? '');
  const email = take(() => cleanEmail(input.email)) ?? null;
  if (input.password === undefined) {
    if (!email && !fields.some((f) => f.field === 'email'))
      fields.push({ field: 'email', message: 'is needed to send the invitation (or set a one-time password).' });
  } else {
    fields.push(
      ...checkPassword(input.password, { username, email }, passwordPolicyOf(security)).map((message) => ({ field: 'password', message })),
    );
  }
  throwFields(fields);
  return { username, displayName, email, passwordHash: input.password === undefined ? null : await hashPassword(input.password) };
}

export function userService({ db, clock, jobs }: Deps) {
  /** Stores a checked account with its audit event (and what `also` adds in the same transaction); returns its id. */
  async function insertChecked(
    s: Session,
    input: NewUser,
    action: 'user.created' | 'user.registered',
    also?: (tx: Tx, id: number) => Promise<void>,
  ): Promise<number> {
    const { username, displayName, email, passwordHash } = await checkNewAccount(input, await readSetting(db, 'security'));
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
          after: { username, displayName, email, isAdmin: input.isAdmin ?? false, ...(passwordHash ? {} : { invited: true }) },
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
      authorizeManageUsers(installationFacts(s));
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
      authorizeManageUsers(installationFacts(s));
      const u = await repo.findUserByName(s, db, username);
      if (!u) throw userNotFound();
      return u;
    },

    /**
     * Creates an account (administrators; the command line as System). A password an administrator sets is
     * for one use: the first sign-in must change it. Without a password, an invitation link goes to the address.
     */
    async create(s: Session, input: NewUser) {
      authorizeManageUsers(installationFacts(s));
      const invite = input.password === undefined;
      const byAdministrator = s.kind === 'user';
      const id = await insertChecked(
        s,
        { ...input, mustChangePassword: input.mustChangePassword || (byAdministrator && !invite) },
        'user.created',
        invite
          ? async (tx, userId) => {
              if (!jobs) throw new Error('create: no job queue');
              await enqueueMail(jobs, tx, { kind: 'invitation', userId });
              await recordAudit(s, tx, clock.now(), {
                category: 'security',
                action: 'user.invitation_sent',
                targetType: 'user',
                targetId: userId,
              });
            }
          : undefined,
      );
      return this.get(s, id);
    },

    async update(s: Session, id: number, patch: { displayName?: string; email?: string | null; disabled?: boolean }) {
      authorizeManageUsers(installationFacts(s));
      const displayName = patch.displayName === undefined ? undefined : cleanName('displayName', patch.displayName, 200).name;
      const email = cleanEmail(patch.email);
      const at = clock.now();
      await db.transaction(async (tx) => {
        const before = await repo.findUser(s, tx, id);
        if (!before) throw userNotFound();
        if (patch.disabled) authorize(installationFacts(s), 'disable', { id });
        await repo.updateUser(s, tx, at, id, { displayName, email, disabled: patch.disabled });
        // Disabling (offboarding) ends the account's sessions, API tokens and reset links at once: re-enabling
        // it later must not bring them back.
        if (patch.disabled && !before.disabled) await endCredentials(s, tx, at, id, 'account_disabled');
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
