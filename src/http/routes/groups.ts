// Group administration API.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { GROUP_DESCRIPTION_MAX, GROUP_NAME_MAX } from '../../domain/groups/service.ts';
import {
  GroupMemberSchema,
  GroupSchema,
  GroupUseSchema,
  UserMemberSchema,
  presentGroup,
  presentGroupMember,
  presentGroupUse,
  presentUserMember,
} from '../../presenters/group.ts';
import type { Services } from '../../services.ts';
import { IdParam, Ok, Paging, responses } from '../schemas.ts';

// The service checks the real limits (counting characters, not UTF-16 units) and says so; these schema
// bounds only stop absurd inputs early.
const Name = Type.String({ maxLength: GROUP_NAME_MAX * 100 });
const Description = Type.String({ maxLength: GROUP_DESCRIPTION_MAX * 100 });
const KindFilter = Type.Union([
  Type.Literal('builtin'),
  Type.Literal('custom'),
  Type.Literal('object'),
  Type.Literal('product'),
  Type.Literal('all'),
]);

export function groupRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['groups'];

  app.get(
    '/api/groups',
    {
      schema: {
        tags,
        summary: 'List groups (administrators see all; others see the groups they belong to)',
        querystring: Type.Object(
          { q: Type.Optional(Type.String({ maxLength: 200 })), kind: Type.Optional(KindFilter), ...Paging },
          { additionalProperties: false },
        ),
        response: responses({ 200: Type.Object({ items: Type.Array(GroupSchema), total: Type.Integer() }) }),
      },
    },
    async (request) => {
      const { q, kind = 'all', limit = 50, offset = 0 } = request.query;
      const kinds = kind === 'all' ? (['builtin', 'custom', 'product'] as const) : ([kind] as const);
      const { rows, total } = await services.groups.list(request.session, { kinds: [...kinds], search: q || undefined, limit, offset });
      return { items: rows.map((g) => presentGroup(request.session, g)), total };
    },
  );

  app.post(
    '/api/groups',
    {
      schema: {
        tags,
        summary: 'Create a group',
        body: Type.Object({ name: Name, description: Type.Optional(Description) }, { additionalProperties: false }),
        response: responses({ 201: GroupSchema }),
      },
    },
    async (request, reply) => {
      const g = await services.groups.create(request.session, request.body);
      return reply.code(201).send(presentGroup(request.session, g));
    },
  );

  app.get(
    '/api/groups/:id',
    {
      schema: { tags, summary: 'One group', params: IdParam, response: responses({ 200: GroupSchema }) },
    },
    async (request) => presentGroup(request.session, await services.groups.get(request.session, request.params.id)),
  );

  app.patch(
    '/api/groups/:id',
    {
      schema: {
        tags,
        summary: 'Rename a group or change its description',
        params: IdParam,
        body: Type.Object({ name: Type.Optional(Name), description: Type.Optional(Description) }, { additionalProperties: false }),
        response: responses({ 200: GroupSchema }),
      },
    },
    async (request) => presentGroup(request.session, await services.groups.update(request.session, request.params.id, request.body)),
  );

  app.delete(
    '/api/groups/:id',
    {
      schema: {
        tags,
        summary: 'Delete a group (refused with 409 and the list of uses while anything still uses it)',
        params: IdParam,
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.groups.remove(request.session, request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/groups/:id/uses',
    {
      schema: {
        tags,
        summary: 'Objects and groups that use this group',
        params: IdParam,
        response: responses({ 200: Type.Object({ items: Type.Array(GroupUseSchema) }) }),
      },
    },
    async (request) => ({ items: (await services.groups.uses(request.session, request.params.id)).map(presentGroupUse) }),
  );

  app.get(
    '/api/groups/:id/members',
    {
      schema: {
        tags,
        summary: 'Direct members of a group: users and groups',
        params: IdParam,
        querystring: Type.Object(Paging, { additionalProperties: false }),
        response: responses({
          200: Type.Object({ group: GroupSchema, users: Type.Array(UserMemberSchema), groups: Type.Array(GroupMemberSchema) }),
        }),
      },
    },
    async (request) => {
      const { limit = 50, offset = 0 } = request.query;
      const m = await services.groups.members(request.session, request.params.id, { limit, offset });
      return {
        group: presentGroup(request.session, m.group),
        users: m.users.map(presentUserMember),
        groups: m.groups.map(presentGroupMember),
      };
    },
  );

  const MemberUser = Type.Object({ userId: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false });
  const MemberGroup = Type.Object({ groupId: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false });

  app.post(
    '/api/groups/:id/members/users',
    {
      schema: { tags, summary: 'Add a user as a direct member', params: IdParam, body: MemberUser, response: responses({ 200: Ok }) },
    },
    async (request) => {
      await services.groups.addUser(request.session, request.params.id, request.body.userId);
      return { ok: true as const };
    },
  );

  app.delete(
    '/api/groups/:id/members/users/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a direct user member',
        params: Type.Object({ id: IdParam.properties.id, userId: IdParam.properties.id }),
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.groups.removeUser(request.session, request.params.id, request.params.userId);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/groups/:id/members/groups',
    {
      schema: {
        tags,
        summary: 'Nest a group in this one (refused with 409 when it would make a cycle)',
        params: IdParam,
        body: MemberGroup,
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.groups.addGroup(request.session, request.params.id, request.body.groupId);
      return { ok: true as const };
    },
  );

  app.delete(
    '/api/groups/:id/members/groups/:groupId',
    {
      schema: {
        tags,
        summary: 'Remove a nested group',
        params: Type.Object({ id: IdParam.properties.id, groupId: IdParam.properties.id }),
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.groups.removeGroup(request.session, request.params.id, request.params.groupId);
      return { ok: true as const };
    },
  );
}
