// The `abilities` object sent with every object a response shows: one boolean per action of the object's
// policy, computed by the same pure rules the server enforces (authorize). The UI only reads them.
import { Type, type TBoolean, type TObject } from 'typebox';

export function abilitiesSchema<A extends string>(actions: readonly A[], description: string): TObject<Record<A, TBoolean>> {
  const properties = Object.fromEntries(actions.map((a) => [a, Type.Boolean()])) as Record<A, TBoolean>;
  return Type.Object(properties, { description, additionalProperties: false });
}
