// Public: score a CVSS vector (the calculators of the report form and the team's report page ask here, so
// the score shown is the server's). Answers the same JSON as `parapet cvss VECTOR`.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CvssVectorError, scoreVector } from '../../cvss/index.ts';
import { fieldError } from '../../errors/catalog.ts';
import { responses } from '../schemas.ts';

const Severity = Type.String({ description: 'None, Low, Medium, High or Critical (CVSS 2.0: Low, Medium or High).' });

const Cvss23Schema = Type.Object({
  version: Type.Union([Type.Literal('2.0'), Type.Literal('3.0'), Type.Literal('3.1')]),
  vector: Type.String({ description: 'Normalised: metrics in canonical order.' }),
  base: Type.Number(),
  temporal: Type.Number(),
  environmental: Type.Number({ description: 'Unset modified metrics take their base values.' }),
  severity: Severity,
});

const Cvss4Schema = Type.Object({
  version: Type.Literal('4.0'),
  vector: Type.String({ description: 'Normalised: metrics in canonical order.' }),
  score: Type.Number(),
  nomenclature: Type.String({ description: 'CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE.' }),
  severity: Severity,
  macrovector: Type.String(),
});

export function cvssRoutes(base: FastifyInstance): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/cvss/score',
    {
      schema: {
        tags: ['cvss'],
        summary: 'Score a CVSS 4.0, 3.1, 3.0 or 2.0 vector (public); an invalid vector is a field error on `vector`',
        body: Type.Object({ vector: Type.String({ maxLength: 300 }) }, { additionalProperties: false }),
        response: responses({ 200: Type.Union([Cvss4Schema, Cvss23Schema]) }),
      },
    },
    (request) => {
      try {
        return scoreVector(request.body.vector);
      } catch (err) {
        if (err instanceof CvssVectorError) throw fieldError('vector', err.message);
        throw err;
      }
    },
  );
}
