import { z } from 'zod';

/**
 * Input pieces shared by several handlers. They are the domain's fields (domain/fields.ts): a
 * handler's input and the record it writes are checked by the same schema.
 */
export {
  atMost,
  commitmentKind,
  energy,
  gapList,
  id,
  instant,
  localDate,
  maturity,
  note,
  personName,
  reasonId,
  reasonList,
  timeZone,
  title,
  visible,
} from '../domain/fields.js';

/**
 * The same schema with every object in it strict, however deep: where data crosses a boundary
 * whole (a backup, a stored record read back), a field nobody knows is refused by name rather
 * than dropped. The records stay lenient objects so that a handler's input can pick from them.
 * Refinements, defaults and transforms are kept.
 */
export function strictly<S extends z.ZodType>(schema: S): S {
  return strictDeep(schema) as S;
}

function strictDeep(schema: z.core.$ZodType): z.core.$ZodType {
  if (schema instanceof z.ZodObject) {
    const shape = Object.fromEntries(Object.entries(schema.shape).map(([k, v]) => [k, strictDeep(v)]));
    return schema.clone({ ...schema._zod.def, shape, catchall: z.never() });
  }
  if (schema instanceof z.ZodArray) {
    return schema.clone({ ...schema._zod.def, element: strictDeep(schema._zod.def.element) });
  }
  if (schema instanceof z.ZodOptional) {
    return schema.clone({ ...schema._zod.def, innerType: strictDeep(schema._zod.def.innerType) });
  }
  if (schema instanceof z.ZodNullable) {
    return schema.clone({ ...schema._zod.def, innerType: strictDeep(schema._zod.def.innerType) });
  }
  if (schema instanceof z.ZodDefault) {
    return schema.clone({ ...schema._zod.def, innerType: strictDeep(schema._zod.def.innerType) });
  }
  if (schema instanceof z.ZodPipe) {
    return schema.clone({ ...schema._zod.def, in: strictDeep(schema._zod.def.in) });
  }
  return schema;
}
