// Message templates for reports (seed 001 Appendix A), editable by administrators and stored in settings.
// Placeholders such as {reporter} are filled in when a message is built; unknown ones are left as written.
import type { Session } from '../../access/session.ts';
import { authorizeSession } from '../installation/policy.ts';
import { sql, type Queryable, type Tx } from '../../db/database.ts';
import { fieldError } from '../../errors/catalog.ts';

export interface MessageTemplate {
  subject: string;
  body: string;
}

export interface ReportTemplates {
  acknowledgement: MessageTemplate;
}

export const TEMPLATE_PLACEHOLDERS = [
  'reporter', 'tracking_id', 'title', 'product', 'report_link', 'policy_link', 'security_monitor', 'disclosure_date',
] as const;

export const DEFAULT_TEMPLATES: ReportTemplates = {
  acknowledgement: {
    subject: 'Security vulnerability acknowledgement [{tracking_id}]',
    body: `Dear {reporter},

This is an acknowledgement of your report "{title}" ({tracking_id}). Thank you for reporting this. We will
take this under advisement and address as appropriate. You can expect the
incident manager to reach out to you in the near future. For more information,
see our disclosure policy ({policy_link}).

You can follow the report and talk with us here: {report_link}

Sincerely,
{security_monitor}
`,
  },
};

const KEY = 'report_templates';
const MAX = 20_000;

export async function readTemplates(_s: Session, q: Queryable): Promise<ReportTemplates> {
  const rows = await q.query<{ value: Partial<ReportTemplates> }>(sql`SELECT value FROM settings WHERE key = ${KEY}`);
  return { ...DEFAULT_TEMPLATES, ...(rows[0]?.value ?? {}) };
}

export async function writeTemplates(s: Session, tx: Tx, at: Date, templates: ReportTemplates): Promise<ReportTemplates> {
  authorizeSession(s, 'manageSettings');
  for (const [name, t] of Object.entries(templates)) {
    if (t.subject.trim() === '') throw fieldError(`${name}.subject`, 'must not be empty.');
    if (/[\r\n]/.test(t.subject)) throw fieldError(`${name}.subject`, 'must be one line.');
    if (t.body.trim() === '') throw fieldError(`${name}.body`, 'must not be empty.');
    if (t.body.length > MAX) throw fieldError(`${name}.body`, `must be at most ${MAX} characters long.`);
  }
  await tx.query(sql`
    INSERT INTO settings (key, value, updated_at) VALUES (${KEY}, ${JSON.stringify(templates)}::jsonb, ${at})
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`);
  return templates;
}

/** Fills {placeholders}; values are plain text (mail is sent as text/plain). */
export function fillTemplate(text: string, values: Partial<Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>>): string {
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    const v = values[name as keyof typeof values];
    return v === undefined ? whole : v;
  });
}
