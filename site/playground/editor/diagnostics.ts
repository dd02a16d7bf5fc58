/**
 * What the engine's parser says is wrong with a cell, as editor diagnostics: offsets into the
 * cell's text, so a typo is underlined where the parser points while the learner is still typing.
 *
 * A cell is read the way `runCell` reads it: a transcript (`$ ` lines with their expected output)
 * is split into steps and each step's command is parsed on its own, with its positions moved back
 * into the cell; anything else is one plain script. Only parsing happens here — nothing runs, no
 * world is made — so this is cheap enough to do on every pause in typing.
 *
 * Pure: no DOM and no CodeMirror, so it can be tested in Node. lint.ts wires it into the editor.
 */
import { parseScript, splitTranscript, type ShellError, type SourcePos } from '../../../engine/index.ts';
import { cellPosition } from '../../../engine/shell/transcript.ts';
import { lineAt, lineRanges, type LineRange } from './text-lines.ts';

/** A problem in the cell, shaped as CodeMirror's lint `Diagnostic` wants it. */
export interface CellDiagnostic {
  readonly from: number;
  readonly to: number;
  readonly message: string;
  readonly severity: 'error';
}

/** The parse errors of a cell: none when it parses. A transcript may have one per `$ ` command. */
export function cellDiagnostics(text: string): CellDiagnostic[] {
  const lines = lineRanges(text);
  const transcript = splitTranscript(text);
  if (transcript === null) {
    const parsed = parseScript(text);
    return parsed.ok ? [] : [fromShellError(lines, parsed.error, parsed.error.pos)];
  }
  if (!transcript.ok) return [fromShellError(lines, transcript.error, transcript.error.pos)];
  // Each `$ ` command runs on its own, so each is parsed on its own: a typo in the second
  // command does not hide one in the fifth. (runCell stops at the first; the learner wants all.)
  const diagnostics: CellDiagnostic[] = [];
  for (const step of transcript.steps) {
    const parsed = parseScript(step.command);
    if (!parsed.ok) diagnostics.push(fromShellError(lines, parsed.error, cellPosition(step, parsed.error.pos)));
  }
  return diagnostics;
}

/** A diagnostic over the whole of 1-based `line`: where a run reported an error. */
export function errorLineDiagnostic(text: string, line: number, message: string): CellDiagnostic {
  const { from, to } = lineAt(lineRanges(text), line);
  return { from, to, message, severity: 'error' };
}

/** The parser's error at `pos` (already in cell coordinates), over the characters it underlines. */
function fromShellError(lines: readonly LineRange[], error: ShellError, pos: SourcePos): CellDiagnostic {
  const line = lineAt(lines, pos.line);
  // The parser never points past a line's end, but clamp anyway: a diagnostic outside its line
  // would underline the next one.
  const from = Math.min(line.from + Math.max(0, pos.column - 1), line.to);
  const to = Math.min(from + Math.max(1, error.length), line.to);
  const message = error.suggestion === undefined ? error.message : `${error.message}. Did you mean ${error.suggestion}?`;
  return { from, to, message, severity: 'error' };
}
