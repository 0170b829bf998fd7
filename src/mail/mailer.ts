// Mail jobs: what to send is decided when the job runs, from ids in the job. Secret links (password reset,
// address verification) are created at that moment, so the job table never holds a token; the links put the
// token in the URL fragment, which browsers do not send to servers or in Referer headers.
import type { Session } from '../access/session.ts';
import { systemSession } from '../access/system.ts';
import { insertEmailToken } from '../auth/email-token-repository.ts';
import { newToken } from '../auth/tokens.ts';
import type { Clock } from '../clock.ts';
import type { Database, Queryable } from '../db/database.ts';
import { findUser } from '../domain/users/repository.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { MailTransport, OutgoingMail } from './transport.ts';

export type MailJob =
  | { kind: 'account_locked'; userId: number }
  | { kind: 'verify_email'; userId: number }
  | { kind: 'password_reset'; userId: number };

export async function enqueueMail(_s: Session, jobs: JobQueue, tx: Queryable, job: MailJob): Promise<void> {
  await jobs.send('mail', job, tx);
}

interface Recipient {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
}

export interface MailerDeps {
  db: Database;
  clock: Clock;
  transport: MailTransport;
  publicUrl: URL;
}

function link(publicUrl: URL, route: string, token: string): string {
  return new URL(`${route}#token=${token}`, publicUrl).toString();
}

export function mailer({ db, clock, transport, publicUrl }: MailerDeps) {
  const s = systemSession('mail');

  async function recipient(userId: number): Promise<Recipient | undefined> {
    return findUser(s, db, userId);
  }

  async function build(job: MailJob, to: Recipient & { email: string }, at: Date): Promise<OutgoingMail> {
    const name = to.display_name || to.username;
    switch (job.kind) {
      case 'account_locked':
        return {
          to: to.email,
          subject: 'Your Parapet account has been locked',
          text: `Hello ${name},\n\nYour Parapet account "${to.username}" was locked after repeated failed sign-in attempts.\nIf these attempts were not yours, someone may be trying to guess your password.\n\nAsk an administrator to unlock the account (where your installation unlocks accounts after a wait instead, try again later).\n`,
        };
      case 'verify_email': {
        const token = newToken();
        await insertEmailToken(s, db, at, { userId: to.id, purpose: 'verify_email', token, email: to.email });
        return {
          to: to.email,
          subject: 'Confirm your e-mail address for Parapet',
          text: `Hello ${name},\n\nConfirm that this address belongs to your Parapet account "${to.username}" by opening this link within one hour:\n\n${link(publicUrl, '/verify-email', token)}\n\nIf you did not ask for this, ignore this message.\n`,
        };
      }
      case 'password_reset': {
        const token = newToken();
        await insertEmailToken(s, db, at, { userId: to.id, purpose: 'reset_password', token, email: to.email });
        return {
          to: to.email,
          subject: 'Reset your Parapet password',
          text: `Hello ${name},\n\nSomeone (hopefully you) asked to reset the password of your Parapet account "${to.username}".\nOpen this link within one hour to choose a new password; it works once:\n\n${link(publicUrl, '/reset-password', token)}\n\nIf you did not ask for this, ignore this message: your password stays as it is.\n`,
        };
      }
    }
  }

  return {
    /** The mail queue's job handler. A user without an address gets nothing. */
    async deliver(data: Record<string, unknown>): Promise<void> {
      const job = data as MailJob;
      const to = await recipient(job.userId);
      if (!to?.email) return;
      const at = clock.now();
      const message = await build(job, { ...to, email: to.email }, at);
      await transport.send(message, at);
    },
  };
}
