// Responses of the report administration (message templates, SLA targets, the CVE pool, canned responses),
// built field by field, with their TypeBox schemas.
import { Type } from 'typebox';
import type { CvePoolView, PlaceholderInfo, SlaView, TemplatesView } from '../domain/reports/admin-service.ts';
import type { CannedResponseRow } from '../domain/reports/canned-repository.ts';
import type { MessageTemplate, ReportTemplates } from '../domain/reports/templates.ts';
import type { FieldError } from '../errors/catalog.ts';
import { DateTime } from '../http/schemas.ts';

export const TEMPLATE_SUBJECT_MAX = 300;
export const TEMPLATE_BODY_MAX = 20_000;

export const MessageTemplateSchema = Type.Object(
  {
    subject: Type.String({
      minLength: 1,
      maxLength: TEMPLATE_SUBJECT_MAX,
      description: 'One line; may use placeholders such as {tracking_id}.',
    }),
    body: Type.String({ minLength: 1, maxLength: TEMPLATE_BODY_MAX, description: 'Plain text; may use placeholders.' }),
  },
  { additionalProperties: false },
);

export const ReportTemplatesSchema = Type.Object(
  { acknowledgement: MessageTemplateSchema },
  { additionalProperties: false, description: 'The acknowledgement (seed 001 Appendix A), sent when a person acknowledges a report.' },
);

const FieldErrorSchema = Type.Object({ field: Type.String(), message: Type.String() });

export const TemplatesViewSchema = Type.Object({
  templates: ReportTemplatesSchema,
  defaults: ReportTemplatesSchema,
  placeholders: Type.Array(
    Type.Object({
      name: Type.String({ description: 'Written in braces in a template: {name}.' }),
      description: Type.String(),
      sample: Type.String({ description: 'The value the preview uses.' }),
    }),
  ),
  preview: ReportTemplatesSchema,
});

export const TemplatesPreviewSchema = Type.Object({
  preview: ReportTemplatesSchema,
  problems: Type.Array(FieldErrorSchema, { description: 'What saving these templates would refuse (unknown placeholders).' }),
});

const template = (t: MessageTemplate) => ({ subject: t.subject, body: t.body });
const templates = (t: ReportTemplates) => ({ acknowledgement: template(t.acknowledgement) });
const placeholder = (p: PlaceholderInfo) => ({ name: p.name, description: p.description, sample: p.sample });

export function presentTemplatesView(v: TemplatesView) {
  return {
    templates: templates(v.templates),
    defaults: templates(v.defaults),
    placeholders: v.placeholders.map(placeholder),
    preview: templates(v.preview),
  };
}

export function presentTemplatesPreview(v: { preview: ReportTemplates; problems: FieldError[] }) {
  return { preview: templates(v.preview), problems: v.problems.map((f) => ({ field: f.field, message: f.message })) };
}

const businessDays = (description: string) => Type.Integer({ minimum: 0, maximum: 60, description });
const days = (description: string) => Type.Integer({ minimum: 0, maximum: 730, description });

export const FixDaysSchema = Type.Object(
  {
    critical: days('Days to fix a critical report.'),
    high: days('… a high one.'),
    medium: days('… a medium one.'),
    low: days('… a low one.'),
  },
  { additionalProperties: false },
);

export const NeedsInfoSchema = Type.Object(
  {
    closeDays: Type.Integer({
      minimum: 2,
      maximum: 365,
      description: 'Days without a reply after which a "needs more info" report is closed as informative.',
    }),
    warningDays: Type.Integer({
      minimum: 1,
      maximum: 364,
      description: 'The reporters are warned this many days before; never closed sooner after the warning.',
    }),
  },
  { additionalProperties: false },
);

export const SlaViewSchema = Type.Object({
  acknowledgeBusinessDays: businessDays('Business days (Monday to Friday) from receipt to acknowledgement.'),
  triageBusinessDays: businessDays('Business days from receipt to triage.'),
  triageCriticalBusinessDays: businessDays('Business days from receipt to triage for critical reports.'),
  fixDays: FixDaysSchema,
  nearShare: Type.Number({
    exclusiveMinimum: 0,
    exclusiveMaximum: 1,
    description: 'A clock is "near" its target when at most this share of its window is left (0.25: the last quarter).',
  }),
  needsInfo: NeedsInfoSchema,
});

