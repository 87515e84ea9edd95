/**
 * The dashboard's pages, rendered on the server from the review data: the board, a change with
 * its requirement-level diff and review form, the spec browser, and the login form. Every value
 * from the repository goes through {@link html}'s escaping or the safe Markdown renderer.
 *
 * @module
 */
import type { BoardRow, ChangePageData, SpecEntry, SpecPageData } from "../review/dashboard.ts";
import type { CapabilityDiff, RequirementChange } from "../review/requirement_diff.ts";
import { anchorsOf } from "../review/review_change.ts";
import type { ReviewState } from "../review/review_record.ts";
import { html, type SafeHtml } from "./html.ts";
import { renderMarkdown } from "./markdown.ts";

const enc = encodeURIComponent;

const STATE_LABEL: Record<ReviewState, string> = {
  pending: "awaiting review",
  approved: "approved",
  "changes-requested": "changes requested",
  withdrawn: "approval withdrawn (changed since)",
};

/** A whole page around `body`. */
export function layout(title: string, body: SafeHtml, options: { nav?: boolean } = {}): string {
  const nav = options.nav ?? true;
  return html`
    <!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>${title} · task-mcp</title>
        <link rel="stylesheet" href="/ui/assets/app.css">
      </head>
      <body>
    <header class="top"><a class="brand" href="/ui/">task-mcp review</a>${nav
      ? html`<nav><a href="/ui/">Board</a><a href="/ui/specs">Specs</a></nav>
<span id="live" class="live" aria-live="polite">static</span>
<form method="post" action="/ui/logout"><button type="submit">Sign out</button></form>`
      : ""}</header>
    ${body}
    ${nav ? html`<script src="/ui/assets/live.js" defer></script>` : ""}
      </body>
    </html>
  `.value;
}

function progressBar(done: number, total: number): SafeHtml {
  return html`
    <progress class="progress" value="${done}" max="${total || 1}"
      aria-label="${done} of ${total} tasks done"></progress> <span
      class="small">${done}/${total}</span>
  `;
}

/** The board of active changes. */
export function boardPage(rows: BoardRow[]): string {
  const body = rows.length === 0
    ? html`<p class="muted">No active changes. Open one with <code>change_open</code>.</p>`
    : html`
      <table class="board" data-testid="board">
        <thead>
          <tr>
            <th>Change</th>
            <th>Owner</th>
            <th>Template</th>
            <th>Tasks</th>
            <th>Expires</th>
            <th>Validation</th>
            <th>Review</th>
          </tr>
        </thead>
        <tbody>
      ${rows.map(({ summary: s, verdict, review }) =>
        html`
          <tr data-slug="${s.slug}">
            <td><a href="/ui/changes/${enc(s.slug)}">${s.title}</a><div class="small muted">${s
              .slug}</div></td>
            <td>${s.owner ?? html`<span class="muted">—</span>`}</td>
            <td>${s.template ?? html`<span class="muted">—</span>`}</td>
            <td>${progressBar(s.progress.completed, s.progress.total)}</td>
            <td class="small">${s.expiresAt
              ? html`${
                s.expired
                  ? html`
                    <strong class="blocked">expired</strong>
                  `
                  : ""
              }${s.expiresAt.slice(0, 16).replace("T", " ")}`
              : html`<span class="muted">—</span>`}</td>
            <td><span class="badge ${verdict}" data-verdict="${verdict}">${verdict === "blocked"
              ? "blocked from archive"
              : verdict}</span></td>
            <td><span class="badge ${review.state}" data-review="${review
              .state}">${STATE_LABEL[review.state]}</span></td>
          </tr>
        `
      )}
        </tbody>
      </table>
    `;
  return layout(
    "Active changes",
    html`<main><h1>Active changes <span class="small muted">(${rows.length})</span></h1>${body}</main>`,
  );
}

function side(kind: "before" | "after", text: string | undefined, empty: string): SafeHtml {
  return html`<div class="${kind}"><div class="label">${
    kind === "before" ? "Before (main spec today)" : "After archive"
  }</div>${
    text === undefined ? html`<p class="none">${empty}</p>` : html`<pre>${text}</pre>`
  }</div>`;
}

