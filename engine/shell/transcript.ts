// Cells written as terminal transcripts: `$ ` lines are commands, the lines after them are
// the output the lesson expects. The lesson checker runs each command and compares.

import type { ShellError, SourcePos } from './source.ts';
import { shellError, splitLines } from './source.ts';
import { commandLineCount } from './tokenize.ts';
import { trimTrailingBlank } from './blank-lines.ts';

/** One command of a transcript and the output expected from it. */
export interface TranscriptStep {
  /** The command without its `$ `, with its continuation and heredoc lines. */
  readonly command: string;
  /** 1-based line of the `$ ` line in the cell. */
  readonly commandLine: number;
  /** Expected output lines up to the next `$ ` line, trailing blank lines dropped. */
  readonly expected: readonly string[];
  /** 1-based line in the cell of the first expected line (the line after the command). */
  readonly expectedLine: number;
}

/** A transcript's steps, or why the cell is not a valid transcript. */
export type TranscriptResult = { readonly ok: true; readonly steps: readonly TranscriptStep[] } | { readonly ok: false; readonly error: ShellError };

const PROMPT = '$ ';

/** Splits a transcript cell into steps, or returns null when the cell has no `$ ` line (a plain script). */
export function splitTranscript(cellText: string): TranscriptResult | null {
  const lines = splitLines(cellText);
  const first = lines.findIndex((line) => line.startsWith(PROMPT));
  if (first < 0) return null;
  for (let i = 0; i < first; i += 1) {
    const line = lines[i] ?? '';
    const trimmed = line.trim();
    // Comments and blank lines may introduce a transcript; output cannot, as nothing printed it.
    if (trimmed !== '' && !trimmed.startsWith('#')) {
      const pos = { line: i + 1, column: line.length - line.trimStart().length + 1 };
      const message = 'text before the first $ command: expected output must follow the command that prints it';
      return { ok: false, error: shellError(lines, pos, trimmed.length, message) };
    }
  }
  const steps: TranscriptStep[] = [];
  let i = first;
  while (i < lines.length) {
    const firstLine = (lines[i] ?? '').slice(PROMPT.length);
    const commandEnd = i + commandLineCount([firstLine, ...lines.slice(i + 1)].join('\n'));
    let outputEnd = commandEnd;
    while (outputEnd < lines.length && !(lines[outputEnd] ?? '').startsWith(PROMPT)) outputEnd += 1;
    steps.push({
      command: [firstLine, ...lines.slice(i + 1, commandEnd)].join('\n'),
      commandLine: i + 1,
      expected: trimTrailingBlank(lines.slice(commandEnd, outputEnd)),
      expectedLine: commandEnd + 1,
    });
    i = outputEnd;
  }
  return { ok: true, steps };
}

/** Maps a position in a step's command text (as parseScript reports it) to its position in the cell. */
export function cellPosition(step: TranscriptStep, pos: SourcePos): SourcePos {
  // Only the first line lost its `$ ` prompt.
  const column = pos.line === 1 ? pos.column + PROMPT.length : pos.column;
  return { line: step.commandLine + pos.line - 1, column };
}
