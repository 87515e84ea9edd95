/**
 * `resources/list`, `resources/templates/list`, `resources/read` and the subscription methods.
 *
 * @module
 */

import type { MethodHandler } from "./method_context.ts";
import { paginate } from "./paginate.ts";
import { paramsSchemas, parseParams } from "./params.ts";
import { withoutNewFields } from "./version_shape.ts";

/** Handlers for the resource methods, keyed by method name. */
export const resourceMethods: Record<string, MethodHandler> = {
  "resources/list": async (params, { backend, version, pageSize }) => {
    const { cursor } = parseParams(paramsSchemas.paginated(), params, "resources/list");
    const page = paginate(await backend.listResources(), cursor, "resources", pageSize);
    const resources = page.items.map((resource) => withoutNewFields(resource, version));
    return page.nextCursor ? { resources, nextCursor: page.nextCursor } : { resources };
  },

  "resources/templates/list": (params, { backend, version, pageSize }) => {
    const method = "resources/templates/list";
    const { cursor } = parseParams(paramsSchemas.paginated(), params, method);
    const page = paginate(backend.listResourceTemplates(), cursor, "templates", pageSize);
    const resourceTemplates = page.items.map((template) => withoutNewFields(template, version));
    return page.nextCursor
      ? { resourceTemplates, nextCursor: page.nextCursor }
      : { resourceTemplates };
  },

  "resources/read": async (params, { backend }) => {
    const { uri } = parseParams(paramsSchemas.uri(), params, "resources/read");
    return { contents: await backend.readResource(uri) };
  },

  // Any URI is accepted: a resource that does not exist yet (a change about to be created) is a
  // legitimate thing to watch, and checking would cost a read per subscription.
  "resources/subscribe": (params, { session }) => {
    const { uri } = parseParams(paramsSchemas.uri(), params, "resources/subscribe");
    session.subscribe(uri);
    return {};
  },

  "resources/unsubscribe": (params, { session }) => {
    const { uri } = parseParams(paramsSchemas.uri(), params, "resources/unsubscribe");
    session.unsubscribe(uri);
    return {};
  },
};
