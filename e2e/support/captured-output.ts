/** What an operator command (`tramita check`, `tramita rebuild-index`) printed, line by line, and the `out` to give it. */
export function captured(): { lines: string[]; out: { log(text: string): void; error(text: string): void } } {
  const lines: string[] = [];
  return { lines, out: { log: (text: string) => lines.push(text), error: (text: string) => lines.push(text) } };
}
