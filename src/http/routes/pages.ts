// Pages API: list, search, count, read, change, publish, and (administrators) change access groups.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { PAGE_BODY_MAX, PAGE_TITLE_MAX } from '../../domain/pages/service.ts';
import { PageSchema, presentPage } from '../../presenters/page.ts';
import type { Services } from '../../services.ts';
import { IdParam, Paging, responses } from '../schemas.ts';

const GroupId = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Groups = { readGroupId: GroupId, editGroupId: GroupId, publishGroupId: GroupId };
const Filters = {
  q: Type.Optional(Type.String({ maxLength: 500, description: 'Full-text search terms (all must match).' })),
  published: Type.Optional(Type.Boolean()),
};
const Sort = Type.Union([Type.Literal('newest'), Type.Literal('oldest'), Type.Literal('title')]);

export function pageRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['pages'];

  app.get(
    '/api/pages',
    {
      schema: {
        tags,
        summary: 'Pages the session may read: newest first, or searched, filtered and sorted',
        querystring: Type.Object({ ...Filters, sort: Type.Optional(Sort), ...Paging }, { additionalProperties: false }),
        response: responses({ 200: Type.Object({ items: Type.Array(PageSchema) }) }),
      },
    },
    async (request) => {
      const { q, published, sort = 'newest', limit = 50, offset = 0 } = request.query;
      const items = await services.pages.list(request.session, { text: q?.trim() || undefined, published, sort, limit, offset });
      return { items: await Promise.all(items.map(presentPage)) };
    },
  );

  app.get(
    '/api/pages/count',
    {
      schema: {
        tags,
        summary: 'How many pages the session may read (with the same filters as the list)',
        querystring: Type.Object(Filters, { additionalProperties: false }),
        response: responses({ 200: Type.Object({ count: Type.Integer() }) }),
      },
    },
    async (request) => ({
      count: await services.pages.count(request.session, {
        text: request.query.q?.trim() || undefined,
        published: request.query.published,
      }),
    }),
  );

  app.post(
    '/api/pages',
    {
      schema: {
        tags,
        summary: 'Create a page (administrators)',
        body: Type.Object(
          { title: Type.String({ maxLength: PAGE_TITLE_MAX * 4 }), body: Type.String({ maxLength: PAGE_BODY_MAX }), ...Groups },
          { additionalProperties: false },
        ),
        response: responses({ 201: PageSchema }),
      },
    },
    async (request, reply) => {
      const { title, body, ...groups } = request.body;
      return reply.code(201).send(await presentPage(await services.pages.create(request.session, { title, body, groups })));
    },
  );

  app.get(
    '/api/pages/:id',
    {
      schema: {
        tags,
        summary: 'One page (404 when it does not exist or the session may not read it)',
        params: IdParam,
        response: responses({ 200: PageSchema }),
      },
    },
    async (request) => presentPage(await services.pages.get(request.session, request.params.id)),
  );

  app.patch(
    '/api/pages/:id',
    {
      schema: {
        tags,
        summary: 'Change a page (needs the edit group)',
        params: IdParam,
        body: Type.Object(
          {
            title: Type.Optional(Type.String({ maxLength: PAGE_TITLE_MAX * 4 })),
            body: Type.Optional(Type.String({ maxLength: PAGE_BODY_MAX })),
          },
          { additionalProperties: false },
        ),
        response: responses({ 200: PageSchema }),
      },
    },
    async (request) => presentPage(await services.pages.update(request.session, request.params.id, request.body)),
  );

  for (const [action, published] of [
    ['publish', true],
    ['unpublish', false],
  ] as const) {
    app.post(
      `/api/pages/:id/${action}`,
      {
        schema: {
          tags,
          summary: `${action === 'publish' ? 'Publish' : 'Unpublish'} a page (needs the publish group)`,
          params: IdParam,
          response: responses({ 200: PageSchema }),
        },
      },
      async (request) => presentPage(await services.pages.setPublished(request.session, request.params.id, published)),
    );
  }

  app.put(
    '/api/pages/:id/access',
    {
      schema: {
        tags,
        summary: 'Set the read, edit and publish groups (administrators)',
        params: IdParam,
        body: Type.Object(Groups, { additionalProperties: false }),
        response: responses({ 200: PageSchema }),
      },
    },
    async (request) => presentPage(await services.pages.setAccess(request.session, request.params.id, request.body)),
  );
}
