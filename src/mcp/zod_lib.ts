/**
 * The parts of zod that task-mcp uses, gathered in the module that `zod.ts` loads on demand.
 * Named imports, so that the executable carries these and what they need rather than the whole
 * library (every locale, JSON Schema import, …).
 *
 * @module
 */
import {
  array,
  boolean,
  discriminatedUnion,
  enum as enumOf,
  int,
  literal,
  looseObject,
  number,
  object,
  record,
  string,
  toJSONSchema,
  union,
  unknown,
} from "zod";

/** zod's builders, used as `z.object(…)` and so on. */
export const z = {
  array,
  boolean,
  discriminatedUnion,
  enum: enumOf,
  int,
  literal,
  looseObject,
  number,
  object,
  record,
  string,
  toJSONSchema,
  union,
  unknown,
};

/** The type of {@link z}. */
export type Zod = typeof z;
