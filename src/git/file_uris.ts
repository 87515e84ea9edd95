/**
 * The resources that files changed by git (a fast-forward, a reset) are served as, so that
 * subscriptions and listings follow edits made behind the filesystem watcher's back.
 *
 * @module
 */
import { changeUris } from "../repository/uris.ts";

/** The URIs to announce for `files` (paths from the project root). */
export function fileUris(files: string[]): string[] {
  const uris = new Set<string>();
  for (const file of files) {
    const change = /^openspec\/changes\/(?!archive\/)([^/]+)\/(.+)$/.exec(file);
    if (change) {
      const [, slug, rest] = change;
      for (const uri of changeUris(slug!, rest!.startsWith("specs/") ? [rest!] : [])) {
        uris.add(uri);
      }
      continue;
    }
    const spec = /^openspec\/specs\/(.+)\/spec\.md$/.exec(file);
    if (spec) uris.add(`spec://${spec[1]}`);
  }
  return [...uris];
}
