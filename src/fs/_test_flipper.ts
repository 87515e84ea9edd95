/**
 * A child process that re-points a symbolic link between two targets as fast as it can, each
 * time in one atomic rename(2), for tests of writes racing a swapped link.
 *
 * @module
 */

const SCRIPT = `
const [link, a, b] = Deno.args;
const tmp = link + ".flip";
for (let i = 0; ; i++) {
  try { Deno.removeSync(tmp); } catch { /* not there */ }
  Deno.symlinkSync(i % 2 ? b : a, tmp);
  Deno.renameSync(tmp, link);
  if (i % 64 === 0) console.log(i);
}
`;

/** A running link flipper. */
export interface Flipper {
  /** Stops flipping and leaves the link pointing at `a`; resolves to the number of flips seen. */
  stop(): Promise<number>;
}

/** Starts flipping `link` between `a` and `b` (absolute paths); resolves once it has begun. */
export async function startFlipper(link: string, a: string, b: string): Promise<Flipper> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", SCRIPT, link, a, b],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.getReader();
  let last = "";
  const pump = (async () => {
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      last += decoder.decode(value);
      last = last.slice(-200);
    }
  })();
  const deadline = Date.now() + 10_000;
  while (!last.includes("\n") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  return {
    async stop() {
      child.kill("SIGKILL");
      await child.status;
      await pump;
      const tmp = `${link}.flip`;
      await Deno.remove(tmp).catch(() => {});
      await Deno.remove(link).catch(() => {});
      await Deno.symlink(a, link);
      return Number(last.trim().split("\n").pop() ?? 0);
    },
  };
}
