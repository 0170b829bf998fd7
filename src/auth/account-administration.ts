// Administrators' actions on other accounts: unlocking after failed sign-ins, and the sign-in policy (networks,
// staff console). Part of accountService.
import type { Session } from '../access/session.ts';
import { installationFacts } from '../domain/installation/policy.ts';
import { authorize as authorizeUser } from '../domain/users/policy.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { findUser } from '../domain/users/repository.ts';
import { AppError, fieldError, notFound } from '../errors/catalog.ts';
import { parseCidr } from '../http/client-ip.ts';
import * as accountRepo from './account-repository.ts';
import type { AccountDeps } from './account-proofs.ts';
import { endCredentials } from './credentials.ts';
import * as throttle from './throttle-repository.ts';

export function accountAdministration({ db, clock }: AccountDeps) {
  return {
    async unlock(s: Session, userId: number) {
      authorizeUser(installationFacts(s), 'unlock', { id: userId });
      await db.transaction(async (tx) => {
        if (!(await findUser(s, tx, userId))) throw notFound('There is no such user.');
        if (!(await throttle.unlockAccount(tx, userId))) throw new AppError('conflict', 'The account is not locked.');
        await recordAudit(s, tx, clock.now(), { category: 'security', action: 'account.unlocked', targetType: 'user', targetId: userId });
      });
    },

    async setSignInPolicy(s: Session, userId: number, input: { allowedNetworks?: string[]; staffConsole?: boolean }) {
      authorizeUser(installationFacts(s), 'setSignInPolicy', { id: userId });
      const networks = input.allowedNetworks?.map((n, i) => {
        try {
          parseCidr(n);
          return n.trim();
        } catch {
          throw fieldError(`allowedNetworks.${i}`, `"${n}" is not an IP address or CIDR range.`);
        }
      });
      const at = clock.now();
      await db.transaction(async (tx) => {
        const before = await accountRepo.signInPolicy(tx, userId);
        if (!before) throw notFound('There is no such user.');
        await accountRepo.setSignInPolicy(tx, userId, { allowedNetworks: networks, staffConsole: input.staffConsole });
        // A credential never gains reach silently: sessions and tokens made without the staff console end.
        if (input.staffConsole && !before.staffConsole) {
          await endCredentials(s, tx, at, userId, 'staff_console_granted', {
            keepSessionId: s.kind === 'user' && s.userId === userId ? s.sessionId : undefined,
          });
        }
        await recordAudit(s, tx, at, {
          category: 'security',
          action: 'account.sign_in_policy_changed',
          targetType: 'user',
          targetId: userId,
          before,
          after: { allowedNetworks: networks ?? before.allowedNetworks, staffConsole: input.staffConsole ?? before.staffConsole },
        });
      });
    },
  };
}
