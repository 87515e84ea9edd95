/**
 * `prompts/list`, `prompts/get` and `completion/complete`.
 *
 * @module
 */

import type { MethodHandler } from "./method_context.ts";
import { paginate } from "./paginate.ts";
import { paramsSchemas, parseParams } from "./params.ts";
import { withoutNewFields } from "./version_shape.ts";

/** The spec caps `completion.values` at 100 entries. */
const MAX_COMPLETION_VALUES = 100;

/** Handlers for prompts and completion, keyed by method name. */
export const promptMethods: Record<string, MethodHandler> = {
  "prompts/list": (params, { backend, version, pageSize }) => {
    const { cursor } = parseParams(paramsSchemas.paginated(), params, "prompts/list");
    const page = paginate(backend.listPrompts(), cursor, "prompts", pageSize);
    const prompts = page.items.map((prompt) => withoutNewFields(prompt, version));
    return page.nextCursor ? { prompts, nextCursor: page.nextCursor } : { prompts };
  },

  "prompts/get": async (params, { backend }) => {
    const { name, arguments: args } = parseParams(
      paramsSchemas.promptsGet(),
      params,
      "prompts/get",
    );
    return { ...await backend.getPrompt(name, args ?? {}) };
  },

  // Exists since 2024-11-05; only the `completions` capability is newer (2025-03-26), so older
  // clients that call it anyway are served.
  "completion/complete": async (params, { backend }) => {
    const { ref, argument, context } = parseParams(
      paramsSchemas.complete(),
      params,
      "completion/complete",
    );
    const reference = ref.type === "ref/prompt"
      ? { type: ref.type, name: ref.name }
      : { type: ref.type, uri: ref.uri };
    const found = await backend.complete(
      reference,
      { name: argument.name, value: argument.value },
      context?.arguments ?? {},
    );
    const values = found.values.slice(0, MAX_COMPLETION_VALUES);
    const completion: Record<string, unknown> = { values };
    if (found.total !== undefined) completion.total = found.total;
    if (found.hasMore !== undefined || values.length < found.values.length) {
      completion.hasMore = found.hasMore === true || values.length < found.values.length;
    }
    return { completion };
  },
};
