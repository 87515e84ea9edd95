/**
 * A small Markdown renderer for change documents: headings, paragraphs, lists with task
 * checkboxes, block quotes, fenced code, inline code, emphasis and links.
 *
 * Everything is escaped first; raw HTML in the source stays text. A link keeps its target only
 * when it is `http:`, `https:`, `mailto:`, a fragment or a relative path: `javascript:`,
 * `data:`, `vbscript:` and anything else (in any case, with entities or control characters
 * mixed in) becomes plain text.
 *
 * @module
 */
import { escapeHtml, SafeHtml } from "./html.ts";

/** Whether a link target may be followed. */
export function safeHref(target: string): boolean {
  // Browsers drop control characters and whitespace inside a scheme: `java\tscript:` runs.
  // deno-lint-ignore no-control-regex
  const cleaned = target.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned)?.[1]?.toLowerCase();
  if (scheme !== undefined) return scheme === "http" || scheme === "https" || scheme === "mailto";
  // Relative: plain path characters only, and not `//host` (another site).
  return /^[A-Za-z0-9._~/?#=%+-]*$/.test(target) && !target.startsWith("//");
}

/** Inline markup of one escaped-on-the-way line. */
function inline(text: string): string {
  const out: string[] = [];
  // Code spans first: nothing inside them is markup.
  const parts = text.split(/(`[^`]+`)/);
  for (const part of parts) {
    if (part.startsWith("`") && part.endsWith("`") && part.length > 1) {
      out.push(`<code>${escapeHtml(part.slice(1, -1))}</code>`);
      continue;
    }
    let rest = part;
    let html = "";
    const link = /\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/;
    let m: RegExpExecArray | null;
    while ((m = link.exec(rest))) {
      html += emphasis(escapeHtml(rest.slice(0, m.index)));
      const label = emphasis(escapeHtml(m[1] ?? ""));
      const href = m[2] ?? "";
      html += safeHref(href)
        ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${label}</a>`
        : `<span class="inert-link">${label}</span>`;
      rest = rest.slice(m.index + m[0].length);
    }
    html += emphasis(escapeHtml(rest));
    out.push(html);
  }
  return out.join("");
}

/** Bold and italics over already escaped text. */
function emphasis(escaped: string): string {
  return escaped
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^*\w])\*([^*\s][^*]*)\*(?!\w)/g, "$1<em>$2</em>");
}

/**
 * Renders Markdown to safe HTML.
 *
 * @example
 * ```ts
 * import { renderMarkdown } from "./markdown.ts";
 * renderMarkdown("# Hi\n\n<script>alert(1)</script> [x](javascript:alert(1))").value;
 * ```
 */
export function renderMarkdown(source: string): SafeHtml {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: "ul" | undefined;
  const flush = () => {
    if (paragraph.length) out.push(`<p>${paragraph.map(inline).join("<br>")}</p>`);
    paragraph = [];
  };
  const closeList = () => {
    if (list) out.push(`</${list}>`);
    list = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^\s*(```|~~~)(.*)$/.exec(line);
    if (fence) {
      flush();
      closeList();
      const body: string[] = [];
      while (++i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!)) {
        body.push(lines[i]!);
      }
      out.push(`<pre><code>${escapeHtml(body.join("\n"))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      closeList();
      // Document headings sit under the page's own h1/h2.
      const level = Math.min(6, heading[1]!.length + 2);
      out.push(`<h${level}>${inline(heading[2] ?? "")}</h${level}>`);
      continue;
    }
    const item = /^\s*[-*+]\s+(?:\[( |x|X)\]\s+)?(.*)$/.exec(line) ??
      /^\s*\d+[.)]\s+(?:\[( |x|X)\]\s+)?(.*)$/.exec(line);
    if (item) {
      flush();
      if (!list) {
        out.push("<ul>");
        list = "ul";
      }
      const box = item[1] === undefined
        ? ""
        : `<span class="box" aria-label="${item[1] === " " ? "open" : "done"}">${
          item[1] === " " ? "☐" : "☑"
        }</span> `;
      out.push(`<li>${box}${inline(item[2] ?? "")}</li>`);
      continue;
    }
    if (/^\s*>\s?/.test(line)) {
      flush();
      closeList();
      out.push(`<blockquote>${inline(line.replace(/^\s*>\s?/, ""))}</blockquote>`);
      continue;
    }
    if (line.trim() === "") {
      flush();
      closeList();
      continue;
    }
    closeList();
    paragraph.push(line.trim());
  }
  flush();
  closeList();
  return new SafeHtml(out.join("\n"));
}
