// Group administration: create, rename, delete, memberships, nesting. Every change is audited in its own
// transaction; nesting changes keep group_closure and the objects' read keys exact before commit.
import { addClosureRow, closureAddEdge, closureRemoveEdge, isNestedIn, lockNesting } from '../../access/read-keys-repository.ts';
import { ADMINISTRATORS_GROUP_ID, assertRecentlyAuthenticated, type Session } from '../../access/session.ts';
import { endCredentials } from '../../auth/credentials.ts';
import { PG_UNIQUE_VIOLATION, pgErrorCode, type Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/catalog.ts';
import { codePointCount } from '../../shared/text.ts';
import { recordAudit } from '../audit/repository.ts';
import { cleanName } from '../names.ts';
import { findUser, updateUser } from '../users/repository.ts';
import { installationFacts } from '../installation/policy.ts';
import { authorize, authorizeManageGroups, implicitGroupIds, isAdministratorAccount, mayViewEffectiveGroups } from './policy.ts';
import * as repo from './repository.ts';

export const GROUP_NAME_MAX = 200;
export const GROUP_DESCRIPTION_MAX = 2000;

const groupNotFound = () => notFound('There is no such group.');
const userNotFound = () => notFound('There is no such user.');

export function groupService({ db, clock }: Deps) {
  async function loadForChange(s: Session, tx: Tx, id: number) {
    authorizeManageGroups(installationFacts(s));
    const g = await repo.findGroup(s, tx, id, { forUpdate: true });
    if (!g) throw groupNotFound();
    return g;
  }

  function cleanDescription(description: string | undefined): string | undefined {
    if (description === undefined) return undefined;
    const d = description.normalize('NFC').trim();
    if (codePointCount(d) > GROUP_DESCRIPTION_MAX) {
      throw new AppError('validation', `description: must be at most ${GROUP_DESCRIPTION_MAX} characters long.`, {
        fields: [{ field: 'description', message: `must be at most ${GROUP_DESCRIPTION_MAX} characters long.` }],
      });
    }
    return d;
  }

  async function uniqueName<T>(fn: () => Promise<T>, name: string): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
        throw new AppError('name_taken', `A group named "${name}" already exists.`, {
          fields: [{ field: 'name', message: 'is already used by another group.' }],
        });
      }
      throw err;
    }
  }

  return {
    async list(s: Session, filter: { kinds: repo.GroupKind[]; search?: string; limit: number; offset: number }) {
      return repo.listGroups(s, db, filter);
    },

    async get(s: Session, id: number) {
      const g = await repo.findGroup(s, db, id);
      if (!g) throw groupNotFound();
      return g;
    },

    /** Direct members: administrators only (member lists would otherwise tell outsiders who is on a team). */
    async members(s: Session, id: number, page: { limit: number; offset: number }) {
      authorizeManageGroups(installationFacts(s));
      const g = await repo.findGroup(s, db, id);
      if (!g) throw groupNotFound();
      const [users, groups] = await Promise.all([
        repo.listUserMembers(s, db, id, page.limit, page.offset),
        repo.listGroupMembers(s, db, id, page.limit, page.offset),
      ]);
      return { group: g, users, groups };
    },

    async uses(s: Session, id: number) {
      authorizeManageGroups(installationFacts(s));
      const g = await repo.findGroup(s, db, id);
      if (!g) throw groupNotFound();
      return repo.groupUses(s, db, id);
    },

    async create(s: Session, input: { name: string; description?: string }) {
      authorizeManageGroups(installationFacts(s));
      const { name, key } = cleanName('name', input.name, GROUP_NAME_MAX);
      const description = cleanDescription(input.description) ?? '';
      const at = clock.now();
      const id = await uniqueName(
        () =>
          db.transaction(async (tx) => {
            const id = await repo.insertGroup(s, tx, at, { kind: 'custom', name, nameKey: key, description });
            await addClosureRow(tx, id);
            await recordAudit(s, tx, at, { action: 'group.created', targetType: 'group', targetId: id, after: { name, description } });
            return id;
          }),
        name,
      );
      return this.get(s, id);
    },

    async update(s: Session, id: number, input: { name?: string; description?: string }) {
      const cleaned = input.name === undefined ? undefined : cleanName('name', input.name, GROUP_NAME_MAX);
      const description = cleanDescription(input.description);
      const at = clock.now();
      await uniqueName(
        () =>
          db.transaction(async (tx) => {
            const g = await loadForChange(s, tx, id);
            authorize(installationFacts(s), 'rename', g);
            const unchanged =
              (cleaned === undefined || cleaned.name === g.name) && (description === undefined || description === g.description);
            if (unchanged) return;
            await repo.updateGroup(s, tx, at, id, { name: cleaned?.name, nameKey: cleaned?.key, description });
            await recordAudit(s, tx, at, {
              action: 'group.updated',
              targetType: 'group',
              targetId: id,
              before: { name: g.name, description: g.description },
              after: { name: cleaned?.name ?? g.name, description: description ?? g.description },
            });
          }),
        cleaned?.name ?? '',
      );
      return this.get(s, id);
    },

    async remove(s: Session, id: number) {
      const at = clock.now();
      await db.transaction(async (tx) => {
        await lockNesting(tx);
        const g = await loadForChange(s, tx, id);
        authorize(installationFacts(s), 'delete', g);
        const uses = await repo.groupUses(s, tx, id);
        if (uses.length > 0) {
          const list = uses.map((u) => `${u.kind} "${u.name}" (${u.role})`).join('; ');
          throw new AppError('group_in_use', `The group "${g.name}" is still used by: ${list}. Remove those uses first.`, {
            details: { uses },
          });
        }
        const memberGroups = await repo.listGroupMembers(s, tx, id, 100000, 0);
        // User memberships end with the group (ON DELETE CASCADE); the audit event keeps who they were.
        const memberUsers = await repo.listUserMembers(s, tx, id, 100000, 0);
        for (const m of memberGroups) {
          await repo.deleteGroupMember(s, tx, id, m.id);
          await closureRemoveEdge(tx, id, m.id);
        }
        await repo.deleteGroupRow(s, tx, id);
        await recordAudit(s, tx, at, {
          action: 'group.deleted',
          targetType: 'group',
          targetId: id,
          before: {
            name: g.name,
            description: g.description,
            memberGroups: memberGroups.map((m) => m.id),
            memberUsers: memberUsers.map((u) => u.id),
          },
        });
      });
    },

    async addUser(s: Session, groupId: number, userId: number) {
      const at = clock.now();
      authorizeManageGroups(installationFacts(s));
      assertRecentlyAuthenticated(s, at);
      await db.transaction(async (tx) => {
        authorize(installationFacts(s), 'changeUserMembers', await loadForChange(s, tx, groupId));
        const u = await findUser(s, tx, userId);
        if (!u) throw userNotFound();
        if (groupId === ADMINISTRATORS_GROUP_ID) {
          if (isAdministratorAccount(u)) return;
          await updateUser(s, tx, at, userId, { isAdmin: true });
          // Gaining administrator rights ends the user's sessions and API tokens: the next sign-in starts with
          // the new rights (and an IP-bound session), and no credential made before gains them silently.
          await endCredentials(s, tx, at, userId, 'administrator_granted');
        } else if (!(await repo.insertUserMember(s, tx, at, groupId, userId))) {
          return;
        }
        await recordAudit(s, tx, at, {
          action: 'group.user_added',
          targetType: 'group',
          targetId: groupId,
          after: { userId, username: u.username },
        });
      });
    },

    async removeUser(s: Session, groupId: number, userId: number) {
      const at = clock.now();
      authorizeManageGroups(installationFacts(s));
      assertRecentlyAuthenticated(s, at);
      await db.transaction(async (tx) => {
        authorize(installationFacts(s), 'changeUserMembers', await loadForChange(s, tx, groupId));
        const u = await findUser(s, tx, userId);
        if (!u) throw userNotFound();
        if (groupId === ADMINISTRATORS_GROUP_ID) {
          if (!isAdministratorAccount(u)) throw notFound(`${u.username} is not a member of this group.`);
          if (s.kind === 'user' && s.userId === userId) {
            throw new AppError('conflict', 'You cannot remove yourself from Administrators; ask another administrator.');
          }
          await updateUser(s, tx, at, userId, { isAdmin: false });
        } else if (!(await repo.deleteUserMember(s, tx, groupId, userId))) {
          throw notFound(`${u.username} is not a direct member of this group.`);
        }
        await recordAudit(s, tx, at, {
          action: 'group.user_removed',
          targetType: 'group',
          targetId: groupId,
          before: { userId, username: u.username },
        });
      });
    },

    async addGroup(s: Session, groupId: number, memberGroupId: number) {
      const at = clock.now();
      authorizeManageGroups(installationFacts(s));
      assertRecentlyAuthenticated(s, at);
      await db.transaction(async (tx) => {
        await lockNesting(tx);
        const g = await loadForChange(s, tx, groupId);
        authorize(installationFacts(s), 'changeGroupMembers', g);
        const member = await repo.findGroup(s, tx, memberGroupId);
        if (!member) throw notFound('There is no such member group.');
        if (member.kind === 'object') {
          throw new AppError('builtin_group', 'A group that belongs to an object cannot be nested in another group.');
        }
        if (member.kind === 'product') {
          throw new AppError(
            'managed_group',
            `"${member.name}" is managed by Parapet for its product and cannot be nested in another group.`,
          );
        }
        if (await isNestedIn(tx, groupId, memberGroupId)) {
          throw new AppError(
            'group_cycle',
            groupId === memberGroupId
              ? `A group cannot be a member of itself.`
              : `"${g.name}" is already (directly or indirectly) a member of "${member.name}", so "${member.name}" cannot become a member of "${g.name}": that would be a cycle.`,
          );
        }
        if (!(await repo.insertGroupMember(s, tx, at, groupId, memberGroupId))) return;
        await closureAddEdge(tx, groupId, memberGroupId);
        await recordAudit(s, tx, at, {
          action: 'group.group_added',
          targetType: 'group',
          targetId: groupId,
          after: { groupId: memberGroupId, name: member.name },
        });
      });
    },

    async removeGroup(s: Session, groupId: number, memberGroupId: number) {
      const at = clock.now();
      authorizeManageGroups(installationFacts(s));
      assertRecentlyAuthenticated(s, at);
      await db.transaction(async (tx) => {
        await lockNesting(tx);
        authorize(installationFacts(s), 'changeGroupMembers', await loadForChange(s, tx, groupId));
        const member = await repo.findGroup(s, tx, memberGroupId);
        if (!member) throw notFound('There is no such member group.');
        if (!(await repo.deleteGroupMember(s, tx, groupId, memberGroupId))) {
          throw notFound(`"${member.name}" is not a direct member of this group.`);
        }
        await closureRemoveEdge(tx, groupId, memberGroupId);
        await recordAudit(s, tx, at, {
          action: 'group.group_removed',
          targetType: 'group',
          targetId: groupId,
          before: { groupId: memberGroupId, name: member.name },
        });
      });
    },

    async effectiveGroupsOfUser(s: Session, userId: number) {
      if (!mayViewEffectiveGroups(s, userId)) throw userNotFound();
      const u = await findUser(s, db, userId);
      if (!u) throw userNotFound();
      const [groups, objectGroups] = await Promise.all([
        repo.effectiveGroupsOfUser(s, db, userId, implicitGroupIds(u)),
        repo.objectGroupCountOfUser(s, db, userId),
      ]);
      return { user: u, groups, objectGroups };
    },
  };
}

export type GroupService = ReturnType<typeof groupService>;
