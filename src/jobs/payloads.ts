// What each job queue carries: one map from queue name to payload type, so enqueueing and handling are
// type-checked against the same definition. Payloads hold ids only (see queue.ts); each is defined next to the
// code that builds its message.
import type { ReportMailJob } from '../domain/reports/mail-jobs.ts';
import type { MailJob } from '../mail/mailer.ts';

export interface JobPayloads {
  /** Account mail: lockouts, address verification, password resets, invitations, registrations. */
  mail: MailJob;
  /** Mail about reports: receipts, team alerts, updates, warnings, SLA alerts, co-reporter invitations. */
  'report-mail': ReportMailJob;
}

export type QueueName = keyof JobPayloads;

/** Every queue, in the order they are created. */
export const QUEUE_NAMES = ['mail', 'report-mail'] as const satisfies readonly QueueName[];

// Every queue of the map is in the list (a queue added to JobPayloads only fails to compile here).
const _allQueuesListed: Exclude<QueueName, (typeof QUEUE_NAMES)[number]> extends never ? true : never = true;
