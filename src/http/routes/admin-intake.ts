// Administrators: the anti-abuse settings of the public report form and API.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IntakeSettingsSchema, presentIntakeSettings } from '../../presenters/intake.ts';
import type { Services } from '../../services.ts';
import { responses } from '../schemas.ts';

export function adminIntakeRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['security administration'];

  app.get(
    '/api/admin/intake-settings',
    {
      schema: { tags, summary: 'Report intake anti-abuse settings', response: responses({ 200: IntakeSettingsSchema }) },
    },
    async (request) => presentIntakeSettings(await services.settings.view(request.session, 'intake')),
  );

  app.patch(
    '/api/admin/intake-settings',
    {
      schema: {
        tags,
        summary: 'Change report intake anti-abuse settings (needs a recent sign-in)',
        body: Type.Partial(IntakeSettingsSchema, { additionalProperties: false }),
        response: responses({ 200: IntakeSettingsSchema }),
      },
    },
    async (request) => presentIntakeSettings(await services.settings.update(request.session, 'intake', request.body)),
  );
}
