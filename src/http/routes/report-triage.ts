// Triage by the report's team (state, acknowledgement, assignment, severity, classification, checklist,
// disclosure date, bulk actions) and the conversation (comments, withdrawal, invitations, reporter links).
// Each answers with the report as the caller now sees it.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { REPORT_STATES } from '../../domain/reports/states.ts';
import { ACTIVITY_KEYS } from '../../domain/reports/stages.ts';
import { reporterLinkUrl } from '../../domain/reports/links.ts';
import { FOUND_BY } from '../../domain/reports/validation.ts';
import { presentReport, ReportDetailSchema } from '../../presenters/report.ts';
import type { Services } from '../../services.ts';
import { IdParam, responses } from '../schemas.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const State = Type.Union(REPORT_STATES.map((s) => Type.Literal(s)));
const Reason = Type.String({ maxLength: 10_000, description: 'Why (shown on the timeline).' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export function reportTriageRoutes(base: FastifyInstance, services: Services, publicUrl: URL): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['reports'];
  const r = services.reports;
  const detail = { params: IdParam, response: responses({ 200: ReportDetailSchema }) };
  const view = async (session: Parameters<typeof r.query.get>[0], id: number) =>
    presentReport(await r.query.get(session, id), services.deps.clock.now());

  app.post(
    '/api/reports/:id/transition',
    {
      schema: {
        tags,
        summary: 'Move the report to another state (the team); illegal transitions are refused with the allowed ones',
        ...detail,
        body: Type.Object(
          {
            to: State,
            reason: Reason,
            duplicateOf: Type.Optional(Type.Union([Id, Type.String({ maxLength: 40 })])),
            confirmEarlyDisclosure: Type.Optional(
              Type.Boolean({
                description:
                  'Needed to move to disclosed before the agreed disclosure date (else 409 confirmation_required, naming the date).',
              }),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      await r.triage.transition(request.session, request.params.id, request.body);
      return view(request.session, request.params.id);
    },
  );

  app.post(
    '/api/reports/bulk/transition',
    {
      schema: {
        tags,
        summary: 'Bulk triage: move many reports (e.g. close as spam, mark duplicates); results per report',
        body: Type.Object(
          {
            ids: Type.Array(Id, { minItems: 1, maxItems: 200 }),
            to: State,
            reason: Reason,
            duplicateOf: Type.Optional(Type.Union([Id, Type.String({ maxLength: 40 })])),
            confirmEarlyDisclosure: Type.Optional(
              Type.Boolean({
                description:
                  "Needed to move reports to disclosed before their agreed disclosure date (else that report's result is confirmation_required).",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: responses({
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                id: Type.Integer(),
                ok: Type.Boolean(),
                error: Type.Optional(Type.Object({ id: Type.String(), message: Type.String() })),
              }),
            ),
          }),
        }),
      },
    },
    async (request) => {
      const { ids, ...input } = request.body;
      return { results: await r.triage.bulkTransition(request.session, ids, input) };
    },
  );

  app.post(
    '/api/reports/:id/acknowledge',
    {
      schema: {
        tags,
        summary: 'Acknowledge the reporter (sends the acknowledgement template; stops the time-to-acknowledge clock)',
        ...detail,
      },
    },
    async (request) => {
      await r.triage.acknowledge(request.session, request.params.id);
      return view(request.session, request.params.id);
    },
  );

  app.put(
    '/api/reports/:id/assignee',
    {
      schema: {
        tags,
        summary: 'Assign or reassign (a member of the product security team), or unassign with null',
        ...detail,
        body: Type.Object({ assigneeId: Nullable(Id) }, { additionalProperties: false }),
      },
    },
    async (request) => {
      await r.triage.assign(request.session, request.params.id, request.body.assigneeId);
      return view(request.session, request.params.id);
    },
  );

  app.put(
    '/api/reports/:id/severity',
    {
      schema: {
        tags,
        summary: 'Set the CVSS vector (4.0, 3.1, 3.0; 2.0 accepted) and the risk-level override',
        ...detail,
        body: Type.Object(
          {
            cvssVector: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
            riskOverride: Type.Optional(Nullable(Type.Union([Type.Literal('low'), Type.Literal('high')]))),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      await r.triage.score(request.session, request.params.id, request.body);
      return view(request.session, request.params.id);
    },
  );

  app.put(
    '/api/reports/:id/classification',
    {
      schema: {
        tags,
        summary: 'CWE, how it was found, component, CVE ID (or take the next reserved one from the pool)',
        ...detail,
        body: Type.Object(
          {
            cweId: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100000 }))),
            foundBy: Type.Optional(Type.Union(FOUND_BY.map((f) => Type.Literal(f)))),
            component: Type.Optional(Type.String({ maxLength: 200 })),
            cveId: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
            cveFromPool: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      await r.triage.classify(request.session, request.params.id, request.body);
      return view(request.session, request.params.id);
    },
  );

  app.put(
    '/api/reports/:id/checklist/:key',
    {
      schema: {
        tags,
        summary: 'Tick or untick an activity of the seed 001 stage checklist',
        params: Type.Object({ id: Id, key: Type.Union([...ACTIVITY_KEYS].map((k) => Type.Literal(k))) }),
        body: Type.Object({ done: Type.Boolean() }, { additionalProperties: false }),
        response: responses({ 200: ReportDetailSchema }),
      },
    },
    async (request) => {
      await r.triage.setChecklistItem(request.session, request.params.id, request.params.key, request.body.done);
      return view(request.session, request.params.id);
    },
  );

  app.put(
    '/api/reports/:id/disclosure',
    {
      schema: {
        tags,
        summary: "The reporter's preferred disclosure date and an agreed extension with its reason",
        ...detail,
        body: Type.Object(
          {
            preferredDate: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
            extensionDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
            extensionReason: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      await r.triage.setDisclosure(request.session, request.params.id, request.body);
      return view(request.session, request.params.id);
    },
  );

  const Range = Type.String({ maxLength: 200, description: 'A version range, such as ">= 2.0, < 2.4.1".' });
  app.post(
    '/api/reports/:id/versions',
    {
      schema: {
        tags,
        summary: 'Record an affected product and version range (and the fixed version once known)',
        ...detail,
        body: Type.Object({ productId: Id, affected: Range, fixedIn: Type.Optional(Range) }, { additionalProperties: false }),
      },
    },
    async (request) => {
      await r.versions.add(request.session, request.params.id, request.body);
      return view(request.session, request.params.id);
    },
  );

  app.patch(
    '/api/reports/:id/versions/:versionId',
    {
      schema: {
        tags,
        summary: 'Change an affected range or its fixed version',
        params: Type.Object({ id: Id, versionId: Id }),
        body: Type.Object({ affected: Type.Optional(Range), fixedIn: Type.Optional(Range) }, { additionalProperties: false }),
        response: responses({ 200: ReportDetailSchema }),
      },
    },
    async (request) => {
      await r.versions.update(request.session, request.params.id, request.params.versionId, request.body);
      return view(request.session, request.params.id);
    },
  );

  app.delete(
    '/api/reports/:id/versions/:versionId',
    {
      schema: {
        tags,
        summary: 'Remove an affected-version entry',
        params: Type.Object({ id: Id, versionId: Id }),
        response: responses({ 200: ReportDetailSchema }),
      },
    },
    async (request) => {
      await r.versions.remove(request.session, request.params.id, request.params.versionId);
      return view(request.session, request.params.id);
    },
  );

  app.post(
    '/api/reports/:id/comments',
    {
      schema: {
        tags,
        summary: "Comment: the team chooses internal or visible to the reporter; reporters' comments are visible to both",
        ...detail,
        body: Type.Object(
          { body: Type.String({ maxLength: 100_000 }), internal: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      await r.conversation.comment(request.session, request.params.id, request.body);
      return view(request.session, request.params.id);
    },
  );

  app.post(
    '/api/reports/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw the report (its reporters)',
        ...detail,
        body: Type.Object({ reason: Type.Optional(Reason) }, { additionalProperties: false }),
      },
    },
    async (request) => {
      await r.conversation.withdraw(request.session, request.params.id, request.body.reason ?? '');
      return view(request.session, request.params.id);
    },
  );

  app.post(
    '/api/reports/:id/members',
    {
      schema: {
        tags,
        summary: 'Add a user to the report at once (the team): a collaborator or a co-reporter. Reporters use invitations.',
        ...detail,
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 200 }),
            role: Type.Union([Type.Literal('collaborator'), Type.Literal('co_reporter')]),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      await r.conversation.invite(request.session, request.params.id, request.body);
      return view(request.session, request.params.id);
    },
  );

  app.delete(
    '/api/reports/:id/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove an invited user from the report (the team)',
        params: Type.Object({ id: Id, userId: Id }),
        response: responses({ 200: ReportDetailSchema }),
      },
    },
    async (request) => {
      await r.conversation.removeMember(request.session, request.params.id, request.params.userId);
      return view(request.session, request.params.id);
    },
  );

  app.post(
    '/api/reports/:id/links',
    {
      schema: {
        tags,
        summary: 'Create a secret reporter link (shown once)',
        params: IdParam,
        response: responses({ 201: Type.Object({ reporterLink: Type.String() }) }),
      },
    },
    async (request, reply) => {
      const token = await r.conversation.createLink(request.session, request.params.id);
      return reply.code(201).send({ reporterLink: reporterLinkUrl(publicUrl, request.params.id, token) });
    },
  );

  app.delete(
    '/api/reports/:id/links',
    {
      schema: {
        tags,
        summary: 'Revoke every secret reporter link of the report',
        params: IdParam,
        response: responses({ 200: Type.Object({ revoked: Type.Integer() }) }),
      },
    },
    async (request) => ({ revoked: await r.conversation.revokeLinks(request.session, request.params.id) }),
  );
}
