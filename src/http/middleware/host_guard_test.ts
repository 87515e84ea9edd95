import { assertEquals } from "@std/assert";
import { createHostCheck } from "./host_guard.ts";

Deno.test("loopback names pass with any port; other hosts and origins are refused", () => {
  const check = createHostCheck({ host: "127.0.0.1" });
  for (const host of ["localhost", "localhost:8443", "127.0.0.1:1", "[::1]:8443", "LOCALHOST"]) {
    assertEquals(check(host, null), undefined, host);
  }
  assertEquals(check(null, null), undefined);
  assertEquals(check("localhost", "http://127.0.0.1:5173"), undefined);
  assertEquals(check("evil.example.com", null), 'Host "evil.example.com" is not allowed');
  assertEquals(
    check("localhost", "http://evil.example.com"),
    'Origin "http://evil.example.com" is not allowed',
  );
  assertEquals(check("localhost", "null"), 'Origin "null" is not allowed');
  assertEquals(check("localhost.evil.com", null) !== undefined, true);
});

Deno.test("the configured host and ALLOWED_HOSTS extend the list; * turns the check off", () => {
  const check = createHostCheck({ host: "::1", allowedHosts: ["mcp.example.com:443", "10.1.2.3"] });
  assertEquals(check("[::1]:9000", null), undefined);
  assertEquals(check("mcp.example.com", "https://mcp.example.com"), undefined);
  assertEquals(check("10.1.2.3:8443", null), undefined);
  assertEquals(check("10.1.2.4:8443", null) !== undefined, true);
  const wildcard = createHostCheck({ host: "0.0.0.0" });
  assertEquals(wildcard("0.0.0.0:8443", null) !== undefined, true);
  assertEquals(
    createHostCheck({ host: "0.0.0.0", allowedHosts: ["*"] })("anything", "http://x"),
    undefined,
  );
});

Deno.test("createHostCheck answers alike for values it has seen and past what it remembers", () => {
  const check = createHostCheck({ host: "127.0.0.1", allowedOrigins: ["https://app.example.com"] });
  for (let i = 0; i < 600; i++) {
    assertEquals(
      check(`evil-${i}.example.com`, null),
      `Host "evil-${i}.example.com" is not allowed`,
    );
    assertEquals(
      check("127.0.0.1:8443", `https://evil-${i}.example.com`),
      `Origin "https://evil-${i}.example.com" is not allowed`,
    );
    assertEquals(check("localhost:8443", "https://app.example.com"), undefined);
    assertEquals(check("[::1]:8443", "http://localhost:3000"), undefined);
  }
});
