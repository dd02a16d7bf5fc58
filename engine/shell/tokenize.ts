// Splits a Kafka shell script into commands, with the quoting a learner knows from bash:
// 'single' quotes are literal, "double" quotes honour \" \\ \$ \`, a backslash outside
// quotes escapes the next character, backslash-newline continues a command, `#` at the
// start of a word comments out the rest of the line, and `<<EOF` attaches a heredoc.
// There is no expansion ($VAR, globs) and no pipes or redirections: a learner who types
// one gets an error rather than a silently different command.

import { LIMITS } from '../core/limits.ts';
import type { ShellError, SourcePos } from './source.ts';
import { shellError, spanLength, splitLines } from './source.ts';

/**
 * A stretch of a word's characters that sit side by side in the source: `value[index]` is at
 * `pos`, the next character one column on, and so on up to the next run. Runs break where a
 * quote or escape was removed or a line ended.
 */
export interface CharRun {
  readonly index: number;
  readonly pos: SourcePos;
}

/** One shell word after quote removal, with where its characters came from. */
export interface Word {
  readonly value: string;
  /** First source character of the word (an opening quote, if it starts with one). */
  readonly pos: SourcePos;
  /** Just after the word's last source character. */
  readonly end: SourcePos;
  /**
   * Where `value`'s characters came from, as runs (charPosOf reads one), so a word can be split
   * (`--topic=t`). A position per character cost an object per byte: 2 GB for a 20 MB word.
   */
  readonly runs: readonly CharRun[];
}

/** The source position of `word.value[index]`, or undefined past its end. */
export function charPosOf(word: Word, index: number): SourcePos | undefined {
  if (index < 0 || index >= word.value.length) return undefined;
  let lo = 0;
  let hi = word.runs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((word.runs[mid] as CharRun).index <= index) lo = mid;
    else hi = mid - 1;
  }
  const run = word.runs[lo] as CharRun;
  return { line: run.pos.line, column: run.pos.column + (index - run.index) };
}

/** A heredoc attached to a command: where its `<<` is, and its body lines verbatim. */
export interface Heredoc {
  readonly delimiter: string;
  readonly pos: SourcePos;
  /** Just after the delimiter word. */
  readonly end: SourcePos;
  readonly lines: readonly string[];
  /** 1-based line of the first body line: the line after the command's last line. */
  readonly firstLine: number;
}

/** One command of a script: its words, its heredoc, and the source lines it spans. */
export interface CommandUnit {
  readonly words: readonly Word[];
  readonly heredoc: Heredoc | null;
  readonly firstLine: number;
  /** Last line of the command, its heredoc body and the heredoc's closing line. */
  readonly lastLine: number;
  /** Source lines firstLine..lastLine, as written. */
  readonly text: string;
}

/** The commands of a script, up to the first error if there is one. */
export type TokenizeResult =
  { readonly ok: true; readonly units: readonly CommandUnit[] } | { readonly ok: false; readonly units: readonly CommandUnit[]; readonly error: ShellError };

interface Scanner {
  readonly src: string;
  readonly lines: readonly string[];
  i: number;
  line: number;
  column: number;
}

type UnitScan = { readonly ok: true; readonly unit: CommandUnit | null; readonly lastLine: number } | { readonly ok: false; readonly error: ShellError };

type WordScan = { readonly ok: true; readonly word: Word } | { readonly ok: false; readonly error: ShellError };

// A non-breaking space counts as a blank: text pasted from web pages often has one
// between a command and its options, and bash's "command not found" would baffle.
const BLANKS = ' \t\u00a0';
// Characters that bash treats as operators; inside a word they end it.
const OPERATORS = '|;&<>';

/** Splits a script into commands; never throws. */
export function tokenize(text: string): TokenizeResult {
  if (text.length > LIMITS.scriptChars) {
    const message = `this script is ${text.length.toLocaleString('en-US')} characters long, over the simulator's limit of ${LIMITS.scriptChars.toLocaleString('en-US')} (see "Limits" in docs/shell.md)`;
    const first = text.slice(0, Math.min(text.length, 200)).split(/\r?\n/);
    return { ok: false, units: [], error: shellError(first, { line: 1, column: 1 }, 1, message) };
  }
  const scanner = newScanner(text);
  const units: CommandUnit[] = [];
  while (scanner.i < scanner.src.length) {
    const scan = scanUnit(scanner);
    if (!scan.ok) return { ok: false, units, error: scan.error };
    if (scan.unit !== null) units.push(scan.unit);
  }
  return { ok: true, units };
}

