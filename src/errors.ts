/**
 * Domain errors: one type with a stable code, rendered by each transport in its own way
 * (an `isError` tool result, an SSE `error` event, an NDJSON `error` line, an HTTP status).
 *
 * @module
 */

/**
 * The error codes of the API reference, with their HTTP status and default hint. The HTTP
 * refusals (`http/refusal.ts`) take their status from here too: a new refusal is a row here and
 * one call of the renderer.
 */
export const ERROR_CODES = {
  INVALID_TOOL_NAME: { status: 400, hint: "Check the tool name against tools/list" },
  TOOL_NOT_FOUND: { status: 404, hint: "Use one of the available tools" },
  INVALID_INPUT: { status: 400, hint: "Check the input schema and try again" },
  TOOL_EXECUTION_ERROR: { status: 500, hint: "Check the server logs" },
  RESPONSE_TOO_LARGE: {
    status: 413,
    hint: "Consider using pagination or reducing the amount of data requested",
  },
  AUTHENTICATION_FAILED: {
    status: 401,
    hint: "Provide a valid Bearer token in the Authorization header",
  },
  RATE_LIMIT_EXCEEDED: { status: 429, hint: "Wait and retry" },
  VALIDATION_ERROR: { status: 400, hint: "Check request body and parameters" },
  REQUEST_TIMEOUT: {
    status: 504,
    hint: "Try reducing the complexity of your request or check server performance",
  },
  REQUEST_CANCELLED: { status: 499, hint: "The request was cancelled before it ran" },
  INTERNAL_ERROR: { status: 500, hint: "Check the server logs" },
  GIT_CONFLICT: {
    status: 409,
    hint: "Others kept pushing to the branch; retry the call",
  },
  CHANGE_NOT_FOUND: { status: 404, hint: "List active changes with changes_active" },
  CHANGE_ALREADY_EXISTS: {
    status: 409,
    hint: "Choose a different slug or archive the existing change",
  },
  CHANGE_ALREADY_ARCHIVED: { status: 409, hint: "The change was archived; open a new one" },
  TEMPLATE_NOT_FOUND: { status: 404, hint: "Use one of: feature, bugfix, chore" },
  DOCUMENT_NOT_FOUND: { status: 404, hint: "Read the change with change_show to see its files" },
  TASK_NOT_FOUND: { status: 404, hint: "Read tasks.md to see the task numbers" },
  VALIDATION_FAILED: { status: 422, hint: "Run change_validate and fix the reported errors" },
  ARCHIVE_REFUSED: { status: 409, hint: "Fix the change's delta specs and try again" },
  APPROVAL_REQUIRED: {
    status: 409,
    hint: "Wait for a person to approve the change on the dashboard, then archive again",
  },
  PATH_NOT_ALLOWED: { status: 400, hint: "Use a path inside the change" },
  CONTENT_TOO_LARGE: { status: 413, hint: "Split the document or shorten it" },
  STORAGE_ERROR: { status: 500, hint: "Check that the repository is writable" },
  // HTTP refusals that no tool answers.
  FORBIDDEN: {
    status: 403,
    hint: "Send the request from an allowed host or origin (ALLOWED_HOSTS, ALLOWED_ORIGINS)",
  },
  NOT_FOUND: { status: 404, hint: "GET / lists the endpoints" },
  METHOD_NOT_ALLOWED: { status: 405, hint: "Use one of the methods the Allow header names" },
  SERVICE_UNAVAILABLE: { status: 503, hint: "Retry in a moment" },
} as const;

/** One of the stable error codes. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** A failure the caller can act on; `details` names the field or value concerned. */
export class DomainError extends Error {
  readonly hint: string;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    hint?: string,
  ) {
    super(message);
    this.name = "DomainError";
    this.hint = hint ?? ERROR_CODES[code].hint;
  }

  /** The HTTP status of the API reference's table for this code. */
  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  /** The `error` object of every transport: `{ code, message, hint, details? }`. */
  toJSON(): { code: ErrorCode; message: string; hint: string; details?: unknown } {
    return {
      code: this.code,
      message: this.message,
      hint: this.hint,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}
