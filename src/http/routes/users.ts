// User administration API and the effective-groups view.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { EffectiveGroupSchema, presentEffectiveGroup } from '../../presenters/group.ts';
import { UserSchema, presentUser } from '../../presenters/user.ts';
import { REGISTRATION_ANSWER } from '../../domain/users/registration-service.ts';
import type { Services } from '../../services.ts';
import { IdParam, Paging, responses } from '../schemas.ts';

export function userRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['users'];

  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'List users (administrators)',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), ...Paging }, { additionalProperties: false }),
        response: responses({ 200: Type.Object({ items: Type.Array(UserSchema), total: Type.Integer() }) }),
      },
    },
    async (request) => {
      const { q, limit = 50, offset = 0 } = request.query;
      const { rows, total } = await services.users.list(request.session, { search: q || undefined, limit, offset });
      return { items: rows.map((u) => presentUser(request.session, u)), total };
    },
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Create a user (administrators)',
        description:
          'With a password: a one-time password, which the user must change at the first sign-in. Without one: the account has no password yet, and an invitation link (single use, seven days) goes to `email`, where the user chooses a password.',
        body: Type.Object(
          {
            username: Type.String({ maxLength: 400 }),
            password: Type.Optional(Type.String({ maxLength: 4096 })),
            displayName: Type.Optional(Type.String({ maxLength: 1000 })),
            email: Type.Optional(Type.Union([Type.String({ maxLength: 400 }), Type.Null()])),
            isAdmin: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: responses({ 201: UserSchema }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentUser(request.session, await services.users.create(request.session, request.body))),
  );

  app.post(
    '/api/registrations',
    {
      schema: {
        tags,
        summary: 'Ask to register a reporter account (anyone; limited per network). The answer is always "check your mail".',
        description:
          'The same answer whether or not the username or address is taken: the mail carries a link that completes the registration (POST /api/registrations/complete), or tells the address why not (the address has an account; the username is taken).',
        body: Type.Object(
          {
            username: Type.String({ maxLength: 400 }),
            password: Type.String({ maxLength: 4096 }),
            email: Type.String({ maxLength: 400 }),
            displayName: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: responses({ 202: Type.Object({ message: Type.String() }) }),
      },
    },
    async (request, reply) => {
      await services.registration.request(request.session, request.body);
      return reply.code(202).send({ message: REGISTRATION_ANSWER });
    },
  );

  app.post(
    '/api/registrations/complete',
    {
      schema: {
        tags,
        summary: 'Complete a registration with the link from its mail: the account is created (then sign in)',
        body: Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) }, { additionalProperties: false }),
        response: responses({ 201: Type.Object({ id: Type.Integer(), username: Type.String() }) }),
      },
    },
    async (request, reply) => reply.code(201).send(await services.registration.complete(request.session, request.body.token)),
  );

  app.get(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'One user (administrators, or the user themself)',
        params: IdParam,
        response: responses({ 200: UserSchema }),
      },
    },
    async (request) => presentUser(request.session, await services.users.get(request.session, request.params.id)),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a user (administrators)',
        params: IdParam,
        body: Type.Object(
          {
            displayName: Type.Optional(Type.String({ maxLength: 1000 })),
            email: Type.Optional(Type.Union([Type.String({ maxLength: 400 }), Type.Null()])),
            disabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: responses({ 200: UserSchema }),
      },
    },
    async (request) => presentUser(request.session, await services.users.update(request.session, request.params.id, request.body)),
  );

  app.get(
    '/api/users/:id/effective-groups',
    {
      schema: {
        tags,
        summary: "A user's effective groups, each with the nesting path that grants it",
        params: IdParam,
        response: responses({
          200: Type.Object({
            user: UserSchema,
            groups: Type.Array(EffectiveGroupSchema),
            objectGroupCount: Type.Integer({
              description: 'Object-owned groups (such as report participants groups) the user belongs to.',
            }),
          }),
        }),
      },
    },
    async (request) => {
      const r = await services.groups.effectiveGroupsOfUser(request.session, request.params.id);
      return { user: presentUser(request.session, r.user), groups: r.groups.map(presentEffectiveGroup), objectGroupCount: r.objectGroups };
    },
  );
}
