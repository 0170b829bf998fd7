// Who Parapet's mail comes from: the installation's contact address (the disclosure settings' security address,
// security@<host of the public URL> until an administrator sets one), read when each message is sent, so a
// changed address holds for the next message. PARAPET_MAIL_FROM overrides the From address for mail servers
// that accept only one sender; replies then still go to the contact address (Reply-To).
import type { Database } from '../db/database.ts';
import { securityEmailOf } from '../settings/disclosure-settings.ts';
import type { MailTransport } from './transport.ts';
import { readSetting } from '../settings/repository.ts';

export const SENDER_NAME = 'Security team';

/** The address inside "Name <address>", or the text itself. */
export function addressOf(from: string): string {
  return (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim();
}

export interface SenderDeps {
  db: Database;
  publicUrl: URL;
  /** PARAPET_MAIL_FROM, when set. */
  override?: string;
}

export function mailSender({ db, publicUrl, override }: SenderDeps) {
  return async (): Promise<{ from: string; replyTo?: string }> => {
    const contact = securityEmailOf(await readSetting(db, 'disclosure'), publicUrl);
    if (!override) return { from: `${SENDER_NAME} <${contact}>` };
    return addressOf(override).toLowerCase() === contact.toLowerCase() ? { from: override } : { from: override, replyTo: contact };
  };
}

/** The transport with every message's From (and Reply-To) set: the one path all of Parapet's mail takes. */
export function addressedTransport(transport: MailTransport, sender: ReturnType<typeof mailSender>): MailTransport {
  return {
    kind: transport.kind,
    async send(mail, at) {
      await transport.send({ ...mail, ...(await sender()) }, at);
    },
  };
}
