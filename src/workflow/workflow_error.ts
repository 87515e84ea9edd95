/**
 * Refusals of the workflow reads, carrying the OpenSpec CLI's diagnostic (`details.openspec`:
 * `{severity, code, message}`, what `openspec status --json` prints) beside task-mcp's code.
 *
 * @module
 */
import { DomainError, type ErrorCode } from "../errors.ts";

/** A refusal the CLI reports as a `change_error` diagnostic. */
export function workflowError(
  code: ErrorCode,
  message: string,
  details: Record<string, unknown>,
  hint?: string,
): DomainError {
  return new DomainError(code, message, {
    ...details,
    openspec: { severity: "error", code: "change_error", message },
  }, hint);
}