/** How many lines the first command of `text` spans (at least 1), heredoc included. */
export function commandLineCount(text: string): number {
  const scanner = newScanner(text);
  const scan = scanUnit(scanner);
  // On an error, end the command at the error's line so that parsing it reports the same error.
  return Math.max(1, scan.ok ? scan.lastLine : scan.error.pos.line);
}

function newScanner(text: string): Scanner {
  // Dropping the \r of each \r\n keeps every line and column where splitLines puts them.
  const src = text.replace(/\r\n/g, '\n');
  return { src, lines: splitLines(text), i: 0, line: 1, column: 1 };
}

function peek(s: Scanner, ahead = 0): string {
  return s.src.charAt(s.i + ahead);
}

function here(s: Scanner): SourcePos {
  return { line: s.line, column: s.column };
}

function advance(s: Scanner): void {
  if (s.src.charAt(s.i) === '\n') {
    s.line += 1;
    s.column = 1;
  } else {
    s.column += 1;
  }
  s.i += 1;
}

function isBlank(c: string): boolean {
  return c !== '' && BLANKS.includes(c);
}

function isOperator(c: string): boolean {
  return c !== '' && OPERATORS.includes(c);
}

function skipBlanks(s: Scanner): void {
  while (isBlank(peek(s))) advance(s);
}

function skipRestOfLine(s: Scanner): void {
  while (peek(s) !== '' && peek(s) !== '\n') advance(s);
}

/** Scans one command from the start of a line: words, then its heredoc body, if any. */
function scanUnit(s: Scanner): UnitScan {
  const firstLine = s.line;
  const words: Word[] = [];
  let operator: { pos: SourcePos; end: SourcePos; delimiter: string } | null = null;
  let commandLastLine: number;
  for (;;) {
    skipBlanks(s);
    const c = peek(s);
    commandLastLine = s.line;
    if (c === '') break;
    if (c === '\n') {
      advance(s);
      break;
    }
    if (c === '#') {
      skipRestOfLine(s);
    } else if (c === '\\' && peek(s, 1) === '\n') {
      advance(s);
      advance(s);
    } else if (c === '<' && peek(s, 1) === '<') {
      const start = here(s);
      const scan = scanHeredocOperator(s);
      if (!scan.ok) return scan;
      if (operator !== null) {
        return fail(s, start, scan.word.end, 'a command can read only one heredoc');
      }
      operator = { pos: start, end: scan.word.end, delimiter: scan.word.value };
    } else if (isOperator(c)) {
      return operatorError(s);
    } else {
      const scan = scanWord(s);
      if (!scan.ok) return scan;
      words.push(scan.word);
    }
  }
  if (operator === null) {
    const unit = words.length === 0 ? null : makeUnit(s, words, null, firstLine, commandLastLine);
    return { ok: true, unit, lastLine: commandLastLine };
  }
  if (words.length === 0) {
    return fail(s, operator.pos, operator.end, 'a heredoc needs a command to read it, as in kafka-console-producer --topic T <<EOF');
  }
  return scanHeredocBody(s, words, operator, firstLine);
}

/** Reads body lines verbatim up to the line that is exactly the delimiter. */
function scanHeredocBody(s: Scanner, words: readonly Word[], operator: { pos: SourcePos; end: SourcePos; delimiter: string }, firstLine: number): UnitScan {
  const bodyFirstLine = s.line;
  const body: string[] = [];
  let chars = 0;
  // The scanner is at the start of the line after the command; the text's end is not a line.
  while (s.i < s.src.length) {
    const line = s.lines[s.line - 1] ?? '';
    const lineNumber = s.line;
    skipRestOfLine(s);
    if (peek(s) === '\n') advance(s);
    if (line === operator.delimiter) {
      const heredoc: Heredoc = { ...operator, lines: body, firstLine: bodyFirstLine };
      return { ok: true, unit: makeUnit(s, words, heredoc, firstLine, lineNumber), lastLine: lineNumber };
    }
    chars += line.length + 1;
    if (chars > LIMITS.heredocChars) {
      const message = `the heredoc started at line ${operator.pos.line} is over the simulator's limit of ${LIMITS.heredocChars.toLocaleString('en-US')} characters (see "Limits" in docs/shell.md)`;
      return fail(s, operator.pos, operator.end, message);
    }
    body.push(line);
  }
  const message = `heredoc started at line ${operator.pos.line} is missing its closing ${operator.delimiter} line`;
  return fail(s, operator.pos, operator.end, message);
}

