/**
 * The parts of zod that task-mcp uses, gathered in the module that `zod.ts` loads on demand.
 * Named exports, so that the executable carries these and what they need rather than the whole
 * library (every locale, JSON Schema import, …). The module itself serves as `z`.
 *
 * @module
 */
export {
  array,
  boolean,
  discriminatedUnion,
  enum,
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

/** The type of this module: zod's builders, used as `z.object(…)` and so on. */
export type Zod = typeof import("./zod_lib.ts");
