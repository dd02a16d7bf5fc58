/**
 * The Kafka shell's highlighting grammar: one small line-by-line tokenizer that names the parts
 * of a cell — `$ ` prompts, tools, sim subcommands, flags, values, quoted strings, comments,
 * heredoc operators and bodies, and a transcript's expected output.
 *
 * It is written as a CodeMirror stream parser (`startState` / `token(stream, state)`), so the
 * playground's editor can run it as it is through `StreamLanguage.define`, and the site renders
 * lesson cells at build time with the same rules through `highlightKafka`. One grammar, never a
 * second copy. It must accept any text (a half-typed line, an unclosed quote): it only colours,
 * the parser is what reports errors.
 */

/** Token names; CodeMirror maps them to highlight tags, the site to `tok-NAME` classes. */
export type KafkaTokenName =
  | 'meta' // the `$ ` prompt of a transcript command
  | 'keyword' // a tool name, or a sim subcommand word
  | 'attributeName' // a flag, --topic
  | 'string' // a quoted word
  | 'number'
  | 'variableName' // any other argument
  | 'operator' // <<EOF and the heredoc's closing line
  | 'content' // heredoc body lines (the records a producer sends)
  | 'comment'
  | 'output'; // a transcript's expected output

/** The part of CodeMirror's StringStream the grammar needs; CodeMirror's own stream satisfies it. */
export interface LineStream {
  pos: number;
  readonly string: string;
  sol(): boolean;
  eol(): boolean;
  peek(): string | undefined;
  match(pattern: RegExp, consume?: boolean): RegExpMatchArray | null;
  eatSpace(): boolean;
  skipToEnd(): void;
}

export interface KafkaShellState {
  /** A `$ ` line has been seen: lines outside commands are now expected output. */
  transcript: boolean;
  /** The previous line ended with `\`: this line continues a command. */
  continued: boolean;
  /** Inside a heredoc body: the delimiter that closes it. */
  heredoc: string | null;
  /** A `<<WORD` was read on the current command: its body starts on the next line. */
  pendingHeredoc: string | null;
  /** What the current line is. */
  line: 'command' | 'output' | 'heredoc' | 'heredoc-end';
  /** Words read so far in the current command (0: the next word names the tool). */
  words: number;
  tool: string;
}

const SUBCOMMAND_DEPTH: Readonly<Record<string, number>> = { sim: 2, help: 0 };

export function startKafkaShellState(): KafkaShellState {
  return { transcript: false, continued: false, heredoc: null, pendingHeredoc: null, line: 'command', words: 0, tool: '' };
}

export function copyKafkaShellState(state: KafkaShellState): KafkaShellState {
  return { ...state };
}

/** Decides what a line is, at its start. */
function beginLine(line: string, state: KafkaShellState): void {
  if (state.line === 'heredoc-end') state.heredoc = null;
  if (state.heredoc === null && state.pendingHeredoc !== null && !state.continued) {
    state.heredoc = state.pendingHeredoc;
    state.pendingHeredoc = null;
  }
  if (state.heredoc !== null) {
    state.line = line === state.heredoc ? 'heredoc-end' : 'heredoc';
    return;
  }
  if (state.continued) {
    state.line = 'command';
  } else if (line.startsWith('$ ')) {
    state.transcript = true;
    state.line = 'command';
    state.words = 0;
  } else if (state.transcript) {
    state.line = 'output';
  } else {
    state.line = 'command';
    state.words = 0;
  }
  state.continued = false;
}

/** An empty line (CodeMirror calls this instead of `token` for one). */
export function kafkaShellBlankLine(state: KafkaShellState): void {
  beginLine('', state);
}

/** Reads one token and returns its name (null: unstyled blanks). */
export function kafkaShellToken(stream: LineStream, state: KafkaShellState): KafkaTokenName | null {
  if (stream.sol()) beginLine(stream.string, state);
  switch (state.line) {
    case 'output':
      stream.skipToEnd();
      return 'output';
    case 'heredoc':
      stream.skipToEnd();
      return 'content';
    case 'heredoc-end':
      stream.skipToEnd();
      return 'operator';
    case 'command':
      return commandToken(stream, state);
  }
}

