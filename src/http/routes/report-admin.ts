// Administration of report handling: message templates (with a preview), SLA targets and the needs-more-info
// wait, the pool of reserved CVE IDs, canned responses (read by security team members, changed by
// administrators).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  CANNED_BODY_MAX,
  CANNED_TITLE_MAX,
  CannedResponseSchema,
  CvePoolAddedSchema,
  CvePoolSchema,
  ReportTemplatesSchema,
  SlaPatchSchema,
  SlaViewSchema,
  TemplatesPreviewSchema,
  TemplatesViewSchema,
  presentCannedResponse,
  presentCvePool,
  presentCvePoolAdded,
  presentSla,
  presentTemplatesPreview,
  presentTemplatesView,
  presentReportInboxStatus,
  ReportInboxStatusSchema,
} from '../../presenters/report-admin.ts';
import type { Services } from '../../services.ts';
import { IdParam, Ok, responses } from '../schemas.ts';

const CannedInput = Type.Object(
  {
    title: Type.String({ maxLength: CANNED_TITLE_MAX, description: 'One line, unique.' }),
    body: Type.String({ maxLength: CANNED_BODY_MAX, description: 'Markdown.' }),
  },
  { additionalProperties: false },
);

export function reportAdminRoutes(base: FastifyInstance, services: Services, publicUrl: URL): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const admin = services.reportAdmin;
  const tags = ['report administration'];

  app.get(
    '/api/admin/report-templates',
    {
      schema: {
        tags,
        summary: 'Message templates to reporters, the placeholders they may use, and a preview with sample values',
        response: responses({ 200: TemplatesViewSchema }),
      },
    },
    async (request) => presentTemplatesView(await admin.templates(request.session, publicUrl)),
  );

  app.put(
    '/api/admin/report-templates',
    {
      schema: {
        tags,
        summary: 'Change the message templates (needs a recent sign-in)',
        body: ReportTemplatesSchema,
        response: responses({ 200: TemplatesViewSchema }),
      },
    },
    async (request) => presentTemplatesView(await admin.updateTemplates(request.session, publicUrl, request.body)),
  );

  app.post(
    '/api/admin/report-templates/preview',
    {
      schema: {
        tags,
        summary: 'Fill draft templates with the sample values, without saving them',
        body: ReportTemplatesSchema,
        response: responses({ 200: TemplatesPreviewSchema }),
      },
    },
    async (request) => presentTemplatesPreview(await admin.previewTemplates(request.session, publicUrl, request.body)),
  );

  app.get(
    '/api/admin/report-inbox',
    {
      schema: {
        tags,
        summary: 'Submissions stored but not yet built into reports (after a burst), and those whose build failed, with the error',
        response: responses({ 200: ReportInboxStatusSchema }),
      },
    },
    async (request) => presentReportInboxStatus(await services.reports.intake.inboxStatus(request.session)),
  );

  app.get(
    '/api/admin/sla',
    {
      schema: {
        tags,
        summary: 'SLA targets and how long a "needs more info" request waits for the reporter',
        response: responses({ 200: SlaViewSchema }),
      },
    },
    async (request) => presentSla(await admin.sla(request.session)),
  );

  app.patch(
    '/api/admin/sla',
    {
      schema: {
        tags,
        summary: 'Change SLA targets (only the fields given)',
        body: SlaPatchSchema,
        response: responses({ 200: SlaViewSchema }),
      },
    },
    async (request) => presentSla(await admin.updateSla(request.session, request.body)),
  );

  app.get(
    '/api/admin/cve-pool',
    {
      schema: { tags, summary: 'The pool of reserved CVE IDs handed out to reports in order', response: responses({ 200: CvePoolSchema }) },
    },
    async (request) => presentCvePool(await admin.cvePool(request.session)),
  );

  app.post(
    '/api/admin/cve-pool',
    {
      schema: {
        tags,
        summary: 'Add reserved CVE IDs to the pool',
        body: Type.Object(
          {
            ids: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 1000, description: 'CVE IDs such as CVE-2026-1000.' }),
          },
          { additionalProperties: false },
        ),
        response: responses({ 200: CvePoolAddedSchema }),
      },
    },
    async (request) => presentCvePoolAdded(await admin.addToCvePool(request.session, request.body.ids)),
  );

  app.delete(
    '/api/admin/cve-pool/:cveId',
    {
      schema: {
        tags,
        summary: 'Remove a reserved CVE ID that was not handed out',
        params: Type.Object({ cveId: Type.String({ maxLength: 40 }) }),
        response: responses({ 200: CvePoolSchema }),
      },
    },
    async (request) => presentCvePool(await admin.removeFromCvePool(request.session, request.params.cveId)),
  );

  app.get(
    '/api/canned-responses',
    {
      schema: {
        tags,
        summary: 'Canned responses for comments on reports (members of a product security team, and administrators)',
        response: responses({ 200: Type.Object({ items: Type.Array(CannedResponseSchema) }) }),
      },
    },
    async (request) => ({ items: (await admin.cannedResponses(request.session)).map(presentCannedResponse) }),
  );

  app.post(
    '/api/admin/canned-responses',
    {
      schema: { tags, summary: 'Create a canned response', body: CannedInput, response: responses({ 201: CannedResponseSchema }) },
    },
    async (request, reply) => reply.code(201).send(presentCannedResponse(await admin.createCannedResponse(request.session, request.body))),
  );

  app.patch(
    '/api/admin/canned-responses/:id',
    {
      schema: {
        tags,
        summary: 'Change a canned response',
        params: IdParam,
        body: Type.Partial(CannedInput, { additionalProperties: false }),
        response: responses({ 200: CannedResponseSchema }),
      },
    },
    async (request) => presentCannedResponse(await admin.updateCannedResponse(request.session, request.params.id, request.body)),
  );

  app.delete(
    '/api/admin/canned-responses/:id',
    {
      schema: { tags, summary: 'Delete a canned response', params: IdParam, response: responses({ 200: Ok }) },
    },
    async (request) => {
      await admin.deleteCannedResponse(request.session, request.params.id);
      return { ok: true as const };
    },
  );
}
