/**
 * The dashboard's style sheet and its one script, served from `/ui/assets/` so that the pages'
 * Content-Security-Policy can forbid every inline script and style.
 *
 * @module
 */

/** The style sheet, shared by the dashboard and the MCP Apps views. */
export const STYLE = `
:root{--fg:#1d2433;--muted:#5b6478;--line:#d9dee8;--bg:#f6f7fb;--card:#fff;--accent:#2456d3;
--ok:#1c7c3a;--warn:#9a6400;--bad:#b3261e;--add:#e7f6ec;--del:#fdecea;--mod:#eef3ff}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header.top{display:flex;gap:1.5rem;align-items:center;padding:.7rem 1.5rem;background:#111a2e;color:#fff}
header.top a{color:#fff;text-decoration:none}header.top .brand{font-weight:700}
header.top nav{display:flex;gap:1rem;flex:1}header.top form{margin:0}
header.top button{background:none;border:1px solid #fff6;color:#fff;border-radius:4px;padding:.2rem .6rem;cursor:pointer}
main{max-width:1200px;margin:1.5rem auto;padding:0 1.5rem}
h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.2rem;margin:1.6rem 0 .6rem}
a{color:var(--accent)}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem 1.2rem;margin-bottom:1rem}
table.board{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden}
table.board th,table.board td{padding:.6rem .8rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:middle}
table.board th{background:#eef0f6;font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
progress.progress{width:110px;height:8px;vertical-align:middle;accent-color:var(--ok)}
.req .doc.body{padding:.2rem .8rem}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.8rem;font-weight:600;border:1px solid currentColor;white-space:nowrap}
.valid,.approved{color:var(--ok)}.warnings,.pending,.withdrawn{color:var(--warn)}.blocked,.changes-requested{color:var(--bad)}
.muted{color:var(--muted)}.small{font-size:.85rem}
.meta{display:flex;flex-wrap:wrap;gap:.6rem 1.4rem;align-items:center}
.req{border:1px solid var(--line);border-radius:8px;margin:.8rem 0;background:var(--card);overflow:hidden}
.req>h4{margin:0;padding:.5rem .8rem;background:#eef0f6;font-size:.95rem}
.op{font-size:.75rem;font-weight:700;padding:.05rem .4rem;border-radius:4px;margin-right:.5rem;color:#fff}
.op-ADDED{background:var(--ok)}.op-REMOVED{background:var(--bad)}.op-MODIFIED{background:var(--accent)}.op-RENAMED{background:#7a3fb8}
.sides{display:grid;grid-template-columns:1fr 1fr}
.sides>div{padding:.5rem .8rem;min-width:0}.sides>div+div{border-left:1px solid var(--line)}
.sides .label{font-size:.75rem;text-transform:uppercase;color:var(--muted);letter-spacing:.04em}
pre{white-space:pre-wrap;word-break:break-word;margin:.3rem 0;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace}
.before pre{background:var(--del);padding:.4rem}.after pre{background:var(--add);padding:.4rem}
.none{color:var(--muted);font-style:italic}
.error{color:var(--bad);background:var(--del);padding:.5rem .8rem;border-radius:6px}
.doc h3,.doc h4,.doc h5{margin:.9rem 0 .3rem}.doc ul{padding-left:1.3rem}.doc code{background:#eef0f6;padding:0 .25rem;border-radius:3px}
.inert-link{text-decoration:underline dotted}
form.review{display:grid;gap:.5rem}form.review textarea{width:100%;min-height:4rem;font:inherit}
form.review .buttons{display:flex;gap:.5rem;flex-wrap:wrap}
button.primary{background:var(--ok);color:#fff;border:0;border-radius:5px;padding:.45rem 1rem;font-weight:600;cursor:pointer}
button.secondary{background:#fff;color:var(--bad);border:1px solid var(--bad);border-radius:5px;padding:.45rem 1rem;cursor:pointer}
button.plain{background:#fff;border:1px solid var(--line);border-radius:5px;padding:.45rem 1rem;cursor:pointer}
.comments li{margin:.3rem 0}.anchor{font-family:ui-monospace,monospace;font-size:.8rem;color:var(--muted)}
.login{max-width:380px;margin:4rem auto}.login input{width:100%;padding:.5rem;font:inherit;margin:.3rem 0 .8rem}
.live{font-size:.8rem;color:var(--muted)}
@media (max-width:760px){.sides{grid-template-columns:1fr}.sides>div+div{border-left:0;border-top:1px solid var(--line)}}
`;

/**
 * Live updates: the pages listen to `/ui/events` (the repository's change events) and, on each,
 * fetch the page again and swap its `<main>`; without JavaScript the pages are complete as they
 * are. A form being typed into is left alone until it is sent.
 */
export const LIVE_SCRIPT = `
(() => {
  const status = document.getElementById("live");
  if (!window.EventSource || !status) return;
  let timer;
  const refresh = async () => {
    const active = document.activeElement;
    if (active && active.form && active.value) return;
    const res = await fetch(location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" });
    if (!res.ok) return;
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    const next = doc.querySelector("main");
    const main = document.querySelector("main");
    if (next && main) main.replaceWith(document.importNode(next, true));
    document.title = doc.title;
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
  };
  const source = new EventSource("/ui/events");
  source.addEventListener("open", () => { status.textContent = "live"; document.body.dataset.live = "1"; });
  source.addEventListener("error", () => { status.textContent = "reconnecting…"; });
  source.addEventListener("change", () => { clearTimeout(timer); timer = setTimeout(refresh, 60); });
})();
`;