function requirementDiff(cap: CapabilityDiff, r: RequirementChange): SafeHtml {
  const title = r.op === "RENAMED"
    ? html`${r.from} → ${r.name}${
      r.modified
        ? html`
          <span class="small muted">(and modified)</span>
        `
        : ""
    }`
    : html`${r.name}`;
  return html`
    <section class="req" data-op="${r.op}" data-capability="${cap.capability}"
      data-requirement="${r.name}">
      <h4><span class="op op-${r.op}">${r.op}</span>${title}</h4>
      <div class="sides">${side("before", r.before, "Not in the main spec")}${side(
        "after",
        r.after,
        r.op === "REMOVED" ? "Removed by archive" : "Nothing",
      )}</div>
    </section>
  `;
}

function capabilityDiff(cap: CapabilityDiff): SafeHtml {
  return html`<div class="card" data-diff="${cap.capability}">
<h3>${cap.capability} <span class="small muted">${
    cap.action === "create" ? "new main spec" : "updates the main spec"
  }</span> · <a class="small" href="/ui/specs/${cap.capability}">browse</a></h3>
${cap.error ? html`<p class="error">Archive would refuse: ${cap.error}</p>` : ""}
${cap.warnings.map((w) => html`<p class="small warnings">${w}</p>`)}
${cap.requirements.map((r) => requirementDiff(cap, r))}
${
    cap.merged !== undefined
      ? html`
        <details>
          <summary>The whole spec as archive writes it</summary>
          <pre class="merged" data-merged="${cap.capability}">${cap.merged}</pre>
        </details>
      `
      : ""
  }</div>`;
}

function reviewPanel(data: ChangePageData, error?: string): SafeHtml {
  const { review, summary } = data;
  const d = review.decision;
  const anchors = anchorsOf(data.diff);
  return html`<div class="card" id="review">
<h2>Review <span class="badge ${review.state}" data-review="${review.state}">${
    STATE_LABEL[review.state]
  }</span></h2>
${
    d
      ? html`
        <p
          class="small">${d.action === "approve" ? "Approved" : "Sent back"} by <strong>${d
            .by}</strong> on ${d.at.slice(0, 19).replace("T", " ")} UTC${d.comment
            ? html`: “${d.comment}”`
            : ""}${review.state === "withdrawn"
            ? html`
              — the proposal or a delta spec changed since, so the approval no longer holds
            `
            : ""}</p>
      `
      : html`<p class="small muted">No decision yet.</p>`
  }
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
<form class="review" method="post" action="/ui/changes/${enc(summary.slug)}/review">
<label for="comment">Comment <span class="small muted">(needed to send back)</span></label>
<textarea id="comment" name="comment" maxlength="4000"></textarea>
<label for="anchor">About <span class="small muted">(optional)</span></label>
<select id="anchor" name="anchor"><option value="">the whole change</option>${
    anchors.map((a) => html`<option value="${a}">${a}</option>`)
  }</select>
<div class="buttons"><button class="primary" type="submit" name="action" value="approve">Approve</button>
<button class="secondary" type="submit" name="action" value="reject">Send back</button>
<button class="plain" type="submit" name="action" value="comment">Comment</button></div>
</form>
${
    review.comments.length
      ? html`
        <h3>Comments</h3>
        <ul class="comments">${review.comments.map((c) =>
          html`
            <li
              data-comment="${c.id}"><strong>${c.by}</strong> <span class="small muted">${c.at
                .slice(0, 16).replace("T", " ")}</span>${c.anchor
                ? html`
                  <span class="anchor">${c.anchor}</span>
                `
                : ""}<div>${c.text}</div></li>
          `
        )}</ul>
      `
      : ""
  }</div>`;
}

