// Intake: the public form and API submit reports (no account needed); files are attached to them afterwards
// (report-attachments.ts).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { REPORT_TEXT_MAX, REPORT_TITLE_MAX } from '../../domain/reports/intake-service.ts';
import { reporterLinkUrl } from '../../domain/reports/links.ts';
import { FOUND_BY } from '../../domain/reports/validation.ts';
import { checkReportLimits, ProofOfWorkSchema, verifySolution } from '../../intake/index.ts';
import type { Services } from '../../services.ts';
import { responses } from '../schemas.ts';

const Text = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) });

export const SubmissionBody = Type.Object(
  {
    title: Text(REPORT_TITLE_MAX * 4, 'A short summary of the vulnerability.'),
    description: Text(REPORT_TEXT_MAX, 'What the vulnerability is (Markdown).'),
    productId: Type.Integer({
      minimum: 1,
      maximum: 2147483647,
      description: 'From GET /api/products; the "Other / not sure" entry when unsure.',
    }),
    affectedVersions: Type.Optional(Text(2_000)),
    steps: Type.Optional(Text(REPORT_TEXT_MAX, 'Steps to reproduce (Markdown).')),
    impact: Type.Optional(Text(REPORT_TEXT_MAX, 'What an attacker gains (Markdown).')),
    component: Type.Optional(Text(200)),
    cvssVector: Type.Optional(Text(300, 'A CVSS 4.0, 3.1, 3.0 or 2.0 vector, if you scored it.')),
    cweId: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: 'A CWE number, e.g. 79 for CWE-79.' })),
    foundBy: Type.Optional(Type.Union(FOUND_BY.map((f) => Type.Literal(f)))),
    contactName: Type.Optional(Text(200)),
    contactEmail: Type.Optional(Text(320, 'Where the team can reach you (needed when not signed in).')),
    pgpPublicKey: Type.Optional(Text(100_000, 'Your OpenPGP public key: mail to you is then encrypted to it.')),
    creditName: Type.Optional(Text(200, 'The name to credit you under.')),
    creditConsent: Type.Optional(Type.Boolean({ description: 'You agree to be credited publicly.' })),
    preferredDisclosureDate: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD' })),
    proofOfWork: Type.Optional(ProofOfWorkSchema),
  },
  { additionalProperties: false },
);

export const SubmittedSchema = Type.Object({
  id: Type.Integer(),
  trackingId: Type.String(),
  reporterLink: Type.Union([Type.String(), Type.Null()], {
    description: 'For reporters who are not signed in: the secret link to the reporter view. Shown once; keep it.',
  }),
});

export function reportIntakeRoutes(base: FastifyInstance, services: Services, publicUrl: URL): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['reports'];

  app.post(
    '/api/reports',
    {
      schema: {
        tags,
        summary: 'Submit a vulnerability report (no account needed)',
        body: SubmissionBody,
        response: responses({ 201: SubmittedSchema }),
      },
    },
    async (request, reply) => {
      const { proofOfWork, ...input } = request.body;
      const settings = await services.settings.read('intake');
      checkReportLimits(settings, { texts: { description: input.description, steps: input.steps, impact: input.impact } });
      const result = await services.reports.intake.submit(request.session, input, {
        settings,
        verify: settings.proofOfWork ? (_s, tx, at) => verifySolution(tx, at, proofOfWork) : undefined,
      });
      if (result.buildError)
        request.log.error({ err: result.buildError, reportId: result.id }, 'building the report failed; the inbox worker will try again');
      return reply.code(201).send({
        id: result.id,
        trackingId: result.trackingId,
        reporterLink: result.linkToken ? reporterLinkUrl(publicUrl, result.id, result.linkToken) : null,
      });
    },
  );
}
