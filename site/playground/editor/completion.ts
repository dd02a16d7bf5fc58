/**
 * Completion in the cell editor: tool names, sim subcommands, flags and a flag's fixed choices,
 * all from the engine's own `completions`, so the editor offers exactly what the parser accepts.
 *
 * The engine completes the end of one command's text. The editor's part is to find that text:
 * the command the cursor is in, from its first line (a command may go on over lines that end in
 * ` \`) up to the cursor, without a transcript's `$ ` prompt. Which lines are commands, output or
 * heredoc bodies is what the highlighting grammar already decides, so the grammar answers it here
 * too: the words offered always agree with the colours on screen. Output and heredoc lines, and
 * comments, get nothing.
 *
 * `completionAt` is pure (text and offset in, words out) for tests; `kafkaCompletionSource`
 * adapts it to CodeMirror.
 */
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { completions } from '../../../engine/index.ts';
import { highlightKafka, type HighlightedLine } from '../../../engine/shell/highlight.ts';
import { lineIndexOf, lineRanges, type LineRange } from './text-lines.ts';

/** Where the word being completed starts, and the words that could replace it. */
export interface CellCompletion {
  readonly from: number;
  readonly options: readonly string[];
}

/** Blanks between words, as the shell's tokenizer counts them (a pasted no-break space too). */
const BLANK = /[ \t\u00a0]/;
/** Characters that make a word's source differ from its value: offering a word there would mangle it. */
const QUOTING = /['"\\]/;

/** What could complete the word that ends at `offset` in a cell's `text`, or null when nothing fits. */
export function completionAt(text: string, offset: number): CellCompletion | null {
  const cursor = Math.min(Math.max(0, offset), text.length);
  const lines = lineRanges(text);
  const index = lineIndexOf(lines, cursor);
  const cursorLine = lines[index] as LineRange;
  // Whole lines up to the cursor's: whether a line is a command, or a heredoc's closing line, is
  // decided from all of it.
  const highlighted = highlightKafka(text.slice(0, cursorLine.to));
  const here = highlighted[index];
  if (here === undefined || here.kind !== 'command') return null;
  const column = cursor - cursorLine.from;
  if (inComment(here, column)) return null;

  let first = index;
  while (first > 0 && continues(highlighted[first - 1])) first -= 1;
  const firstLine = lines[first] as LineRange;
  const promptEnd = firstLine.from + promptLength(highlighted[first]);
  // The cursor inside the `$ ` prompt itself: there is no command yet.
  if (cursor < promptEnd) return null;

  const from = wordStart(text, cursor, Math.max(cursorLine.from, promptEnd));
  if (QUOTING.test(text.slice(from, cursor))) return null;
  // Continuation lines keep their `\` and line break: the engine's tokenizer joins them itself.
  const options = completions(text.slice(promptEnd, cursor).replace(/\r\n/g, '\n'));
  return options.length === 0 ? null : { from, options };
}

/** A completion source for CodeMirror's `autocompletion({ override: [...] })`. */
export function kafkaCompletionSource(context: CompletionContext): CompletionResult | null {
  const found = completionAt(context.state.doc.toString(), context.pos);
  if (found === null) return null;
  // Just after a space, while typing, offer only what must come next (a subcommand, a flag's
  // choices): popping up every flag after each word would get in the way. Ctrl-Space shows all.
  if (found.from === context.pos && !context.explicit && found.options.some((o) => o.startsWith('-'))) return null;
  return {
    from: found.from,
    options: found.options.map((label) => ({ label, type: label.startsWith('-') ? 'property' : 'keyword' })),
    // While the word only grows or shrinks by such characters, the list filters itself; a `=`
    // or a space asks the engine again, as the candidates then change.
    validFor: /^[\w.-]*$/,
  };
}

/** Whether the line ends with the grammar's continuation: a ` \` the command goes on after. */
function continues(line: HighlightedLine | undefined): boolean {
  if (line === undefined || line.kind !== 'command') return false;
  const last = line.spans.at(-1);
  // The grammar leaves blanks and a continuing `\` unstyled; a `\` inside a word, a quote or a
  // comment carries that token's name instead.
  return last !== undefined && last.token === null && last.text.endsWith('\\');
}

/** The length of a transcript's `$ ` prompt at the start of a command's first line, or 0. */
function promptLength(line: HighlightedLine | undefined): number {
  const first = line?.spans[0];
  return first?.token === 'meta' ? first.text.length : 0;
}

/** Whether a comment starts before `column` on the line (the cursor is then inside it). */
function inComment(line: HighlightedLine, column: number): boolean {
  let at = 0;
  for (const span of line.spans) {
    if (at >= column) return false;
    if (span.token === 'comment') return true;
    at += span.text.length;
  }
  return false;
}

/** The start of the word that ends at `cursor`, going back no further than `limit`. */
function wordStart(text: string, cursor: number, limit: number): number {
  let from = cursor;
  while (from > limit && !BLANK.test(text.charAt(from - 1))) from -= 1;
  return from;
}
