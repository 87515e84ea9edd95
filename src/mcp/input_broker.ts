/**
 * How a tool's question reaches the person behind the client, in each era.
 *
 * - Modern (2026-07-28, `basic/patterns/mrtr.mdx`): the call ends with an `input_required`
 *   result listing the open questions and a sealed `requestState`; the client retries the same
 *   request with `inputResponses` and the state, on any instance, and the tool finds its answers.
 * - Legacy (2025): the server sends `elicitation/create` to the client while the call runs and
 *   waits for the response.
 *
 * Either way the question is asked only when the client declared `elicitation` (form mode):
 * "Servers MUST NOT send an `inputRequests` that the client has not declared support for".
 *
 * @module
 */

import type { CallContext, ElicitAnswer, ElicitQuestion } from "./backend.ts";
import { ErrorCode, ProtocolError } from "./backend.ts";
import type { RequestStateCodec, StateBinding } from "./request_state.ts";

/** A call's access to questions, and what the call must answer instead when some are open. */
export interface InputBroker {
  /** For the call context; `undefined` when the client cannot answer questions. */
  elicit: CallContext["elicit"];
  /** After the call: the `input_required` result when questions are open, else `undefined`. */
  finish(): Promise<Record<string, unknown> | undefined>;
}

/** A broker that asks nothing: the client cannot answer. */
export const NO_INPUT: InputBroker = {
  elicit: undefined,
  finish: () => Promise.resolve(undefined),
};

/** Whether `capabilities` (a client's) include form-mode elicitation. */
export function canElicitForms(capabilities: Record<string, unknown> | undefined): boolean {
  const elicitation = capabilities?.elicitation;
  if (typeof elicitation !== "object" || elicitation === null) return false;
  // `elicitation: {}` means form mode only (schema: "form mode only (implicit)").
  return Object.keys(elicitation).length === 0 || "form" in elicitation;
}

/** What {@link modernInputBroker} needs from the request. */
export interface ModernInputOptions {
  codec: RequestStateCodec;
  binding: StateBinding;
  capabilities: Record<string, unknown>;
  /** The request's params: `requestState` and `inputResponses` are read. */
  params: unknown;
}

/**
 * The broker of a modern request. Verifies `requestState` first (throws −32602 when it fails),
 * then takes the answers to the questions that state asked from `inputResponses`; answers
 * missing or malformed are asked again rather than refused, as the revision recommends.
 */
export async function modernInputBroker(options: ModernInputOptions): Promise<InputBroker> {
  const { codec, binding } = options;
  const params = (options.params ?? {}) as Record<string, unknown>;
  let answers: Record<string, ElicitAnswer> = {};
  if (params.requestState !== undefined) {
    if (typeof params.requestState !== "string") {
      throw new ProtocolError(ErrorCode.InvalidParams, "Invalid requestState: expected a string");
    }
    const opened = await codec.open(params.requestState, binding);
    answers = { ...opened.answers };
    const responses = params.inputResponses;
    const given = typeof responses === "object" && responses !== null
      ? responses as Record<string, unknown>
      : {};
    for (const key of opened.asked) {
      const answer = parseElicitAnswer(given[key]);
      if (answer) answers[key] = answer;
    }
  }
  if (!canElicitForms(options.capabilities)) return NO_INPUT;
  const open: ElicitQuestion[] = [];
  return {
    elicit(question) {
      const known = answers[question.key];
      if (known) return Promise.resolve(known);
      if (!open.some((asked) => asked.key === question.key)) open.push(question);
      return Promise.resolve({ action: "cancel" });
    },
    async finish() {
      if (open.length === 0) return undefined;
      const keys = open.map((question) => question.key);
      const requestState = await codec.seal(binding, keys, answers);
      const inputRequests = Object.fromEntries(open.map((question) => [question.key, {
        method: "elicitation/create",
        params: elicitParams(question, true),
      }]));
      return { resultType: "input_required", inputRequests, requestState };
    },
  };
}

/**
 * The broker of a legacy session: each question is an `elicitation/create` request sent through
 * `ask`, which resolves to the client's result (or rejects: the answer is then `cancel`).
 */
export function legacyInputBroker(
  ask: (method: string, params: Record<string, unknown>) => Promise<unknown>,
  withMode: boolean,
): InputBroker {
  return {
    async elicit(question) {
      try {
        return parseElicitAnswer(
          await ask("elicitation/create", elicitParams(question, withMode)),
        ) ??
          { action: "cancel" };
      } catch {
        return { action: "cancel" };
      }
    },
    finish: () => Promise.resolve(undefined),
  };
}

/** `elicitation/create` params; `mode` exists from 2025-11-25. */
function elicitParams(question: ElicitQuestion, withMode: boolean): Record<string, unknown> {
  const params: Record<string, unknown> = {
    message: question.message,
    requestedSchema: question.requestedSchema,
  };
  return withMode ? { mode: "form", ...params } : params;
}

/**
 * An `ElicitResult` as the client sent it, or `undefined` when it is not one.
 *
 * @example
 * ```ts
 * import { parseElicitAnswer } from "./input_broker.ts";
 * parseElicitAnswer({ action: "accept", content: { confirm: true } })?.action; // "accept"
 * parseElicitAnswer({ action: "maybe" }); // undefined
 * ```
 */
export function parseElicitAnswer(value: unknown): ElicitAnswer | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { action, content } = value as Record<string, unknown>;
  if (action !== "accept" && action !== "decline" && action !== "cancel") return undefined;
  if (content === undefined) return { action };
  if (typeof content !== "object" || content === null || Array.isArray(content)) return undefined;
  const kept: NonNullable<ElicitAnswer["content"]> = {};
  for (const [key, field] of Object.entries(content)) {
    const primitive = typeof field === "string" || typeof field === "number" ||
      typeof field === "boolean";
    const strings = Array.isArray(field) && field.every((item) => typeof item === "string");
    if (primitive || strings) kept[key] = field as string;
  }
  return { action, content: kept };
}
