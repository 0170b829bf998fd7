// The shapes of the server's answers, as the web UI sees them: every type here is the static type of the
// TypeBox schema the server validates and serialises that answer with (src/presenters, src/http/routes). The
// imports are type-only, so the build erases them and the bundle holds no server code; a field added to or
// removed from a response schema changes these types, and the web code that reads it fails to type-check.
// This is the only web file that imports from the server (besides the pure values in src/shared).
import type { Static } from 'typebox';
import type { Ok as OkSchema } from '../../src/http/schemas.ts';
import type { Me as MeSchema } from '../../src/http/routes/session.ts';
import type { IpBlockSchema, OutboxMessageSchema, SettingsSchema } from '../../src/http/routes/admin-security.ts';
import type { AlertSchema, DashboardSchema } from '../../src/http/routes/reports.ts';
import type { MyInvitationSchema } from '../../src/http/routes/report-invitations.ts';
import type { SubmissionBody, SubmittedSchema } from '../../src/http/routes/report-intake.ts';
import type { ApiTokenSchema, SessionInfoSchema } from '../../src/presenters/account.ts';
import type { AuditEventSchema } from '../../src/presenters/audit.ts';
import type {
  DisclosurePolicySchema,
  DisclosureSettingsSchema,
  SecurityTxtPreviewSchema,
  TeamKeySchema,
} from '../../src/presenters/disclosure.ts';
import type {
  EffectiveGroupSchema,
  GroupKind as GroupKindSchema,
  GroupMemberSchema,
  GroupSchema,
  GroupUseSchema,
  UserMemberSchema,
} from '../../src/presenters/group.ts';
import type { AttachmentTypeSchema, ChallengeSchema, IntakeLimitsSchema, IntakeSettingsSchema } from '../../src/presenters/intake.ts';
import type { ProductSchema, ProductVersionSchema } from '../../src/presenters/product.ts';
import type {
  CannedResponseSchema,
  CvePoolAddedSchema,
  CvePoolSchema,
  FixDaysSchema,
  MessageTemplateSchema,
  NeedsInfoSchema,
  ReportTemplatesSchema,
  SlaPatchSchema,
  SlaViewSchema,
  TemplatesPreviewSchema,
  TemplatesViewSchema,
} from '../../src/presenters/report-admin.ts';
import type {
  AttachmentSchema,
  EventSchema,
  ReportDetailSchema,
  ReportSummarySchema,
  SimilarSchema,
  SlaClockSchema,
} from '../../src/presenters/report.ts';
import type { UserSchema } from '../../src/presenters/user.ts';

export type { ErrorId, FieldError } from '../../src/shared/errors.ts';

/** A page of a list: the items and how many there are in all. */
export interface Page<T> {
  items: T[];
  total: number;
}
export type Ok = Static<typeof OkSchema>;

// Session and account
export type Me = Static<typeof MeSchema>;
export type SessionUser = NonNullable<Me['user']>;
export type Abilities = SessionUser['abilities'];
export type NextStep = Me['next'];
export type SessionInfo = Static<typeof SessionInfoSchema>;
export type ApiToken = Static<typeof ApiTokenSchema>;
export type ApiTokenScope = ApiToken['scopes'][number];

// Users and groups
export type User = Static<typeof UserSchema>;
export type UserSecurity = User['security'];
export type GroupKind = Static<typeof GroupKindSchema>;
export type Group = Static<typeof GroupSchema>;
export type UserMember = Static<typeof UserMemberSchema>;
export type GroupMember = Static<typeof GroupMemberSchema>;
export type GroupUse = Static<typeof GroupUseSchema>;
export type EffectiveGroup = Static<typeof EffectiveGroupSchema>;

// Security administration
export type SecuritySettings = Static<typeof SettingsSchema>;
export type SecurityEvent = Static<typeof AuditEventSchema>;
export type OutboxMessage = Static<typeof OutboxMessageSchema>;
export type IpBlock = Static<typeof IpBlockSchema>;
export type AttachmentType = Static<typeof AttachmentTypeSchema>;
export type IntakeSettings = Static<typeof IntakeSettingsSchema>;
export type IntakeLimits = Static<typeof IntakeLimitsSchema>;
export type IntakeChallenge = Static<typeof ChallengeSchema>;

// Products
export type Product = Static<typeof ProductSchema>;
export type ProductVersion = Static<typeof ProductVersionSchema>;

// Disclosure
export type DisclosureSettings = Static<typeof DisclosureSettingsSchema>;
export type TeamKey = Static<typeof TeamKeySchema>;
export type DisclosurePolicy = Static<typeof DisclosurePolicySchema>;
export type SecurityTxtPreview = Static<typeof SecurityTxtPreviewSchema>;

// Report settings
export type MessageTemplate = Static<typeof MessageTemplateSchema>;
export type ReportTemplates = Static<typeof ReportTemplatesSchema>;
export type TemplatesView = Static<typeof TemplatesViewSchema>;
export type Placeholder = TemplatesView['placeholders'][number];
export type TemplatesPreview = Static<typeof TemplatesPreviewSchema>;
export type FixDays = Static<typeof FixDaysSchema>;
export type NeedsInfo = Static<typeof NeedsInfoSchema>;
export type SlaSettings = Static<typeof SlaViewSchema>;
export type SlaPatch = Static<typeof SlaPatchSchema>;
export type CvePool = Static<typeof CvePoolSchema>;
export type CvePoolEntry = CvePool['items'][number];
export type CvePoolAdded = Static<typeof CvePoolAddedSchema>;
export type CannedResponse = Static<typeof CannedResponseSchema>;

// Reports
export type ReportSummary = Static<typeof ReportSummarySchema>;
export type ReportDetail = Static<typeof ReportDetailSchema>;
export type Markdown = ReportDetail['description'];
export type TimelineEvent = Static<typeof EventSchema>;
export type Attachment = Static<typeof AttachmentSchema>;
export type SlaClockView = Static<typeof SlaClockSchema>;
export type StageView = NonNullable<ReportDetail['stages']>[number];
export type ReportVersion = ReportDetail['versions'][number];
export type WindowOfVulnerability = NonNullable<ReportDetail['windowOfVulnerability']>;
export type ReportMember = ReportDetail['members'][number];
export type ReportInvitation = ReportDetail['invitations'][number];
export type SimilarReport = Static<typeof SimilarSchema>;
/** A weakness of the CWE catalogue: a report's CWE, and each match of GET /api/cwe. */
export type Cwe = NonNullable<ReportDetail['cwe']>;
export type Dashboard = Static<typeof DashboardSchema>;
export type Alert = Static<typeof AlertSchema>;
export type MyInvitation = Static<typeof MyInvitationSchema>;
export type ReportSubmission = Static<typeof SubmissionBody>;
export type Submitted = Static<typeof SubmittedSchema>;
