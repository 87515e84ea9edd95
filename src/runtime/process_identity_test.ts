import { assert, assertEquals } from "@std/assert";
import { isProcessGone, processIdentity } from "./process_identity.ts";

Deno.test({
  name: "a process identity is judged gone only when it certainly is",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const self = processIdentity();
    assert(self);
    assertEquals(isProcessGone(self), false);
    // Another process that has exited: gone. The same pid with another start time: gone.
    const child = new Deno.Command("sh", { args: ["-c", "exit 0"] }).spawn();
    await child.status;
    const parts = self.split("/");
    parts[parts.length - 2] = String(child.pid);
    assertEquals(isProcessGone(parts.join("/")), true);
    assertEquals(isProcessGone(self.replace(/\/\d+$/, "/1")), true);
    // Another boot, namespace or /proc: never judged.
    assertEquals(isProcessGone(self.replace(/^[^/]+/, "another-boot")), false);
    assertEquals(isProcessGone("garbage"), false);
  },
});
