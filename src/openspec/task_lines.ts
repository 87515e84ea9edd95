/** The CLI's task-line matcher (`- [ ] 1.1 Do it`), written as a linear scanner. @module */

/** A matched task line: checkbox span, marker and description. */
export interface TaskMatch {
  /** Index just after `[`. */
  boxStart: number;
  /** Index of `]`. */
  boxEnd: number;
  /** Index of the single marker character inside the box, or -1 for a blank box. */
  markerIndex: number;
  done: boolean;
  /** Text after the box, trimmed. */
  description: string;
}

function isSpace(ch: string): boolean {
  return ch !== "" && /\s/.test(ch);
}

function skip(line: string, i: number): number {
  while (i < line.length && isSpace(line.charAt(i))) i++;
  return i;
}

function isDigit(ch: string): boolean {
  return ch >= "0" && ch <= "9";
}

/**
 * Matches `^\s*(?:[-*+]|\d{1,9}[.)])\s*\[(?:\s*([^\]\s]?)\s*\](?![([])|\s+\])\s*(.*)`:
 * any list marker, a box holding at most one non-space marker (not followed by `(`
 * or `[`, which would make it a link), or a whitespace-only box.
 */
export function matchTaskLine(line: string): TaskMatch | undefined {
  let i = skip(line, 0);
  const first = line.charAt(i);
  if (first === "-" || first === "*" || first === "+") {
    i++;
  } else {
    let digits = 0;
    while (isDigit(line.charAt(i + digits))) digits++;
    if (digits < 1 || digits > 9) return undefined;
    i += digits;
    const after = line.charAt(i);
    if (after !== "." && after !== ")") return undefined;
    i++;
  }
  i = skip(line, i);
  if (line.charAt(i) !== "[") return undefined;
  const boxStart = i + 1;
  let j = skip(line, boxStart);
  let markerIndex = -1;
  const ch = line.charAt(j);
  if (ch !== "" && ch !== "]" && !isSpace(ch)) {
    markerIndex = j;
    j = skip(line, j + 1);
  }
  if (line.charAt(j) !== "]") return undefined;
  const next = line.charAt(j + 1);
  // A link label `[A](url)` is no task; a whitespace-only box still is.
  if ((next === "(" || next === "[") && (markerIndex !== -1 || j === boxStart)) return undefined;
  const rest = line.slice(skip(line, j + 1));
  const stop = rest.search(/[\n\r\u2028\u2029]/);
  const description = (stop === -1 ? rest : rest.slice(0, stop)).trim();
  const marker = markerIndex === -1 ? "" : line.charAt(markerIndex);
  return { boxStart, boxEnd: j, markerIndex, done: marker.toLowerCase() === "x", description };
}
