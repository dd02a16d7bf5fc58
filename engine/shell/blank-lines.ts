/** Trailing blank lines are not compared: authors end blocks with one, tools end tables with one. */
export function trimTrailingBlank(lines: readonly string[]): string[] {
  let end = lines.length;
  while (end > 0 && (lines[end - 1] as string).trim() === '') end -= 1;
  return lines.slice(0, end);
}
