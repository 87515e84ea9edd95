/**
 * Parsing task-mcp resource URIs, refusing traversal in any spelling before storage is touched.
 *
 * @module
 */
import { ErrorCode, ProtocolError } from "../backend_types.ts";
import { isExistingSlug } from "../repository/change_slug.ts";
import { CAPABILITY_PATTERN } from "../repository/layout.ts";

/** A parsed resource URI. */
export type ResourceRef =
  | { kind: "document"; slug: string; document: "proposal" | "tasks" | "design" }
  | { kind: "delta"; slug: string; path: string }
  | { kind: "status"; slug: string }
  | { kind: "instructions"; slug: string; artifact: string }
  | { kind: "active"; query: URLSearchParams }
  | { kind: "archived"; slug: string }
  | { kind: "spec"; capability: string };

const invalid = (uri: string, why: string) =>
  new ProtocolError(ErrorCode.InvalidParams, `Invalid resource URI "${uri}": ${why}`, { uri });

function decode(uri: string, part: string): string {
  let text: string;
  try {
    text = decodeURIComponent(part);
  } catch {
    throw invalid(uri, "bad percent-encoding");
  }
  if (text.includes("\0") || text.includes("\\")) throw invalid(uri, "bad character");
  return text;
}

function slugOf(uri: string, raw: string): string {
  const slug = decode(uri, raw);
  if (!isExistingSlug(slug)) throw invalid(uri, `"${slug}" is not a change slug`);
  return slug;
}

/** The URI without the API reference's `@task:` prefix. */
export function canonicalUri(uri: string): string {
  return uri.startsWith("@task:") ? uri.slice("@task:".length) : uri;
}

/** Parses a resource URI; throws `InvalidParams` for anything malformed or path-like. */
export function parseResourceUri(input: string): ResourceRef {
  const uri = canonicalUri(input);
  let m = /^change:\/\/([^/?#]+)\/(proposal|tasks|design)$/.exec(uri);
  if (m) {
    return {
      kind: "document",
      slug: slugOf(input, m[1]!),
      document: m[2] as "proposal" | "tasks" | "design",
    };
  }
  m = /^change:\/\/([^/?#]+)\/status$/.exec(uri);
  if (m) return { kind: "status", slug: slugOf(input, m[1]!) };
  m = /^change:\/\/([^/?#]+)\/instructions\/([^/?#]+)$/.exec(uri);
  if (m) {
    const artifact = decode(input, m[2]!);
    if (!isExistingSlug(artifact)) throw invalid(input, `"${artifact}" is not an artifact id`);
    return { kind: "instructions", slug: slugOf(input, m[1]!), artifact };
  }
  m = /^change:\/\/([^/?#]+)\/delta\/([^?#]+)$/.exec(uri);
  if (m) {
    const slug = slugOf(input, m[1]!);
    let path = m[2]!.split("/").map((p) => decode(input, p)).join("/");
    if (!path.endsWith("/spec.md") && !path.endsWith(".md")) path = `${path}/spec.md`;
    const capability = path.slice(0, -"/spec.md".length);
    if (!path.endsWith("/spec.md") || !CAPABILITY_PATTERN.test(capability)) {
      throw invalid(input, `"${path}" is not a delta spec path such as user-auth/spec.md`);
    }
    return { kind: "delta", slug, path };
  }
  m = /^changes:\/\/active(?:\/list)?(?:\?(.*))?$/.exec(uri);
  if (m) return { kind: "active", query: new URLSearchParams(m[1] ?? "") };
  m = /^changes:\/\/archived\/([^/?#]+)$/.exec(uri);
  if (m) return { kind: "archived", slug: slugOf(input, m[1]!) };
  m = /^spec:\/\/([^?#]+)$/.exec(uri);
  if (m) {
    const capability = m[1]!.split("/").map((p) => decode(input, p)).join("/")
      .replace(/\/spec\.md$/, "");
    if (!CAPABILITY_PATTERN.test(capability)) {
      throw invalid(input, `"${capability}" is not a capability path`);
    }
    return { kind: "spec", capability };
  }
  throw new ProtocolError(ErrorCode.ResourceNotFound, `Unknown resource "${input}"`, {
    uri: input,
  });
}