/** Reads `<<` and its delimiter word (`<<EOF`, `<< EOF`, `<<'EOF'`, `<<"EOF"`). */
function scanHeredocOperator(s: Scanner): WordScan {
  const start = here(s);
  advance(s);
  advance(s);
  skipBlanks(s);
  const c = peek(s);
  if (c === '' || c === '\n' || c === '#' || isOperator(c)) {
    const end = { line: start.line, column: start.column + 2 };
    return fail(s, start, end, '<< needs a delimiter word, as in <<EOF');
  }
  const scan = scanWord(s);
  if (!scan.ok) return scan;
  return { ok: true, word: { ...scan.word, pos: start } };
}

/** Reads one word, removing quotes and escapes, in time and memory linear in its length. */
function scanWord(s: Scanner): WordScan {
  const pos = here(s);
  const runs: CharRun[] = [];
  // The value is built from source slices: one per run, not one string per character.
  const pieces: string[] = [];
  let length = 0;
  let runStart = -1;
  let runEnd = -1;
  const flush = (): void => {
    if (runStart >= 0) pieces.push(s.src.slice(runStart, runEnd));
    runStart = -1;
  };
  const take = (): void => {
    if (s.i !== runEnd || runStart < 0) {
      flush();
      runs.push({ index: length, pos: here(s) });
      runStart = s.i;
    }
    const newline = s.src.charCodeAt(s.i) === 10;
    advance(s);
    length++;
    runEnd = s.i;
    // After a newline the next character is at column 1 of the next line: a new run.
    if (newline) flush();
  };
  const tooLong = (): boolean => length > LIMITS.wordChars;
  for (;;) {
    if (tooLong()) return wordTooLong(s, pos);
    const c = peek(s);
    if (c === '' || c === '\n' || isBlank(c) || isOperator(c)) break;
    if (c === "'") {
      const open = here(s);
      advance(s);
      while (peek(s) !== "'") {
        if (peek(s) === '') return unterminated(s, open, "'");
        if (tooLong()) return wordTooLong(s, pos);
        take();
      }
      advance(s);
    } else if (c === '"') {
      const open = here(s);
      advance(s);
      while (peek(s) !== '"') {
        const d = peek(s);
        if (d === '') return unterminated(s, open, '"');
        if (tooLong()) return wordTooLong(s, pos);
        if (d === '\\' && peek(s, 1) === '\n') {
          advance(s);
          advance(s);
        } else if (d === '\\' && '"\\$`'.includes(peek(s, 1)) && peek(s, 1) !== '') {
          advance(s);
          take();
        } else {
          take();
        }
      }
      advance(s);
    } else if (c === '\\') {
      const next = peek(s, 1);
      if (next === '\n') {
        advance(s);
        advance(s);
      } else if (next === '') {
        // A backslash that ends the script escapes nothing: keep it.
        take();
      } else {
        advance(s);
        take();
      }
    } else {
      take();
    }
  }
  flush();
  return { ok: true, word: { value: pieces.join(''), pos, end: here(s), runs } };
}

function wordTooLong(s: Scanner, start: SourcePos): { ok: false; error: ShellError } {
  const message = `this word is over the simulator's limit of ${LIMITS.wordChars.toLocaleString('en-US')} characters (see "Limits" in docs/shell.md)`;
  return { ok: false, error: shellError(s.lines, start, 1, message) };
}

function makeUnit(s: Scanner, words: readonly Word[], heredoc: Heredoc | null, firstLine: number, lastLine: number): CommandUnit {
  const text = s.lines.slice(firstLine - 1, lastLine).join('\n');
  return { words, heredoc, firstLine, lastLine, text };
}

function unterminated(s: Scanner, open: SourcePos, quote: string): { ok: false; error: ShellError } {
  const kind = quote === "'" ? 'single' : 'double';
  return {
    ok: false,
    error: shellError(s.lines, open, 1, `unterminated ${kind} quote: this ${quote} is never closed`),
  };
}

function operatorError(s: Scanner): { ok: false; error: ShellError } {
  const c = peek(s);
  const op = peek(s, 1) === c ? c + c : c;
  const message = `unsupported shell operator ${op}: the Kafka shell has no pipes, redirections, ; or &` + ` (quote it, as in '${op}', to pass it literally)`;
  return { ok: false, error: shellError(s.lines, here(s), op.length, message) };
}

function fail(s: Scanner, start: SourcePos, end: SourcePos, message: string): { ok: false; error: ShellError } {
  return { ok: false, error: shellError(s.lines, start, spanLength(s.lines, start, end), message) };
}