export const SlaPatchSchema = Type.Object(
  {
    acknowledgeBusinessDays: Type.Optional(SlaViewSchema.properties.acknowledgeBusinessDays),
    triageBusinessDays: Type.Optional(SlaViewSchema.properties.triageBusinessDays),
    triageCriticalBusinessDays: Type.Optional(SlaViewSchema.properties.triageCriticalBusinessDays),
    fixDays: Type.Optional(Type.Partial(FixDaysSchema, { additionalProperties: false })),
    nearShare: Type.Optional(SlaViewSchema.properties.nearShare),
    needsInfo: Type.Optional(Type.Partial(NeedsInfoSchema, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export function presentSla(v: SlaView) {
  return {
    acknowledgeBusinessDays: v.acknowledgeBusinessDays,
    triageBusinessDays: v.triageBusinessDays,
    triageCriticalBusinessDays: v.triageCriticalBusinessDays,
    fixDays: { critical: v.fixDays.critical, high: v.fixDays.high, medium: v.fixDays.medium, low: v.fixDays.low },
    nearShare: v.nearShare,
    needsInfo: { closeDays: v.needsInfo.closeDays, warningDays: v.needsInfo.warningDays },
  };
}

const PoolEntrySchema = Type.Object({
  cveId: Type.String(),
  reservedAt: DateTime,
  takenAt: Type.Union([DateTime, Type.Null()]),
  report: Type.Union([Type.Object({ id: Type.Integer(), trackingId: Type.String() }), Type.Null()], {
    description: 'The report the id was handed out to.',
  }),
});

export const CvePoolSchema = Type.Object({
  available: Type.Integer({ description: 'Reserved ids not handed out yet.' }),
  taken: Type.Integer(),
  items: Type.Array(PoolEntrySchema, {
    description: 'Available ids first, in the order they will be handed out; then those taken, newest first (at most 1000).',
  }),
});

export const CvePoolAddedSchema = Type.Object({
  ...CvePoolSchema.properties,
  added: Type.Array(Type.String()),
  alreadyReserved: Type.Array(Type.String(), { description: 'Ids that were already in the pool; left as they were.' }),
});

export function presentCvePool(v: CvePoolView) {
  return {
    available: v.available,
    taken: v.taken,
    items: v.items.map((e) => ({
      cveId: e.cve_id,
      reservedAt: e.reserved_at.toISOString(),
      takenAt: e.taken_at?.toISOString() ?? null,
      report: e.report_id !== null && e.tracking_id !== null ? { id: e.report_id, trackingId: e.tracking_id } : null,
    })),
  };
}

export function presentCvePoolAdded(v: CvePoolView & { added: string[]; alreadyReserved: string[] }) {
  return { ...presentCvePool(v), added: [...v.added], alreadyReserved: [...v.alreadyReserved] };
}

export const CANNED_TITLE_MAX = 200;
export const CANNED_BODY_MAX = 20_000;

export const CannedResponseSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  body: Type.String({ description: 'Markdown, inserted into a comment as written.' }),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export function presentCannedResponse(r: CannedResponseRow) {
  return { id: r.id, title: r.title, body: r.body, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString() };
}

export const ReportInboxStatusSchema = Type.Object({
  pending: Type.Integer({ description: 'Submissions answered with 2xx whose report is not built yet.' }),
  failing: Type.Integer({ description: 'Of those, how many failed to build at least once (tried again later).' }),
  oldestReceivedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  failingItems: Type.Array(
    Type.Object({
      id: Type.Integer(),
      trackingId: Type.String(),
      receivedAt: Type.String({ format: 'date-time' }),
      attempts: Type.Integer(),
      nextAttemptAt: Type.String({ format: 'date-time' }),
      lastError: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export function presentReportInboxStatus(v: {
  pending: number;
  failing: number;
  oldest: Date | null;
  failingItems: {
    object_id: number;
    tracking_id: string;
    received_at: Date;
    attempts: number;
    next_attempt_at: Date;
    last_error: string | null;
  }[];
}) {
  return {
    pending: v.pending,
    failing: v.failing,
    oldestReceivedAt: v.oldest ? v.oldest.toISOString() : null,
    failingItems: v.failingItems.map((r) => ({
      id: r.object_id,
      trackingId: r.tracking_id,
      receivedAt: r.received_at.toISOString(),
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at.toISOString(),
      lastError: r.last_error,
    })),
  };
}
