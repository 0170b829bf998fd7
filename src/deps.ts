// What services need from the outside world. Built once at start (src/cli/start.ts) and in tests.
import type { HashGate } from './auth/hash-gate.ts';
import type { Clock } from './clock.ts';
import type { Database } from './db/database.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { MailTransport } from './mail/transport.ts';

export interface Deps {
  db: Database;
  clock: Clock;
  /** The job queue; opened lazily on the same database when not given. */
  jobs?: JobQueue;
  /** Admission control for password hashing; one per process when not given. */
  gate?: HashGate;
  /** Outgoing mail. Without it, mail jobs wait in the queue until an instance with mail handles them. */
  mail?: MailDeps;
}

export interface MailDeps {
  transport: MailTransport;
  /** Where links in mail point. */
  publicUrl: URL;
  /** The outbox folder administrators can read (when the transport writes files). */
  outboxDir: string;
  /** PARAPET_MAIL_FROM: a From address that overrides the contact address (src/mail/sender.ts). */
  from?: string;
}