function commandToken(stream: LineStream, state: KafkaShellState): KafkaTokenName | null {
  if (stream.sol() && stream.match(/^\$ /)) return 'meta';
  if (stream.eatSpace()) return null;
  if (stream.match(/^\\$/)) {
    state.continued = true;
    return null;
  }
  if (stream.match(/^#.*/)) return 'comment';
  const heredoc = stream.match(/^<<\s*(['"]?)([^\s'"]*)\1/);
  if (heredoc) {
    if (heredoc[2]) state.pendingHeredoc = heredoc[2];
    return 'operator';
  }
  const quoted = stream.match(/^(?:'[^']*'?|"(?:[^"\\]|\\.)*"?)/);
  if (quoted) {
    state.words++;
    return 'string';
  }
  const word = stream.match(/^[^\s'"#]+/);
  if (!word) {
    stream.pos++;
    return null;
  }
  const text = word[0];
  const index = state.words++;
  if (index === 0) {
    state.tool = text.replace(/^bin\//, '').replace(/\.sh$/, '');
    return 'keyword';
  }
  if (text.startsWith('-')) {
    // `--flag=value`: the value is its own token.
    const eq = text.indexOf('=');
    if (eq > 0) stream.pos -= text.length - eq - 1;
    return 'attributeName';
  }
  if (index <= (SUBCOMMAND_DEPTH[state.tool] ?? 0) && /^[a-z]+$/.test(text)) return 'keyword';
  return /^-?\d+$/.test(text) ? 'number' : 'variableName';
}

/** A stream over one line, for highlighting outside CodeMirror. */
class StringLineStream implements LineStream {
  pos = 0;
  readonly string: string;
  constructor(line: string) {
    this.string = line;
  }
  sol(): boolean {
    return this.pos === 0;
  }
  eol(): boolean {
    return this.pos >= this.string.length;
  }
  peek(): string | undefined {
    return this.string.charAt(this.pos) || undefined;
  }
  match(pattern: RegExp, consume = true): RegExpMatchArray | null {
    const m = this.string.slice(this.pos).match(pattern);
    if (!m || m.index !== 0) return null;
    if (consume) this.pos += m[0].length;
    return m;
  }
  eatSpace(): boolean {
    const start = this.pos;
    while (/[ \t\u00a0]/.test(this.string.charAt(this.pos))) this.pos++;
    return this.pos > start;
  }
  skipToEnd(): void {
    this.pos = this.string.length;
  }
}

/** One run of text with its token name (null: plain). */
export interface HighlightSpan {
  readonly text: string;
  readonly token: KafkaTokenName | null;
}

/** The kind of each line, for styling whole lines (a transcript's output, a heredoc body). */
export type HighlightLineKind = KafkaShellState['line'];

export interface HighlightedLine {
  readonly kind: HighlightLineKind;
  readonly spans: readonly HighlightSpan[];
}

/** Highlights a whole cell: one entry per line (lines split as the shell splits them). */
export function highlightKafka(text: string): HighlightedLine[] {
  const state = startKafkaShellState();
  return text.split(/\r?\n/).map((line) => {
    if (line === '') {
      kafkaShellBlankLine(state);
      return { kind: state.line, spans: [] };
    }
    const stream = new StringLineStream(line);
    const spans: HighlightSpan[] = [];
    while (!stream.eol()) {
      const start = stream.pos;
      const token = kafkaShellToken(stream, state);
      const piece = line.slice(start, stream.pos);
      const last = spans[spans.length - 1];
      if (last && last.token === token) spans[spans.length - 1] = { text: last.text + piece, token };
      else spans.push({ text: piece, token });
    }
    return { kind: state.line, spans };
  });
}
