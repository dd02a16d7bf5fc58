// Positions and errors shared by the shell's tokenizer, parser and transcript splitter.
//
// Lines are what `text.split(/\r?\n/)` gives; columns count UTF-16 code units from 1,
// the same unit browser editors use, so an editor can jump straight to an error.

import { distance } from 'fastest-levenshtein';

/** A 1-based position in the script text. */
export interface SourcePos {
  readonly line: number;
  readonly column: number;
}

/** A shell error: where, what, and the nearest valid alternative if one is close. */
export interface ShellError {
  readonly pos: SourcePos;
  readonly message: string;
  readonly suggestion?: string;
  /** The whole source line the error is on, for display. */
  readonly sourceLine: string;
  /** Characters to underline from `pos`, at least 1. */
  readonly length: number;
}

/** Splits script text into lines exactly as positions count them. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Number of characters from `start` up to `end` (exclusive), cut at the end of start's line. */
export function spanLength(lines: readonly string[], start: SourcePos, end: SourcePos): number {
  const lineLength = lines[start.line - 1]?.length ?? 0;
  const stop = end.line === start.line ? end.column : lineLength + 1;
  return Math.max(1, stop - start.column);
}

/** Builds a ShellError at `pos`, underlining `length` characters. */
export function shellError(lines: readonly string[], pos: SourcePos, length: number, message: string, suggestion?: string | null): ShellError {
  const sourceLine = lines[pos.line - 1] ?? '';
  const base = { pos, message, sourceLine, length: Math.max(1, length) };
  return suggestion == null ? base : { ...base, suggestion };
}

/** The candidate closest to `word` if it is close enough to be what the user meant, else null. */
export function nearest(word: string, candidates: readonly string[]): string | null {
  // Compare flags without their dashes: every flag shares them, so they would make
  // `--rep` look as close to `--help` as to `--replication-factor`.
  const key = (s: string): string => (s.startsWith('--') ? s.slice(2) : s).toLowerCase();
  const typed = key(word);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(typed, key(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Allow about one typo per three characters, and never a suggestion that shares nothing
  // with what was typed (`x` is not a typo of `0`).
  if (best !== null && bestDistance <= Math.max(1, Math.ceil(typed.length / 3)) && bestDistance < typed.length) {
    return best;
  }
  // An unambiguous beginning (`--rep`) is also a clear intent.
  const extensions = candidates.filter((c) => key(c).startsWith(typed));
  return typed.length >= 2 && extensions.length === 1 ? (extensions[0] ?? null) : null;
}

/** Renders an error as a message, the source line, a caret underline and any suggestion. */
export function formatShellError(err: ShellError): string {
  // Keep tabs in the caret prefix so the carets line up under tab-indented text.
  const prefix = err.sourceLine.slice(0, err.pos.column - 1).replace(/[^\t]/g, ' ');
  const lines = [
    `error at line ${err.pos.line}, column ${err.pos.column}: ${err.message}`,
    `  ${err.sourceLine}`,
    `  ${prefix}${'^'.repeat(Math.max(1, err.length))}`,
  ];
  if (err.suggestion !== undefined) lines.push(`did you mean ${err.suggestion}?`);
  return lines.join('\n');
}
