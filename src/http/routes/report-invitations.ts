// Co-reporter invitations: the report's people invite by username (the answer never says whether the account
// exists); the invitee lists, accepts and declines their own invitations.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { presentReport, ReportDetailSchema } from '../../presenters/report.ts';
import type { Services } from '../../services.ts';
import { DateTime, IdParam, responses } from '../schemas.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

export const MyInvitationSchema = Type.Object({
  id: Type.Integer(),
  reportId: Type.Integer(),
  trackingId: Type.String(),
  invitedBy: Type.String(),
  role: Type.String(),
  createdAt: DateTime,
  expiresAt: DateTime,
});

export function reportInvitationRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['reports'];
  const r = services.reports;
  const view = async (session: Parameters<typeof r.query.get>[0], id: number) =>
    presentReport(await r.query.get(session, id), services.deps.clock.now());

  app.post(
    '/api/reports/:id/invitations',
    {
      schema: {
        tags,
        summary: 'Invite a co-reporter by username (the team, or a reporter signed in with an account); the invitee accepts or declines',
        description: 'The answer is the same whether or not an account of that name exists.',
        params: IdParam,
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: responses({ 200: ReportDetailSchema }),
      },
    },
    async (request) => {
      await r.invitations.invite(request.session, request.params.id, request.body);
      return view(request.session, request.params.id);
    },
  );

  app.delete(
    '/api/reports/:id/invitations/:invitationId',
    {
      schema: {
        tags,
        summary: 'Withdraw a pending invitation',
        params: Type.Object({ id: Id, invitationId: Id }),
        response: responses({ 200: ReportDetailSchema }),
      },
    },
    async (request) => {
      await r.invitations.withdraw(request.session, request.params.id, request.params.invitationId);
      return view(request.session, request.params.id);
    },
  );

  app.get(
    '/api/me/invitations',
    {
      schema: {
        tags,
        summary: 'My pending co-reporter invitations',
        response: responses({ 200: Type.Object({ items: Type.Array(MyInvitationSchema) }) }),
      },
    },
    async (request) => ({
      items: (await r.invitations.mine(request.session)).map((i) => ({
        id: i.id,
        reportId: i.report_id,
        trackingId: i.tracking_id,
        invitedBy: i.invited_by_name,
        role: 'co_reporter',
        createdAt: i.created_at.toISOString(),
        expiresAt: i.expires_at.toISOString(),
      })),
    }),
  );

  for (const answer of ['accept', 'decline'] as const) {
    app.post(
      `/api/me/invitations/:id/${answer}`,
      {
        schema: {
          tags,
          summary: answer === 'accept' ? 'Accept an invitation: become a co-reporter of the report' : 'Decline an invitation',
          params: IdParam,
          response: responses({ 200: Type.Object({ reportId: Type.Integer() }) }),
        },
      },
      async (request) => r.invitations.answer(request.session, request.params.id, answer === 'accept'),
    );
  }
}
