/**
 * The server's name and version, from package.json (embedded into the binary at build time).
 *
 * @module
 */
import pkg from "../package.json" with { type: "json" };

/** The version in package.json. */
export const VERSION: string = pkg.version;
/** The server's programmatic name. */
export const NAME = "task-mcp";
