// Mail jobs: what to send is decided when the job runs, from ids in the job. Secret links (password reset,
// address verification) are created at that moment, so the job table never holds a token; the links put the
// token in the URL fragment, which browsers do not send to servers or in Referer headers.
import { systemSession } from '../access/system.ts';
import { insertEmailToken } from '../auth/email-token-repository.ts';
import { newToken } from '../auth/tokens.ts';
import type { Clock } from '../clock.ts';
import type { Database, Queryable } from '../db/database.ts';
import { findUser } from '../domain/users/repository.ts';
import { findRegistration, setRegistrationToken } from '../domain/users/registration-repository.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { MailTransport, OutgoingMail } from './transport.ts';

export type MailJob =
  | { kind: 'account_locked'; userId: number }
  | { kind: 'verify_email'; userId: number }
  | { kind: 'password_reset'; userId: number }
  /** A reset link an administrator sent. */
  | { kind: 'password_reset_by_admin'; userId: number }
  /** An account an administrator created without a password: the link lets the user choose one. */
  | { kind: 'invitation'; userId: number }
  /** A self-registration request: the link, or a note to the address (registration-service.ts). */
  | { kind: 'registration'; registrationId: string };

type UserMailJob = Exclude<MailJob, { kind: 'registration' }>;

export async function enqueueMail(jobs: JobQueue, tx: Queryable, job: MailJob): Promise<void> {
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

  async function build(job: UserMailJob, to: Recipient & { email: string }, at: Date): Promise<OutgoingMail> {
    const name = to.display_name || to.username;
    switch (job.kind) {
      case 'account_locked':
        return {
          to: to.email,
          subject: 'Your Parapet account has been locked',
          text: `Hello ${name},\n\nYour Parapet account "${to.username}" was locked after repeated failed sign-in attempts.\nIf these attempts were not yours, someone may be trying to guess your password.\n\nYou stay signed in where you are signed in, and you can still sign in from the browsers where you signed in before.\nFrom other devices, sign-in is refused until an administrator unlocks the account (where your installation unlocks accounts after a wait instead, try again later).\n`,
        };
      case 'password_reset_by_admin': {
        const token = newToken();
        await insertEmailToken(db, at, { userId: to.id, purpose: 'reset_password', token, email: to.email });
        return {
          to: to.email,
          subject: 'Choose a new Parapet password',
          text: `Hello ${name},\n\nAn administrator of Parapet sent you this link to choose a new password for your account "${to.username}".\nOpen it within one hour; it works once:\n\n${link(publicUrl, '/reset-password', token)}\n\nUntil you use it, your current password stays as it is.\n`,
        };
      }
      case 'invitation': {
        const token = newToken();
        await insertEmailToken(db, at, { userId: to.id, purpose: 'invitation', token, email: to.email });
        return {
          to: to.email,
          subject: 'Your Parapet account is ready: choose a password',
          text: `Hello ${name},\n\nAn administrator created the Parapet account "${to.username}" for you.\nOpen this link within seven days to choose your password; it works once:\n\n${link(publicUrl, '/accept-invitation', token)}\n\nThen sign in at ${new URL('/sign-in', publicUrl).toString()}\n`,
        };
      }
      case 'verify_email': {
        const token = newToken();
        await insertEmailToken(db, at, { userId: to.id, purpose: 'verify_email', token, email: to.email });
        return {
          to: to.email,
          subject: 'Confirm your e-mail address for Parapet',
          text: `Hello ${name},\n\nConfirm that this address belongs to your Parapet account "${to.username}" by opening this link within one hour:\n\n${link(publicUrl, '/verify-email', token)}\n\nIf you did not ask for this, ignore this message.\n`,
        };
      }
      case 'password_reset': {
        const token = newToken();
        await insertEmailToken(db, at, { userId: to.id, purpose: 'reset_password', token, email: to.email });
        return {
          to: to.email,
          subject: 'Reset your Parapet password',
          text: `Hello ${name},\n\nSomeone (hopefully you) asked to reset the password of your Parapet account "${to.username}".\nOpen this link within one hour to choose a new password; it works once:\n\n${link(publicUrl, '/reset-password', token)}\n\nIf you did not ask for this, ignore this message: your password stays as it is.\n`,
        };
      }
    }
  }

  /** The mail answering a registration request: the link, or a note about a taken address or name. */
  async function registrationMail(registrationId: string): Promise<OutgoingMail | undefined> {
    const r = await findRegistration(db, registrationId);
    if (!r) return undefined;
    const hello = `Hello,\n\nSomeone (hopefully you) asked to register a Parapet account with this address`;
    const ignore = 'If you did not ask for this, ignore this message: nothing changed.\n';
    if (r.outcome === 'new') {
      const token = newToken();
      await setRegistrationToken(db, r.id, token);
      return {
        to: r.email,
        subject: 'Complete your Parapet registration',
        text: `${hello}, with the username "${r.username}".\nOpen this link within 24 hours to create the account; it works once:\n\n${link(publicUrl, '/complete-registration', token)}\n\nIf you did not ask for this, ignore this message: no account is created.\n`,
      };
    }
    if (r.outcome === 'email_taken') {
      const owner = r.existing_user_id === null ? undefined : await recipient(r.existing_user_id);
      return {
        to: r.email,
        subject: 'Someone tried to register with your address at Parapet',
        text: `${hello}, but this address already belongs to the Parapet account "${owner?.username ?? ''}". No new account was created.\nIf it was you: sign in as "${owner?.username ?? ''}", or choose a new password at ${new URL('/forgot-password', publicUrl).toString()}\n\n${ignore}`,
      };
    }
    if (r.outcome === 'name_taken') {
      return {
        to: r.email,
        subject: 'Your Parapet registration: choose another username',
        text: `${hello}, with the username "${r.username}".\nThat username is already in use, so no account was created. Register again with another username.\n\n${ignore}`,
      };
    }
    return undefined;
  }

  return {
    /** The mail queue's job handler. A user without an address gets nothing. */
    async deliver(job: MailJob): Promise<void> {
      if (job.kind === 'registration') {
        const message = await registrationMail(job.registrationId);
        if (message) await transport.send(message, clock.now());
        return;
      }
      const to = await recipient(job.userId);
      if (!to?.email) return;
      const at = clock.now();
      const message = await build(job, { ...to, email: to.email }, at);
      await transport.send(message, at);
    },
  };
}
