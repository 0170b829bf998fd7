// What a command does with the services, shared by the command run directly and the same command asked of a
// running server through the control channel (control-server.ts), so both behave and audit alike.
import type { SystemSession } from '../access/session.ts';
import type { Services } from '../services.ts';

/** Lifts the sign-in lock of the user named `username` (audited as account.unlocked by System). */
export async function unlockUser(s: SystemSession, services: Services, username: string): Promise<string> {
  const user = await services.users.getByUsername(s, username);
  await services.account.unlock(s, user.id);
  return `Unlocked ${user.username}: the account can sign in again.`;
}
