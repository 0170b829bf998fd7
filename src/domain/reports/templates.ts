// Message templates for reports (seed 001 Appendix A), editable by administrators: their defaults and checks.
// Stored and changed through the settings registry (src/settings/registry.ts: kind 'report_templates').
// Placeholders such as {reporter} are filled in when a message is built; unknown ones are left as written.
import { Type } from 'typebox';
import { fieldError, throwFields, type FieldError } from '../../errors/catalog.ts';
import { cleanText } from './validation.ts';

export interface MessageTemplate {
  subject: string;
  body: string;
}

// A type, not an interface, so that Object.entries sees its values as MessageTemplates.
export type ReportTemplates = {
  acknowledgement: MessageTemplate;
};

export const TEMPLATE_PLACEHOLDERS = [
  'reporter',
  'tracking_id',
  'title',
  'product',
  'report_link',
  'policy_link',
  'security_monitor',
  'disclosure_date',
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

const MAX = 20_000;

/** The templates as stored. */
export const ReportTemplatesValueSchema = Type.Object({
  acknowledgement: Type.Object({ subject: Type.String({ minLength: 1 }), body: Type.String({ minLength: 1, maxLength: MAX }) }),
});

/** Placeholders written in a template that Parapet does not fill, as field errors. */
export function unknownPlaceholders(templates: ReportTemplates): FieldError[] {
  const known = new Set<string>(TEMPLATE_PLACEHOLDERS);
  const list = TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ');
  const out: FieldError[] = [];
  for (const [name, t] of Object.entries(templates)) {
    for (const part of ['subject', 'body'] as const) {
      const names = [...t[part].matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]);
      const unknown = [...new Set(names.filter((p): p is string => p !== undefined && !known.has(p)))];
      if (unknown.length > 0) {
        out.push({
          field: `${name}.${part}`,
          message: `${unknown.map((p) => `{${p}}`).join(', ')} ${unknown.length === 1 ? 'is not a placeholder' : 'are not placeholders'}; the placeholders are ${list}.`,
        });
      }
    }
  }
  return out;
}

/** The templates as saved (subject trimmed, body with plain line ends), or field errors naming what is wrong. */
export function normaliseTemplates(input: ReportTemplates): ReportTemplates {
  const next: ReportTemplates = {
    acknowledgement: {
      subject: input.acknowledgement.subject.trim(),
      body: cleanText('acknowledgement.body', input.acknowledgement.body, MAX, { required: true }),
    },
  };
  throwFields(unknownPlaceholders(next));
  for (const [name, t] of Object.entries(next)) {
    if (t.subject.trim() === '') throw fieldError(`${name}.subject`, 'must not be empty.');
    if (/[\r\n]/.test(t.subject)) throw fieldError(`${name}.subject`, 'must be one line.');
    if (t.body.trim() === '') throw fieldError(`${name}.body`, 'must not be empty.');
    if (t.body.length > MAX) throw fieldError(`${name}.body`, `must be at most ${MAX} characters long.`);
  }
  return next;
}

/** Fills {placeholders}; values are plain text (mail is sent as text/plain). */
export function fillTemplate(text: string, values: Partial<Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>>): string {
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    const v = values[name as keyof typeof values];
    return v === undefined ? whole : v;
  });
}
