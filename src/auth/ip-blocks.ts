// Administrators: the client IPs blocked now after too many failed sign-ins, and lifting a block (audited).
// Lifting also forgets the IP's failures in the window, so its next failure does not block it again at once.
import type { Session } from '../access/session.ts';
import { authorizeSession } from '../domain/installation/policy.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { fieldError, notFound } from '../errors/catalog.ts';
import { normaliseIp, parseCidr } from '../http/client-ip.ts';
import type { IpReputation } from './ip-reputation.ts';
import * as throttle from './throttle-repository.ts';

export interface IpBlockDeps {
  db: Database;
  clock: Clock;
  reputation: IpReputation;
}

export function ipBlockAdministration({ db, clock, reputation }: IpBlockDeps) {
  return {
    async list(s: Session) {
      authorizeSession(s, 'manageIpBlocks');
      return throttle.liveIpBlocks(db, clock.now());
    },

    async lift(s: Session, ipText: string) {
      authorizeSession(s, 'manageIpBlocks');
      try {
        parseCidr(ipText);
      } catch {
        throw fieldError('ip', `"${ipText}" is not an IP address.`);
      }
      const ip = normaliseIp(ipText.trim());
      const at = clock.now();
      await db.transaction(async (tx) => {
        const lifted = await throttle.liftIpBlock(tx, ip, at);
        if (!lifted) throw notFound(`The address ${ip} is not blocked.`);
        await recordAudit(s, tx, at, {
          category: 'security',
          action: 'ip.unblocked',
          targetType: 'ip',
          targetId: ip,
          before: { blockedUntil: lifted.blocked_until.toISOString() },
          after: { failuresForgotten: lifted.failures },
        });
      });
      reputation.unblocked(ip);
    },
  };
}
