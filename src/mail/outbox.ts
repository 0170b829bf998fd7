// The outbox folder (mail written as .eml files when no SMTP server is configured), as administrators see it:
// every secret link is redacted, so the list can be shown without handing out reset or verification tokens.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Session } from '../access/session.ts';
import { authorizeSession } from '../domain/installation/policy.ts';
import { notFound } from '../errors/catalog.ts';

export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  date: string | null;
  text: string;
}

const NAME = /^[0-9TZ-]+-[0-9a-f-]{36}\.eml$/;

/** Replaces the token of every secret link (fragment or query parameter) and any long opaque string. */
export function redactSecrets(text: string): string {
  return text.replace(/([#?&]token=)[^\s&#]+/g, '$1[redacted]').replace(/\b(ppt_)?[A-Za-z0-9_-]{40,}\b/g, '[redacted]');
}

async function parse(dir: string, name: string): Promise<OutboxMessage> {
  // mailparser takes about as long to load as the rest of the mail code: loaded when an administrator reads the outbox.
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(await readFile(path.join(dir, name)));
  const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '');
  return {
    id: name.replace(/\.eml$/, ''),
    to,
    subject: mail.subject ?? '',
    date: mail.date?.toISOString() ?? null,
    text: redactSecrets(mail.text ?? ''),
  };
}

export function outboxReader(dir: string) {
  return {
    async list(s: Session, limit: number): Promise<OutboxMessage[]> {
      authorizeSession(s, 'readOutbox');
      let names: string[];
      try {
        names = (await readdir(dir)).filter((n) => NAME.test(n));
      } catch {
        return [];
      }
      names.sort().reverse();
      return Promise.all(names.slice(0, limit).map((n) => parse(dir, n)));
    },

    async get(s: Session, id: string): Promise<OutboxMessage> {
      authorizeSession(s, 'readOutbox');
      const name = `${id}.eml`;
      if (!NAME.test(name)) throw notFound('There is no such message.');
      try {
        return await parse(dir, name);
      } catch {
        throw notFound('There is no such message.');
      }
    },
  };
}
