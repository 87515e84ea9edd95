/**
 * MCP Apps (`io.modelcontextprotocol/ui`): the dashboard's views as `ui://` resources that
 * clients such as Claude, VS Code and Cursor render inline, next to the tool results they show.
 *
 * `change_show` and `change_validate` point at the change view, `changes_active` at the board
 * (the tools' `_meta.ui.resourceUri`). A view is one self-contained HTML document with the
 * extension's MIME type, `text/html;profile=mcp-app`: the host loads it into a sandboxed frame,
 * it announces itself with `ui/initialize`, and the host hands it the tool's result in
 * `ui/notifications/tool-result`. The view builds its DOM with `textContent` only, so change
 * content stays text; it asks for no network access (empty CSP domain lists).
 *
 * @module
 */
import type { ResourceContents, ResourceInfo } from "../backend_types.ts";
import { STYLE } from "../ui/assets.ts";
import { APP_MIME_TYPE, BOARD_VIEW, CHANGE_VIEW } from "../ui/app_uris.ts";

export { APP_MIME_TYPE, BOARD_VIEW, CHANGE_VIEW };

/** What the views ask of the host: no network, a visible border. */
const RESOURCE_META = {
  ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true },
};

/**
 * The view's script: the MCP Apps handshake, then rendering of whichever result arrives (a
 * page of changes, a change, a validation report).
 */
const SCRIPT = String.raw`
(() => {
  const root = document.getElementById("app");
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    for (const c of children) if (c !== undefined && c !== null) node.append(c instanceof Node ? c : String(c));
    return node;
  };
  const badge = (cls, text) => el("span", { class: "badge " + cls }, text);
  const pre = (text) => el("pre", {}, text);
  let nextId = 1;
  const send = (message) => window.parent.postMessage({ jsonrpc: "2.0", ...message }, "*");
  const resize = () => send({ method: "ui/notifications/size-changed", params: { height: document.documentElement.scrollHeight } });
  const board = (data) => {
    const rows = (data.items || []).map((c) => el("tr", { "data-slug": c.slug },
      el("td", {}, c.title, el("div", { class: "small muted" }, c.slug)),
      el("td", {}, c.owner || "—"), el("td", {}, c.template || "—"),
      el("td", {}, el("progress", { class: "progress", value: c.progress.completed, max: c.progress.total || 1 }), " " + c.progress.completed + "/" + c.progress.total),
      el("td", { class: "small" }, c.expiresAt || "—")));
    return el("div", {}, el("h1", {}, "Active changes (" + (data.total ?? rows.length) + ")"),
      el("table", { class: "board" }, el("thead", {}, el("tr", {}, ...["Change", "Owner", "Template", "Tasks", "Expires"].map((h) => el("th", {}, h)))), el("tbody", {}, ...rows)));
  };
  const change = (data) => {
    const review = data.review || { state: "pending", comments: [] };
    const parts = [el("h1", {}, data.title || data.slug), el("p", {}, badge(review.state, "review: " + review.state))];
    for (const cap of (data.requirements && data.requirements.capabilities) || []) {
      const card = el("div", { class: "card", "data-diff": cap.capability }, el("h3", {}, cap.capability));
      if (cap.error) card.append(el("p", { class: "error" }, "Archive would refuse: " + cap.error));
      for (const r of cap.requirements) {
        card.append(el("section", { class: "req", "data-op": r.op },
          el("h4", {}, el("span", { class: "op op-" + r.op }, r.op), r.from ? r.from + " → " + r.name : r.name),
          el("div", { class: "sides" },
            el("div", { class: "before" }, el("div", { class: "label" }, "Before"), r.before === undefined ? el("p", { class: "none" }, "—") : pre(r.before)),
            el("div", { class: "after" }, el("div", { class: "label" }, "After archive"), r.after === undefined ? el("p", { class: "none" }, "—") : pre(r.after)))));
      }
      parts.push(card);
    }
    if (review.comments && review.comments.length) {
      parts.push(el("h3", {}, "Comments"), el("ul", { class: "comments" }, ...review.comments.map((c) =>
        el("li", {}, el("strong", {}, c.by), c.anchor ? el("span", { class: "anchor" }, " " + c.anchor) : "", el("div", {}, c.text)))));
    }
    return el("div", {}, ...parts);
  };
  const validation = (data) => el("div", {},
    el("h1", {}, data.slug), el("p", {}, badge(data.archivable ? (data.valid ? "valid" : "warnings") : "blocked",
      data.archivable ? (data.valid ? "valid" : "warnings") : "blocked from archive")),
    el("ul", {}, ...(data.issues || []).map((i) => el("li", { class: "small" }, i.level + " " + (i.path || "") + ": " + i.message))));
  const render = (result) => {
    const data = result && result.structuredContent;
    root.replaceChildren();
    if (!data) root.append(el("p", {}, (result && result.content && result.content[0] && result.content[0].text) || "No data"));
    else if (data.error) root.append(el("p", { class: "error" }, data.error.message));
    else if (Array.isArray(data.items)) root.append(board(data));
    else if ("archivable" in data) root.append(validation(data));
    else root.append(change(data));
    document.body.dataset.rendered = "1";
    resize();
  };
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent) return;
    const m = event.data;
    if (!m || m.jsonrpc !== "2.0") return;
    if (m.id === 1 && "result" in m) send({ method: "ui/notifications/initialized", params: {} });
    else if (m.method === "ui/notifications/tool-result") render(m.params);
    else if (m.method === "ui/resource-teardown" && m.id !== undefined) send({ id: m.id, result: {} });
  });
  send({ id: nextId++, method: "ui/initialize", params: { appInfo: { name: "task-mcp review", version: "1" }, appCapabilities: {}, protocolVersion: "2026-01-26" } });
})();
`;

function view(title: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>${STYLE}
body{background:transparent}main{margin:.5rem;padding:0}</style></head>
<body><main id="app"><p class="muted">Waiting for the tool result…</p></main>
<script>${SCRIPT}</script></body></html>
`;
}

/** The views, as `resources/list` lists them. */
export const UI_RESOURCES: ResourceInfo[] = [
  {
    uri: BOARD_VIEW,
    name: "board-view",
    title: "Board of active changes",
    mimeType: APP_MIME_TYPE,
    _meta: RESOURCE_META,
  },
  {
    uri: CHANGE_VIEW,
    name: "change-view",
    title: "A change and its requirement-level diff",
    mimeType: APP_MIME_TYPE,
    _meta: RESOURCE_META,
  },
];

/** A view's contents, or `undefined` for another URI. */
export function readUiResource(uri: string): ResourceContents[] | undefined {
  const title = uri === BOARD_VIEW
    ? "Active changes"
    : uri === CHANGE_VIEW
    ? "Change review"
    : undefined;
  if (!title) return undefined;
  return [{ uri, mimeType: APP_MIME_TYPE, text: view(title), _meta: RESOURCE_META }];
}