/** A change: summary, review, requirement-level diff and documents. */
export function changePageView(data: ChangePageData, error?: string): string {
  const { summary: s, change, report, verdict, diff } = data;
  const doc = (name: string, text: string | undefined) =>
    text === undefined
      ? ""
      : html`<div class="card doc" data-doc="${name}"><h2>${name}</h2>${
        renderMarkdown(text)
      }</div>`;
  const blockers = report.archiveBlockers;
  const body = html`<main data-slug="${s.slug}">
<p class="small"><a href="/ui/">← Board</a></p>
<h1>${s.title}</h1>
<div class="card meta"><span class="small muted">${s.slug}</span>
<span>Owner: ${s.owner ?? "—"}</span><span>Template: ${s.template ?? "—"}</span>
<span>${progressBar(s.progress.completed, s.progress.total)}</span>
${s.expiresAt ? html`<span class="small">Expires ${s.expiresAt}</span>` : ""}
<span class="badge ${verdict}" data-verdict="${verdict}">${
    verdict === "blocked" ? "blocked from archive" : verdict
  }</span>
<span class="small muted">${report.summary.errors} error(s), ${report.summary.warnings} warning(s)</span></div>
${
    blockers.length
      ? html`
        <div class="card">
          <h2>Why archive would refuse</h2>
          <ul>${blockers.map((b) => html`<li class="small">${b}</li>`)}</ul>
        </div>
      `
      : ""
  }
${reviewPanel(data, error)}
<h2>What archiving does to the specs</h2>
${
    diff.capabilities.length
      ? diff.capabilities.map(capabilityDiff)
      : html`<p class="muted">This change has no delta specs.</p>`
  }
${doc("proposal.md", change.files.proposalText)}
${doc("design.md", change.designText)}
${doc("tasks.md", change.files.tasksText)}
</main>`;
  return layout(s.title, body);
}

/** The spec browser's index. */
export function specIndexPage(specs: SpecEntry[]): string {
  return layout(
    "Specs",
    html`<main><h1>Specs</h1>${
      specs.length
        ? html`
          <div class="card">
            <ul>${specs.map((s) =>
              html`<li><a href="/ui/specs/${s.capability}">${s.capability}</a> <span class="small muted">${s.requirements} requirement(s)</span></li>`
            )}</ul>
          </div>
        `
        : html`<p class="muted">No main specs yet: archiving a change creates them.</p>`
    }</main>`,
  );
}

/** One main spec: requirements, scenarios, and the archived changes that shaped it. */
export function specPageView(data: SpecPageData): string {
  return layout(
    data.capability,
    html`<main><p class="small"><a href="/ui/specs">← Specs</a></p><h1>${data.capability}</h1>
<div class="card"><h2>Shaped by</h2>${
      data.history.length
        ? html`<ul>${
          data.history.map((h) =>
            html`<li>${h.archivedAs}${
              h.title
                ? html`
                  — ${h.title}
                `
                : ""
            }</li>`
          )
        }</ul>`
        : html`<p class="small muted">No archived change touched it (written by hand).</p>`
    }</div>
${
      data.requirements.map((r) =>
        html`
          <section class="req" data-requirement="${r.name}">
            <h4>${r.name} <span class="small muted">${r.scenarios.length} scenario(s)</span></h4>
            <div class="doc body">${renderMarkdown(r.raw.split("\n").slice(1).join("\n"))}</div>
          </section>
        `
      )
    }
<details><summary>spec.md</summary><pre>${data.text}</pre></details></main>`,
  );
}

/** The login form: the token is sent once and kept in the `task-mcp-auth` cookie. */
export function loginPage(next: string, failed: boolean): string {
  return layout(
    "Sign in",
    html`
      <main class="login">
        <div class="card"><h1>Sign in</h1>
      ${failed ? html`<p class="error" role="alert">That token was not accepted.</p>` : ""}
      <form method="post" action="/ui/login"><input type="hidden" name="next" value="${next}">
      <label for="token">Access token (one of AUTH_TOKENS)</label>
      <input id="token" name="token" type="password" autocomplete="current-password" required>
      <button class="primary" type="submit">Sign in</button></form></div>
      </main>
    `,
    { nav: false },
  );
}

/** A page for errors (unknown change, unknown spec). */
export function messagePage(title: string, message: string): string {
  return layout(
    title,
    html`
      <main>
        <h1>${title}</h1>
        <p>${message}</p>
        <p><a href="/ui/">Board</a></p>
      </main>
    `,
  );
}
