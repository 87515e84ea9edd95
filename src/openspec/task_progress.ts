/** Task counting, listing and ticking for `tasks.md`, consistent with `openspec list`. @module */
import { matchTaskLine } from "./task_lines.ts";

/** One task line of a tasks file. */
export interface TaskLine {
  /** Leading number of the task text (`2.3` in `- [ ] 2.3 Do it`), when there is one. */
  id?: string;
  done: boolean;
  /** The task text after the checkbox, trimmed. */
  text: string;
  /** 1-based line number. */
  line: number;
}

// `2.3 Do`, `2.3a Do`, `2. Do` (trailing dot dropped) and `2.3` alone.
const TASK_ID = /^(\d+(?:\.\d+)*[A-Za-z]*)\.?(?=\s|$)/;

/**
 * Every task line, in document order. Like the CLI, lines inside code fences and
 * front matter count too; only the checkbox shape matters.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals(listTasks("- [x] 1.1 Done\n- [ ] 1.2 Open\n").map((t) => t.id), ["1.1", "1.2"]);
 * ```
 */
export function listTasks(tasksText: string): TaskLine[] {
  const tasks: TaskLine[] = [];
  tasksText.split("\n").forEach((line, index) => {
    const match = matchTaskLine(line);
    if (!match) return;
    const task: TaskLine = { done: match.done, text: match.description, line: index + 1 };
    const id = TASK_ID.exec(match.description)?.[1];
    if (id !== undefined) task.id = id;
    tasks.push(task);
  });
  return tasks;
}

/** Total and completed task counts, exactly as `openspec list` computes them for one file. */
export function countTasks(tasksText: string): { total: number; completed: number } {
  let total = 0;
  let completed = 0;
  for (const line of tasksText.split("\n")) {
    const match = matchTaskLine(line);
    if (!match) continue;
    total++;
    if (match.done) completed++;
  }
  return { total, completed };
}

/**
 * Ticks (`[x]`) or unticks (`[ ]`) the first task whose id is `id`, changing only the
 * checkbox character(s); every other byte, line endings included, is kept. Returns
 * undefined when no task has that id, and the text unchanged when the task is already
 * in the requested state.
 */
export function setTaskDone(tasksText: string, id: string, done: boolean): string | undefined {
  const lines = tasksText.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    const match = matchTaskLine(line);
    if (!match || TASK_ID.exec(match.description)?.[1] !== id) continue;
    if (match.done === done) return tasksText;
    let updated: string;
    if (done) {
      // Replace the marker (`~`, `-`...) or fill a blank/empty box with a single `x`.
      updated = match.markerIndex !== -1
        ? `${line.slice(0, match.markerIndex)}x${line.slice(match.markerIndex + 1)}`
        : `${line.slice(0, match.boxStart)}x${line.slice(match.boxEnd)}`;
    } else {
      updated = `${line.slice(0, match.markerIndex)} ${line.slice(match.markerIndex + 1)}`;
    }
    lines[index] = updated;
    return lines.join("\n");
  }
  return undefined;
}
