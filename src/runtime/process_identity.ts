/**
 * Who a process is, in a form another process can check: on Linux, the boot, the PID namespace
 * and the `/proc` mount it is seen through, its pid and its start time.
 *
 * The repository lock is a lease that a waiter may break once it has not been renewed for a
 * whole lease (see `repository/repo_lock.ts`). A holder known for certain to have exited need
 * not be waited for: that is the only use of this, and "not sure" always means wait. A pid alone
 * cannot say it — in another PID namespace (another container) the same number is another
 * process, and after a restart a container's server is pid 1 again — so an identity is only
 * judged when boot, namespace and `/proc` are ours, and the start time rules out a reused pid.
 *
 * @module
 */
import { readFileSync, readlinkSync, statSync } from "node:fs";
import process from "node:process";

/** The parts that must match ours before an identity can be judged at all. */
function scope(): string {
  const boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  return `${boot}/${readlinkSync("/proc/self/ns/pid")}/${statSync("/proc").dev}`;
}

/** The start time of `pid` (field 22 of `/proc/<pid>/stat`), `undefined` when it has none. */
function startTime(pid: number | "self"): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count from its last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** This process's identity, or `undefined` where `/proc` cannot tell (not Linux, no procfs). */
export function processIdentity(): string | undefined {
  try {
    const start = startTime("self");
    return start ? `${scope()}/${process.pid}/${start}` : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the process `identity` names has certainly exited; `false` whenever unsure. */
export function isProcessGone(identity: string): boolean {
  const cut = identity.lastIndexOf("/", identity.lastIndexOf("/") - 1);
  const [pid, start] = identity.slice(cut + 1).split("/");
  try {
    if (identity.slice(0, cut) !== scope() || !Number(pid)) return false;
  } catch {
    return false;
  }
  return startTime(Number(pid)) !== start;
}
