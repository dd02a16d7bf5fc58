/**
 * The static HTML of a lesson cell, built at compile time from its ` ```kafka ` fence: a bar with
 * the Run button, then the cell as a terminal — highlighted commands, and under each `$ ` command
 * the output the transcript expects, which the page replaces with the real output once the cell
 * runs. Readers without JavaScript, and the search index, see the whole transcript.
 */
import { highlightKafka, type HighlightedLine } from '../../engine/shell/highlight.ts';
import { splitTranscript } from '../../engine/index.ts';

/** A hast-shaped element: what the fence plugin turns into Markdown AST nodes. */
export interface CellElement {
  readonly tagName: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly children: readonly (CellElement | string)[];
}

function el(tagName: string, properties: Record<string, string>, children: readonly (CellElement | string)[] = []): CellElement {
  return { tagName, properties, children };
}

const LINE_CLASS: Readonly<Record<HighlightedLine['kind'], string>> = {
  command: 'line l-command',
  output: 'line l-output',
  heredoc: 'line l-heredoc',
  'heredoc-end': 'line l-heredoc',
};

/** One source line of the cell, highlighted. */
function codeLine(line: HighlightedLine, lineNumber: number): CellElement {
  const spans = line.spans.map((s) => (s.token === null ? s.text : el('span', { class: `tok-${s.token}` }, [s.text])));
  // An empty line still needs a box, or the terminal would swallow it.
  return el(
    'span',
    { class: LINE_CLASS[line.kind === 'output' ? 'command' : line.kind], 'data-line': String(lineNumber) },
    spans.length > 0 ? spans : ['\u200b'],
  );
}

/** Expected output lines, as plain text: the page swaps them for what really printed. */
function expectedLines(lines: readonly string[]): CellElement[] {
  return lines.map((text) => el('span', { class: 'line l-output' }, [text === '' ? '\u200b' : text]));
}

function stepOutput(step: number, expected: readonly string[] | null): CellElement {
  const properties: Record<string, string> = { class: 'step-out', 'data-step': String(step) };
  if (expected !== null) properties['data-expected'] = 'true';
  return el('span', properties, expected === null ? [] : expectedLines(expected));
}

/** The terminal's lines: commands highlighted, each step followed by its output slot. */
function terminalLines(code: string): CellElement[] {
  const highlighted = highlightKafka(code);
  const transcript = splitTranscript(code);
  if (transcript === null || !transcript.ok) {
    // A plain script (or a transcript too broken to split: running it reports why): one output slot after it.
    const lines = highlighted.map((line, i) => codeLine(line, i + 1));
    while (lines.length > 1 && highlighted[lines.length - 1]?.spans.length === 0) lines.pop();
    return [...lines, stepOutput(0, null)];
  }
  const out: CellElement[] = [];
  // Comments and blank lines may come before the first command.
  const first = transcript.steps[0]?.commandLine ?? 1;
  for (let line = 1; line < first; line++) out.push(codeLine(highlighted[line - 1] as HighlightedLine, line));
  transcript.steps.forEach((step, i) => {
    for (let line = step.commandLine; line < step.expectedLine; line++) out.push(codeLine(highlighted[line - 1] as HighlightedLine, line));
    out.push(stepOutput(i, step.expected));
  });
  return out;
}

/** The static markup of cell number `index` (0-based) of a page, whose fence holds `code`. */
export function cellMarkup(code: string, index: number): CellElement {
  const label = `Cell ${index + 1}`;
  const transcript = splitTranscript(code) !== null;
  return el('kafka-cell', { class: 'kafka-cell not-content', 'data-cell': String(index), 'data-code': code }, [
    el('div', { class: 'cell-bar' }, [
      el('span', { class: 'cell-label' }, [label]),
      el('span', { class: 'cell-status' }, [transcript ? 'Expected output shown · not run yet' : 'Not run yet']),
      el('button', { type: 'button', class: 'cell-run', disabled: '' }, ['Run']),
    ]),
    el('pre', { class: 'cell-terminal', tabindex: '0', role: 'group', 'aria-label': label }, terminalLines(code)),
    el('div', { class: 'cell-note', hidden: '' }),
  ]);
}
