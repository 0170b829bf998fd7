// Public (no account needed): the limits a report must keep, and a proof-of-work challenge for the report
// form and API.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ChallengeSchema, IntakeLimitsSchema, presentChallenge, presentIntakeLimits } from '../../presenters/intake.ts';
import type { Services } from '../../services.ts';
import { responses } from '../schemas.ts';

export function intakeChallengeRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/intake/limits',
    {
      schema: {
        tags: ['reports'],
        summary: 'What a report may hold: the longest text per field, how many attachments, how large, of which types',
        response: responses({ 200: IntakeLimitsSchema }),
      },
    },
    async () => presentIntakeLimits(await services.intake.limits()),
  );

  app.get(
    '/api/intake/challenge',
    {
      schema: {
        tags: ['reports'],
        summary: 'A proof-of-work challenge to solve before submitting a report',
        description:
          "Find a nonce (1–64 characters of [0-9A-Za-z_-]) such that SHA-256(id + ':' + nonce) starts with `difficulty` zero bits, " +
          'and send { challengeId, nonce } as proofOfWork with the report within 10 minutes. Each challenge is accepted once. ' +
          'Answers { enabled: false } when this installation does not ask for one.',
        response: responses({ 200: ChallengeSchema }),
      },
    },
    async (request) => presentChallenge(await services.intake.challenge(request.session)),
  );
}
