/**
 * The canonical resource URIs of a change, as reported in change events.
 *
 * @module
 */

/** The resources a change's documents are served as. */
export function changeUris(slug: string, deltaPaths: string[] = []): string[] {
  return [
    `change://${slug}/proposal`,
    `change://${slug}/tasks`,
    `change://${slug}/design`,
    ...deltaPaths.map((p) => `change://${slug}/delta/${p.replace(/^specs\//, "")}`),
    "changes://active",
  ];
}
