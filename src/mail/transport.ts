// Delivers built messages: through SMTP when SMTP_URL is set, otherwise as .eml files in an outbox folder
// under the data directory (readable by whoever can read the data directory anyway). The sender comes with
// each message (src/mail/sender.ts decides it, from the installation's contact address).
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The From header (and envelope sender); set for every message by addressedTransport. */
  from?: string;
  /** Where replies go, when that is not the From address. */
  replyTo?: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'outbox';
  send(mail: OutgoingMail, at: Date): Promise<void>;
}

function headers(mail: OutgoingMail) {
  if (!mail.from) throw new Error('mail transport: a message without a From address (wrap the transport with addressedTransport)');
  return { from: mail.from, ...(mail.replyTo ? { replyTo: mail.replyTo } : {}), to: mail.to, subject: mail.subject, text: mail.text };
}

export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    async send(mail) {
      await transporter.sendMail(headers(mail));
    },
  };
}

let sequence = 0;

export function outboxTransport(dir: string): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'outbox',
    async send(mail, at) {
      const info = await builder.sendMail({ ...headers(mail), date: at });
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // Time, then a per-process sequence, so mail written in the same millisecond keeps its order.
      sequence = (sequence + 1) % 1_000_000;
      const name = `${at.toISOString().replace(/[:.]/g, '-')}-${String(sequence).padStart(6, '0')}-${randomUUID()}.eml`;
      await writeFile(path.join(dir, name), info.message as Buffer, { mode: 0o600 });
    },
  };
}
