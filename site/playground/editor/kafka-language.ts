/**
 * The Kafka shell as a CodeMirror language, for the playground's cell editor. The grammar is the
 * engine's own (engine/shell/highlight.ts), which lesson cells are coloured with at build time:
 * this module only hands it to `StreamLanguage` and says which highlight tag each of its token
 * names stands for. It must never grow rules of its own, or the editor and the lessons would
 * colour the same command differently.
 *
 * The colours are CSS variables (editor.css), not values: the light and dark themes switch at
 * run time, and each theme's values are chosen to keep 4.5:1 contrast on the editor's background
 * and on its active line.
 */
import { HighlightStyle, LanguageSupport, StreamLanguage, syntaxHighlighting, type StringStream } from '@codemirror/language';
import { Tag, tags } from '@lezer/highlight';
import {
  copyKafkaShellState,
  kafkaShellBlankLine,
  kafkaShellToken,
  startKafkaShellState,
  type KafkaShellState,
  type KafkaTokenName,
  type LineStream,
} from '../../../engine/shell/highlight.ts';

/** A transcript's expected output: no standard tag means "what a program printed". */
export const outputTag = Tag.define('output');

/** Each token name of the grammar, and the tag the editor styles it by. */
const TOKEN_TAGS: Readonly<Record<KafkaTokenName, Tag>> = {
  meta: tags.meta,
  keyword: tags.keyword,
  attributeName: tags.attributeName,
  string: tags.string,
  number: tags.number,
  variableName: tags.variableName,
  operator: tags.operator,
  content: tags.content,
  comment: tags.comment,
  output: outputTag,
};

/**
 * CodeMirror's stream, seen through the grammar's `LineStream`. CodeMirror's `match` is typed to
 * return `true` for a string pattern; the grammar passes only regular expressions, for which it
 * returns the match or null, so this narrows the type and changes nothing at run time.
 */
function asLineStream(stream: StringStream): LineStream {
  return {
    get pos() {
      return stream.pos;
    },
    set pos(pos: number) {
      stream.pos = pos;
    },
    get string() {
      return stream.string;
    },
    sol: () => stream.sol(),
    eol: () => stream.eol(),
    peek: () => stream.peek(),
    match: (pattern: RegExp, consume?: boolean) => {
      const match = stream.match(pattern, consume);
      return typeof match === 'object' ? match : null;
    },
    eatSpace: () => stream.eatSpace(),
    skipToEnd: () => stream.skipToEnd(),
  };
}

/** The Kafka shell language: the engine's grammar, run by CodeMirror line by line. */
export const kafkaShellLanguage = StreamLanguage.define<KafkaShellState>({
  name: 'kafka-shell',
  startState: startKafkaShellState,
  copyState: copyKafkaShellState,
  token: (stream, state) => kafkaShellToken(asLineStream(stream), state),
  blankLine: (state) => kafkaShellBlankLine(state),
  tokenTable: TOKEN_TAGS,
  // Mod-/ comments lines out with the shell's `#`.
  languageData: { commentTokens: { line: '#' } },
});

/** Colours for the tags above; every value is a variable from editor.css, set per theme. */
export const kafkaHighlightStyle = HighlightStyle.define([
  { tag: tags.meta, color: 'var(--pg-tok-meta)' },
  { tag: tags.keyword, color: 'var(--pg-tok-keyword)', fontWeight: '600' },
  { tag: tags.attributeName, color: 'var(--pg-tok-attributeName)' },
  { tag: tags.string, color: 'var(--pg-tok-string)' },
  { tag: tags.number, color: 'var(--pg-tok-number)' },
  { tag: tags.variableName, color: 'var(--pg-tok-variableName)' },
  { tag: tags.operator, color: 'var(--pg-tok-operator)', fontWeight: '600' },
  { tag: tags.content, color: 'var(--pg-tok-content)' },
  { tag: tags.comment, color: 'var(--pg-tok-comment)', fontStyle: 'italic' },
  { tag: outputTag, color: 'var(--pg-tok-output)' },
]);

/** The language with its highlighting, as one editor extension. */
export function kafkaShell(): LanguageSupport {
  return new LanguageSupport(kafkaShellLanguage, [syntaxHighlighting(kafkaHighlightStyle)]);
}
