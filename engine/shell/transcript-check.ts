/**
 * Checking a transcript cell: run each `$ ` command and compare what it prints with the
 * lines written under it. Each command runs on its own, as typed at a terminal, so a
 * transcript may show an error and go on.
 */
import { parseScript } from './parse.ts';
import type { ShellSession } from './session.ts';
import { cellPosition, splitTranscript } from './transcript.ts';
import { formatShellError, splitLines } from './source.ts';

export interface TranscriptMismatch {
  /** 1-based line in the cell of the `$ ` command. */
  readonly line: number;
  readonly command: string;
  readonly expected: readonly string[];
  readonly actual: readonly string[];
}

export interface CellResult {
  /** Problems in the cell itself (a parse error, text before the first command), with cell line numbers. */
  readonly errors: readonly { readonly line: number; readonly message: string }[];
  readonly mismatches: readonly TranscriptMismatch[];
  /** Output of every command, in order (what the cell shows when run). */
  readonly output: readonly string[];
}

/** Trailing blank lines are not compared: authors end blocks with one, tools end tables with one. */
function trimTrailingBlank(lines: readonly string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && (out[out.length - 1] as string).trim() === '') out.pop();
  return out;
}

/** Runs a cell: a transcript is checked step by step; a plain script runs and must succeed. */
export function runCell(session: ShellSession, cellText: string): CellResult {
  const transcript = splitTranscript(cellText);
  if (transcript === null) {
    const outcome = session.run(cellText);
    const output = outcome.outcomes.flatMap((o) => o.output.map((l) => l.text));
    const errors = [];
    if (outcome.parseError) errors.push({ line: outcome.parseError.pos.line, message: formatShellError(outcome.parseError) });
    else if (outcome.exitCode !== 0) {
      const failed = outcome.outcomes[outcome.outcomes.length - 1];
      errors.push({ line: failed?.invocation.pos.line ?? 1, message: `command exited with code ${outcome.exitCode}: ${failed?.invocation.text ?? ''}` });
    }
    return { errors, mismatches: [], output };
  }
  if (!transcript.ok) return { errors: [{ line: transcript.error.pos.line, message: formatShellError(transcript.error) }], mismatches: [], output: [] };
  const mismatches: TranscriptMismatch[] = [];
  const errors: { line: number; message: string }[] = [];
  const output: string[] = [];
  for (const step of transcript.steps) {
    const parsed = parseScript(step.command);
    if (!parsed.ok) {
      const pos = cellPosition(step, parsed.error.pos);
      // Show the cell's own line (with its `$ ` prompt): the column now counts the prompt, so
      // the caret would sit two characters right of the culprit under the bare command line.
      const sourceLine = splitLines(cellText)[pos.line - 1] ?? parsed.error.sourceLine;
      errors.push({ line: pos.line, message: formatShellError({ ...parsed.error, pos, sourceLine }) });
      break;
    }
    const actual: string[] = [];
    for (const invocation of parsed.commands) {
      actual.push(...session.execute(invocation).output.map((l) => l.text));
    }
    output.push(...actual);
    const expected = trimTrailingBlank(step.expected);
    const got = trimTrailingBlank(actual);
    if (expected.length !== got.length || expected.some((line, i) => line !== got[i])) {
      mismatches.push({ line: step.commandLine, command: step.command, expected, actual: got });
    }
  }
  return { errors, mismatches, output };
}
