/**
 * Receipts of mutations and the audit log they are appended to (JSON lines).
 *
 * @module
 */
import type { Receipt } from "../backend_types.ts";
import type { RepoContext } from "./context.ts";
import { AUDIT_LOG, STATE } from "./layout.ts";

/** Makes a receipt for one mutation. */
export function makeReceipt(
  ctx: RepoContext,
  operation: string,
  slug: string,
  extra: Record<string, unknown> = {},
): Receipt {
  return {
    id: `receipt-${ctx.randomId()}`,
    timestamp: ctx.now().toISOString(),
    operation,
    slug,
    ...extra,
  };
}

/**
 * Appends a receipt, with the caller's identity, to the audit log. The state folder gets a
 * `.gitignore` on first use so that local server state stays out of the project's history.
 */
export async function recordReceipt(
  ctx: RepoContext,
  receipt: Receipt,
  caller: string,
): Promise<void> {
  if (!(await ctx.fs.stat(`${STATE}/.gitignore`))) {
    await ctx.fs.writeAtomic(`${STATE}/.gitignore`, "*\n");
  }
  ctx.onReceipt?.(receipt, caller);
  await ctx.fs.append(AUDIT_LOG, JSON.stringify({ ...receipt, caller }) + "\n");
}
