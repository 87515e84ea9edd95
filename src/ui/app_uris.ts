/**
 * The MCP Apps (`io.modelcontextprotocol/ui`) views' URIs and the tool metadata that names
 * them: a leaf, so that tools can point at their view without importing the resources layer.
 *
 * @module
 */

/** The MCP Apps resource MIME type. */
export const APP_MIME_TYPE = "text/html;profile=mcp-app";

/** The board view (`changes_active`). */
export const BOARD_VIEW = "ui://task-mcp/board.html";

/** The change view (`change_show`, `change_validate`). */
export const CHANGE_VIEW = "ui://task-mcp/change.html";

/** The `_meta` a tool publishes to name its view (`_meta.ui.resourceUri`). */
export const uiMeta = (uri: string): Record<string, unknown> => ({ ui: { resourceUri: uri } });
