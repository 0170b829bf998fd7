// Product catalogue API: the public list (the report form's products and versions) and, for administrators,
// products, their role groups and their versions.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { DISCLOSURE_DAYS_MAX, PRODUCT_DESCRIPTION_MAX, PRODUCT_NAME_MAX, VERSION_MAX } from '../../domain/products/service.ts';
import { ProductSchema, ProductVersionSchema, presentProduct, presentProductVersion } from '../../presenters/product.ts';
import type { Services } from '../../services.ts';
import { IdParam, Ok, responses } from '../schemas.ts';

// The service checks the real limits (counting characters) and says so; these bounds stop absurd input early.
const Name = Type.String({ maxLength: PRODUCT_NAME_MAX * 100 });
const Description = Type.String({ maxLength: PRODUCT_DESCRIPTION_MAX * 100 });
const Days = Type.Integer({ minimum: 0, maximum: DISCLOSURE_DAYS_MAX, description: 'Days from receipt to disclosure (default 90).' });
const GroupId = Type.Integer({ minimum: 1, maximum: 2147483647 });
const OptionalGroupId = Type.Union([GroupId, Type.Null()]);
const Version = Type.String({ maxLength: VERSION_MAX * 100 });
const ReleasedOn = Type.Union([Type.String({ maxLength: 100, description: 'YYYY-MM-DD; empty or null for none.' }), Type.Null()]);
const VersionParams = Type.Object({ id: IdParam.properties.id, versionId: IdParam.properties.id });

export function productRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['products'];

  app.get(
    '/api/products',
    {
      schema: {
        tags,
        summary: 'The product catalogue (public): products with their versions, the default ("other / not sure") last',
        response: responses({ 200: Type.Object({ items: Type.Array(ProductSchema) }) }),
      },
    },
    async (request) => ({ items: (await services.products.list(request.session)).map((p) => presentProduct(request.session, p)) }),
  );

  app.get(
    '/api/products/:id',
    {
      schema: { tags, summary: 'One product (public)', params: IdParam, response: responses({ 200: ProductSchema }) },
    },
    async (request) => presentProduct(request.session, await services.products.get(request.session, request.params.id)),
  );

  app.post(
    '/api/products',
    {
      schema: {
        tags,
        summary: 'Create a product (administrators); role groups not given are created ("<Product> security team"...)',
        body: Type.Object(
          {
            name: Name,
            description: Type.Optional(Description),
            disclosureDays: Type.Optional(Days),
            teamGroupId: Type.Optional(GroupId),
            incidentManagerGroupId: Type.Optional(GroupId),
            boardGroupId: Type.Optional(GroupId),
            technicalGroupId: Type.Optional(GroupId),
          },
          { additionalProperties: false },
        ),
        response: responses({ 201: ProductSchema }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentProduct(request.session, await services.products.create(request.session, request.body))),
  );

  app.patch(
    '/api/products/:id',
    {
      schema: {
        tags,
        summary: 'Change a product (administrators); null removes an optional role group',
        params: IdParam,
        body: Type.Object(
          {
            name: Type.Optional(Name),
            description: Type.Optional(Description),
            disclosureDays: Type.Optional(Days),
            teamGroupId: Type.Optional(GroupId),
            incidentManagerGroupId: Type.Optional(OptionalGroupId),
            boardGroupId: Type.Optional(OptionalGroupId),
            technicalGroupId: Type.Optional(OptionalGroupId),
          },
          { additionalProperties: false },
        ),
        response: responses({ 200: ProductSchema }),
      },
    },
    async (request) => presentProduct(request.session, await services.products.update(request.session, request.params.id, request.body)),
  );

  app.delete(
    '/api/products/:id',
    {
      schema: {
        tags,
        summary: 'Delete a product and its versions (409 for the default product and for products reports name)',
        params: IdParam,
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.products.remove(request.session, request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/products/:id/versions',
    {
      schema: {
        tags,
        summary: 'Add a version to a product (administrators)',
        params: IdParam,
        body: Type.Object({ version: Version, releasedOn: Type.Optional(ReleasedOn) }, { additionalProperties: false }),
        response: responses({ 201: ProductVersionSchema }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentProductVersion(await services.products.addVersion(request.session, request.params.id, request.body))),
  );

  app.patch(
    '/api/products/:id/versions/:versionId',
    {
      schema: {
        tags,
        summary: 'Change a version or its release date (administrators)',
        params: VersionParams,
        body: Type.Object({ version: Type.Optional(Version), releasedOn: Type.Optional(ReleasedOn) }, { additionalProperties: false }),
        response: responses({ 200: ProductVersionSchema }),
      },
    },
    async (request) =>
      presentProductVersion(
        await services.products.updateVersion(request.session, request.params.id, request.params.versionId, request.body),
      ),
  );

  app.delete(
    '/api/products/:id/versions/:versionId',
    {
      schema: { tags, summary: 'Delete a version (administrators)', params: VersionParams, response: responses({ 200: Ok }) },
    },
    async (request) => {
      await services.products.removeVersion(request.session, request.params.id, request.params.versionId);
      return { ok: true as const };
    },
  );
}
