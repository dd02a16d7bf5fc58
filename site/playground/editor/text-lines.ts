/**
 * Where each line of a cell's text sits, as document offsets. The engine counts lines as
 * `text.split(/\r?\n/)` gives them and columns in UTF-16 code units from 1; CodeMirror counts
 * offsets in the same units from 0. This module turns one into the other, so an error the parser
 * reports at a line and column lands on the same characters in the editor.
 */

/** One line: its start offset, and the offset just after its last character (before any `\r\n`). */
export interface LineRange {
  readonly from: number;
  readonly to: number;
}

/** The lines of `text`, split where the engine splits them. Never empty: `''` is one empty line. */
export function lineRanges(text: string): LineRange[] {
  const ranges: LineRange[] = [];
  let from = 0;
  for (;;) {
    const newline = text.indexOf('\n', from);
    if (newline < 0) {
      ranges.push({ from, to: text.length });
      return ranges;
    }
    // A `\r\n` ends the line before its `\r`, as the engine's split does.
    const to = newline > from && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
    ranges.push({ from, to });
    from = newline + 1;
  }
}

/** The range of 1-based `line`, clamped to the text's lines (a stale line number still lands somewhere sensible). */
export function lineAt(lines: readonly LineRange[], line: number): LineRange {
  const index = Math.min(Math.max(1, Math.trunc(line)), lines.length) - 1;
  return lines[index] ?? { from: 0, to: 0 };
}

/** The 0-based index of the line that holds `offset`. */
export function lineIndexOf(lines: readonly LineRange[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lines[mid] as LineRange).from <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
