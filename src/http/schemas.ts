// Shared TypeBox schemas: the error shape, paging, ids. Route schemas validate input, serialise output
// (only the listed fields leave the server) and generate the OpenAPI document.
import { Type, type TSchema } from 'typebox';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      id: Type.String({ description: 'Stable identifier of the error kind, from the error catalog.' }),
      message: Type.String({ description: 'What went wrong, for a person.' }),
      fields: Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), {
        description: 'One entry per bad input field.',
      }),
      details: Type.Optional(Type.Unknown({ description: 'Structured details, such as the uses of a group that cannot be deleted.' })),
      debug: Type.Optional(
        Type.Object({ message: Type.String(), stack: Type.Optional(Type.String()) }, { description: 'Only for developer IPs.' }),
      ),
    }),
    requestId: Type.String({ description: 'Correlation id of the request; it appears on every log line of the request.' }),
  },
  { $id: 'Error', title: 'Error' },
);

const errorRef = Type.Ref('Error');

/** Error responses every API route may give. */
export const errorResponses = { '4xx': errorRef, '5xx': errorRef } as const;

export function responses<T extends Record<number, TSchema>>(ok: T) {
  return { ...ok, ...errorResponses };
}

export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'Numeric id.' }) });

export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
};

export const DateTime = Type.String({ format: 'date-time' });

export const Ok = Type.Object({ ok: Type.Literal(true) });
