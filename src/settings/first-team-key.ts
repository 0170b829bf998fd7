// The team OpenPGP key at first start: a fresh installation generates one, so security.txt names an Encryption
// key and reporters can encrypt from the first day. It happens once per installation, ever: an administrator
// may replace the key (generate or import) or remove it, and a later start does not bring a generated one back.
// Installations that managed their key before this existed count as done (migration 0065).
//
// Generation and storage (Ed25519 + Curve25519 with OpenPGP.js) take 15-80 ms and hold the event loop for at most
// about 25 ms (measured on a loaded 2-core machine); `parapet start` runs it after the server listens, so
// readiness never waits for it, and security.txt gains its Encryption line as soon as the key is stored.
import type { SystemSession } from '../access/session.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { generateTeamKey } from '../pgp/index.ts';
import { securityEmailOf } from './disclosure-settings.ts';
import { insertSettingOnce, readSetting } from './repository.ts';
import { teamKeyRecord } from './team-key.ts';
import { changeSetting } from './update.ts';

export interface FirstTeamKey {
  fingerprint: string;
  userIds: string[];
}

/** The user id of a generated team key: the contact address, when it is an address OpenPGP programs accept. */
export function firstKeyUserId(contact: string, publicUrl: URL): { name: string; email: string } {
  const host = publicUrl.hostname.replace(/^\[|\]$/g, '');
  return { name: `Security team of ${host}`, email: contact };
}

/**
 * Generates and stores the team key when this installation never had that done and has no key. Returns the new
 * key, or undefined when there was nothing to do (or another instance did it first).
 */
export async function provisionTeamKey(s: SystemSession, db: Database, clock: Clock, publicUrl: URL): Promise<FirstTeamKey | undefined> {
  if ((await readSetting(db, 'team_key_provisioned')) || (await readSetting(db, 'team_pgp_key'))) return undefined;
  const contact = securityEmailOf(await readSetting(db, 'disclosure'), publicUrl);
  const id = firstKeyUserId(contact, publicUrl);
  const result = await generateTeamKey(id.name, id.email, clock.now());
  const at = clock.now();
  const key = teamKeyRecord(result, 'generated', at);
  return db.transaction(async (tx) => {
    if (!(await insertSettingOnce(s, tx, at, 'team_key_provisioned', { fingerprint: key.fingerprint }))) return undefined;
    if (await readSetting(tx, 'team_pgp_key')) return undefined; // an administrator was quicker
    await changeSetting(s, tx, at, 'team_pgp_key', key, { action: 'team_key.generated', note: { firstStart: true } });
    return { fingerprint: key.fingerprint, userIds: key.userIds };
  });
}

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Runs provisionTeamKey in the background (after the server listens); stop() waits for it before shutdown. */
export function startTeamKeyProvisioning(
  s: SystemSession,
  db: Database,
  clock: Clock,
  publicUrl: URL,
  log: Log,
): { stop(): Promise<void> } {
  const done = provisionTeamKey(s, db, clock, publicUrl).then(
    (key) => {
      if (key)
        log.info(
          { fingerprint: key.fingerprint, userIds: key.userIds },
          'generated the team OpenPGP key (security.txt now names it; administrators can replace it)',
        );
    },
    (err: unknown) => log.error({ err }, 'could not generate the team OpenPGP key; it is tried again at the next start'),
  );
  return { stop: () => done };
}
