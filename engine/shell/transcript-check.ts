/**
 * Running a cell, for the lesson checker and the page alike. A transcript's `$ ` commands each
 * run on their own, as typed at a terminal, so a transcript may show an error and go on; what
 * each prints is compared with the lines written under it. A plain script runs as the CLI runs
 * it and stops at the first command that exits non-zero.
 *
 * Every step is parsed before anything runs: a cell with a parse error changes nothing, so the
 * page and the checker agree on what a broken cell did (nothing).
 */
import type { OutputLine } from './output.ts';
import { trimTrailingBlank } from './blank-lines.ts';
import { parseScript, type Invocation } from './parse.ts';
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

/** One step of a cell (a transcript's `$ ` command, or the whole of a plain script) and what it printed. */
export interface CellStep {
  /** What it printed, stdout and stderr interleaved as a terminal shows them. */
  readonly output: readonly OutputLine[];
  /** The transcript's expected lines (trailing blanks dropped); null for a plain script. */
  readonly expected: readonly string[] | null;
  /** True when the output equals the expected lines (trailing blanks ignored); null for a plain script. */
  readonly matches: boolean | null;
  /** The step's exit code: a plain script's is that of the command that stopped it, or 0. */
  readonly exitCode: number;
}

export interface CellResult {
  /** Problems in the cell itself (a parse error, text before the first command, a failing script), with cell line numbers. */
  readonly errors: readonly { readonly line: number; readonly message: string }[];
  readonly mismatches: readonly TranscriptMismatch[];
  /** Output of every command, in order (what the cell shows when run). */
  readonly output: readonly string[];
  /** What each step printed; empty when the cell did not parse (then nothing ran). */
  readonly steps: readonly CellStep[];
}

type CellError = CellResult['errors'][number];

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

const notRun = (error: CellError): CellResult => ({ errors: [error], mismatches: [], output: [], steps: [] });

/** Runs a cell: a transcript is checked step by step; a plain script runs and must succeed. Nothing runs unless every step parses. */
export function runCell(session: ShellSession, cellText: string): CellResult {
  const transcript = splitTranscript(cellText);
  if (transcript === null) return runScript(session, cellText);
  if (!transcript.ok) return notRun({ line: transcript.error.pos.line, message: formatShellError(transcript.error) });

  const parsedSteps: { readonly invocations: readonly Invocation[]; readonly step: (typeof transcript.steps)[number] }[] = [];
  for (const step of transcript.steps) {
    const parsed = parseScript(step.command);
    if (!parsed.ok) {
      const pos = cellPosition(step, parsed.error.pos);
      // Show the cell's own line (with its `$ ` prompt): the column now counts the prompt, so
      // the caret would sit two characters right of the culprit under the bare command line.
      const sourceLine = splitLines(cellText)[pos.line - 1] ?? parsed.error.sourceLine;
      return notRun({ line: pos.line, message: formatShellError({ ...parsed.error, pos, sourceLine }) });
    }
    parsedSteps.push({ invocations: parsed.commands, step });
  }

  const mismatches: TranscriptMismatch[] = [];
  const output: string[] = [];
  const steps: CellStep[] = [];
  for (const { invocations, step } of parsedSteps) {
    const printed: OutputLine[] = [];
    let exitCode = 0;
    for (const invocation of invocations) {
      const outcome = session.execute(invocation);
      printed.push(...outcome.output);
      if (outcome.exitCode !== 0) exitCode = outcome.exitCode;
    }
    const actual = printed.map((l) => l.text);
    output.push(...actual);
    const expected = trimTrailingBlank(step.expected);
    const got = trimTrailingBlank(actual);
    const matches = sameLines(expected, got);
    if (!matches) mismatches.push({ line: step.commandLine, command: step.command, expected, actual: got });
    steps.push({ output: printed, expected, matches, exitCode });
  }
  return { errors: [], mismatches, output, steps };
}

/** A plain script: parsed whole first, then run as the CLI runs it, stopping at the first non-zero exit. */
function runScript(session: ShellSession, cellText: string): CellResult {
  const parsed = parseScript(cellText);
  if (!parsed.ok) return notRun({ line: parsed.error.pos.line, message: formatShellError(parsed.error) });
  const printed: OutputLine[] = [];
  const errors: CellError[] = [];
  let exitCode = 0;
  for (const invocation of parsed.commands) {
    const outcome = session.execute(invocation);
    printed.push(...outcome.output);
    if (outcome.exitCode !== 0) {
      exitCode = outcome.exitCode;
      errors.push({ line: invocation.pos.line, message: `command exited with code ${exitCode}: ${invocation.text}` });
      break;
    }
  }
  const output = printed.map((l) => l.text);
  return { errors, mismatches: [], output, steps: [{ output: printed, expected: null, matches: null, exitCode }] };
}
