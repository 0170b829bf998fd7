// Reading reports: the team inbox and searches, one report (team or reporter view), similar reports, the
// dashboard, the CWE catalogue and the signed-in user's alerts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { searchCwe } from '../../domain/reports/cwe.ts';
import { fieldError } from '../../errors/catalog.ts';
import { OPEN_STATES, REPORT_STATES } from '../../shared/report-states.ts';
import { SEVERITIES } from '../../shared/report-vocabulary.ts';
import {
  presentReport,
  presentReportSummary,
  presentSimilar,
  ReportDetailSchema,
  ReportSummarySchema,
  SimilarSchema,
} from '../../presenters/report.ts';
import type { Services } from '../../services.ts';
import { DateTime, IdParam, Paging, responses } from '../schemas.ts';

const State = Type.Union(REPORT_STATES.map((s) => Type.Literal(s)));
// Written out: a union mapped from an array would type every value as never.
const Sort = Type.Union([
  Type.Literal('inbox'),
  Type.Literal('newest'),
  Type.Literal('oldest'),
  Type.Literal('severity'),
  Type.Literal('disclosure'),
  Type.Literal('updated'),
]);
const Severity = Type.Union(SEVERITIES.map((s) => Type.Literal(s)));
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

const ListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 500,
        description:
          "Words to search for, or a tracking id, a CVE ID, a CWE (CWE-79 or 79); the report's team also finds reports by a reporter's e-mail address (or part of it).",
      }),
    ),
    state: Type.Optional(Type.Array(State, { maxItems: 12, description: 'One or more states (repeat the parameter).' })),
    open: Type.Optional(Type.Boolean({ description: 'Only reports that are not finished.' })),
    productId: Type.Optional(Id),
    severity: Type.Optional(Severity),
    assigneeId: Type.Optional(Id),
    assignedToMe: Type.Optional(Type.Boolean({ description: 'Only reports assigned to the signed-in user.' })),
    unassigned: Type.Optional(Type.Boolean()),
    unacknowledged: Type.Optional(Type.Boolean()),
    cweId: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    mine: Type.Optional(Type.Boolean({ description: 'Only reports I reported or co-reported.' })),
    sort: Type.Optional(Sort),
    ...Paging,
  },
  { additionalProperties: false },
);

export const DashboardSchema = Type.Object({
  open: Type.Integer(),
  unacknowledged: Type.Integer(),
  bySeverity: Type.Record(Type.String(), Type.Integer()),
  bySla: Type.Record(Type.String(), Type.Integer()),
  byState: Type.Record(Type.String(), Type.Integer()),
  byAge: Type.Array(Type.Object({ label: Type.String(), count: Type.Integer() })),
});

export const AlertSchema = Type.Object({
  id: Type.String(),
  reportId: Type.Union([Type.Integer(), Type.Null()]),
  kind: Type.String(),
  message: Type.String(),
  at: DateTime,
  read: Type.Boolean(),
});

export function reportRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['reports'];
  const now = () => services.deps.clock.now();

  app.get(
    '/api/reports',
    {
      schema: {
        tags,
        summary:
          'Reports the session may read, searched, filtered and sorted. The default order (inbox): open reports not yet acknowledged (oldest first), then other open reports (oldest first), then finished ones (most recently finished first)',
        querystring: ListQuery,
        response: responses({ 200: Type.Object({ total: Type.Integer(), items: Type.Array(ReportSummarySchema) }) }),
      },
    },
    async (request) => {
      const q = request.query;
      const s = request.session;
      const states = q.state?.length ? q.state : q.open ? [...OPEN_STATES] : undefined;
      if (q.assignedToMe && q.assigneeId !== undefined && (s.kind !== 'user' || s.userId !== q.assigneeId)) {
        throw fieldError('assignedToMe', 'name either assigneeId or assignedToMe, not two different people.');
      }
      // Someone who is not signed in has nothing assigned: no user has id 0.
      const assigneeId = q.assignedToMe ? (s.kind === 'user' ? s.userId : 0) : q.assigneeId;
      const result = await services.reports.query.list(
        s,
        {
          text: q.q?.trim() || undefined,
          states,
          productId: q.productId,
          severity: q.severity,
          assigneeId,
          unassigned: q.unassigned,
          unacknowledged: q.unacknowledged,
          cweId: q.cweId,
          reportedBy: q.mine && s.kind === 'user' ? s.userId : undefined,
        },
        { sort: q.sort ?? 'inbox', limit: q.limit ?? 50, offset: q.offset ?? 0 },
      );
      const at = now();
      return {
        total: result.total,
        items: result.items.map((i) => presentReportSummary(i.report, i.facts, at, i.viewer)),
      };
    },
  );

  app.get(
    '/api/reports/dashboard',
    {
      schema: {
        tags,
        summary: 'Open reports by age, severity, state and SLA state (only those the session may read)',
        response: responses({
          200: DashboardSchema,
        }),
      },
    },
    async (request) => services.reports.query.dashboard(request.session),
  );

  app.get(
    '/api/reports/:id',
    {
      schema: {
        tags,
        summary: 'One report, as its team or its reporter sees it (404 when the session may not read it)',
        params: IdParam,
        response: responses({ 200: ReportDetailSchema }),
      },
    },
    async (request) => presentReport(await services.reports.query.get(request.session, request.params.id), now()),
  );

  app.get(
    '/api/reports/:id/assignees',
    {
      schema: {
        tags,
        summary: "Who the report may be assigned to: its product security team's members (for those who may triage it)",
        params: IdParam,
        response: responses({
          200: Type.Object({ items: Type.Array(Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() })) }),
        }),
      },
    },
    async (request) => ({
      items: (await services.reports.query.assignees(request.session, request.params.id)).map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.display_name,
      })),
    }),
  );

  app.get(
    '/api/reports/:id/similar',
    {
      schema: {
        tags,
        summary: 'Other readable reports with the same CWE, product or component, or similar words ("bugs cluster")',
        params: IdParam,
        response: responses({ 200: Type.Object({ items: Type.Array(SimilarSchema) }) }),
      },
    },
    async (request) => ({ items: (await services.reports.query.similar(request.session, request.params.id)).map(presentSimilar) }),
  );

  app.get(
    '/api/cwe',
    {
      schema: {
        tags,
        summary: 'Search the CWE catalogue (number or words)',
        querystring: Type.Object(
          { q: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
          { additionalProperties: false },
        ),
        response: responses({ 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })) }) }),
      },
    },
    (request) => ({ items: searchCwe(request.query.q ?? '', request.query.limit ?? 20) }),
  );

  app.get(
    '/api/me/notifications',
    {
      schema: {
        tags,
        summary: 'My alerts (new reports, assignments, SLA warnings), newest first',
        response: responses({
          200: Type.Object({
            items: Type.Array(AlertSchema),
          }),
        }),
      },
    },
    async (request) => ({
      items: (await services.reports.query.notifications(request.session)).map((n) => ({
        id: n.id,
        reportId: n.report_id,
        kind: n.kind,
        message: n.message,
        at: n.at.toISOString(),
        read: n.read_at !== null,
      })),
    }),
  );

  app.post(
    '/api/me/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark alerts as read (all, or the ids given)',
        body: Type.Object(
          { ids: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{1,18}$' }), { maxItems: 500 })) },
          { additionalProperties: false },
        ),
        response: responses({ 200: Type.Object({ marked: Type.Integer() }) }),
      },
    },
    async (request) => ({ marked: await services.reports.query.markNotificationsRead(request.session, request.body.ids ?? 'all') }),
  );
}
