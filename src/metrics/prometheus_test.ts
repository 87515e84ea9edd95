import { assertEquals } from "@std/assert";
import { createCounter, createHistogram, renderPrometheus } from "./prometheus.ts";

Deno.test("prometheus: the same labels in another order are the same series", () => {
  const counter = createCounter("t_total", "T");
  counter.inc({ route: "/mcp", status: "200" });
  counter.inc({ status: "200", route: "/mcp" }, 2);
  counter.inc({ route: "/sse", status: "200" });
  assertEquals(counter.total({ route: "/mcp" }), 3);
  assertEquals(
    renderPrometheus([counter.family()]),
    '# HELP t_total T\n# TYPE t_total counter\nt_total{route="/mcp",status="200"} 3\n' +
      't_total{route="/sse",status="200"} 1\n',
  );
  const histogram = createHistogram("t_seconds", "T", [0.1, 1]);
  histogram.observe({ a: "1", b: "2" }, 0.05);
  histogram.observe({ b: "2", a: "1" }, 0.5);
  const count = histogram.family().samples.find((s) => s.name === "t_seconds_count");
  assertEquals(count?.value, 2);
});
