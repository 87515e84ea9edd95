import { assertEquals } from "@std/assert";
import { addressKey, clientAddress } from "./client_address.ts";

Deno.test("client address: the peer, unless a trusted proxy names the client last", () => {
  const forwarded = new Headers({ "X-Forwarded-For": "6.6.6.6, 203.0.113.7" });
  assertEquals(clientAddress("127.0.0.1", forwarded, false), "127.0.0.1");
  assertEquals(clientAddress("127.0.0.1", forwarded, true), "203.0.113.7");
  // Without X-Forwarded-For, X-Real-IP; anything that is not an address is ignored.
  assertEquals(
    clientAddress("127.0.0.1", new Headers({ "X-Real-IP": "198.51.100.1" }), true),
    "198.51.100.1",
  );
  assertEquals(
    clientAddress("127.0.0.1", new Headers({ "X-Forwarded-For": "<script>" }), true),
    "127.0.0.1",
  );
  assertEquals(clientAddress(undefined, new Headers(), false), "unknown");
});

Deno.test("client address: IPv6 clients share a bucket per /64, IPv4-mapped ones are IPv4", () => {
  assertEquals(addressKey("203.0.113.7"), "ip:203.0.113.7");
  assertEquals(addressKey("::ffff:203.0.113.7"), "ip:203.0.113.7");
  assertEquals(addressKey("2001:db8:1:2:aaaa::1"), "ip:2001:db8:1:2::/64");
  assertEquals(addressKey("2001:db8:1:2:ffff:ffff:ffff:ffff"), "ip:2001:db8:1:2::/64");
  assertEquals(addressKey("2001:db8::1"), "ip:2001:db8:0:0::/64");
  assertEquals(addressKey("::1"), "ip:0:0:0:0::/64");
});
