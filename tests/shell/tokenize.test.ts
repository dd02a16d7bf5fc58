import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../engine/core/limits.ts';
import { charPosOf, commandLineCount, tokenize, type CommandUnit } from '../../engine/shell/tokenize.ts';

/** The words of each command, and its heredoc body if it has one. */
function shape(units: readonly CommandUnit[]): (string[] | { words: string[]; input: readonly string[] })[] {
  return units.map((u) => {
    const words = u.words.map((w) => w.value);
    return u.heredoc === null ? words : { words, input: u.heredoc.lines };
  });
}

function unitsOf(text: string): readonly CommandUnit[] {
  const result = tokenize(text);
  if (!result.ok) throw new Error(`unexpected error: ${result.error.message}`);
  return result.units;
}

describe('tokenize: splitting a script into commands', () => {
  // prettier-ignore
  it.each([
    ['one command per line', 'kafka-topics --list\nsim tick 3', [['kafka-topics', '--list'], ['sim', 'tick', '3']]],
    ['blank lines are ignored', '\n\n  \t\nsim status\n\n', [['sim', 'status']]],
    ['a # line is a comment', '# set up\n  # indented comment\nsim status', [['sim', 'status']]],
    ['# after whitespace ends the command', 'sim tick 2 # two ticks', [['sim', 'tick', '2']]],
    ['# inside a word is literal', 'sim producer start p --value a#b', [['sim', 'producer', 'start', 'p', '--value', 'a#b']]],
    ['single quotes are literal', `x 'a "b" \\n $y # z'`, [['x', 'a "b" \\n $y # z']]],
    ['double quotes honour \\" \\\\ \\$ and keep other backslashes', 'x "a \\"b\\" \\\\ \\$y \\n"', [['x', 'a "b" \\ $y \\n']]],
    ['a backslash escapes the next character outside quotes', 'x a\\ b \\#c \\|', [['x', 'a b', '#c', '|']]],
    ['quotes join with the text around them', `x --value=' a 'b"c d"`, [['x', '--value= a bc d']]],
    ['an empty quoted word is still a word', `x '' ""`, [['x', '', '']]],
    ['host:port tokens are ordinary words', 'kafka-topics --list --bootstrap-server localhost:9092', [['kafka-topics', '--list', '--bootstrap-server', 'localhost:9092']]],
    ['backslash-newline continues a command', 'kafka-topics --create \\\n  --topic t', [['kafka-topics', '--create', '--topic', 't']]],
    ['backslash-newline inside a word joins the halves', 'x --to\\\npic', [['x', '--topic']]],
    ['a quoted word may span lines', "x 'a\nb'\ny", [['x', 'a\nb'], ['y']]],
    ['CRLF line endings behave like LF', 'sim tick\r\nsim status\r\n', [['sim', 'tick'], ['sim', 'status']]],
    ['a non-breaking space separates words like a space', 'kafka-topics\u00a0--list', [['kafka-topics', '--list']]],
    ['a backslash at the very end is kept', 'x a\\', [['x', 'a\\']]],
    ['a comment ending in a backslash does not continue', '# note \\\nsim status', [['sim', 'status']]],
  ])('%s', (_name, text, expected) => {
    expect(shape(unitsOf(text))).toEqual(expected);
  });
});

describe('tokenize: heredocs', () => {
  // prettier-ignore
  it.each([
    ['<<EOF', 'p <<EOF\na\nb\nEOF', [{ words: ['p'], input: ['a', 'b'] }]],
    ['<< EOF with a space', 'p << EOF\na\nEOF', [{ words: ['p'], input: ['a'] }]],
    ["<<'EOF'", "p <<'EOF'\na\nEOF", [{ words: ['p'], input: ['a'] }]],
    ['<<"EOF"', 'p <<"EOF"\na\nEOF', [{ words: ['p'], input: ['a'] }]],
    ['any delimiter word', 'p <<END\nEOF\nEND', [{ words: ['p'], input: ['EOF'] }]],
    ['words may follow the heredoc operator', 'p <<EOF --topic t\na\nEOF', [{ words: ['p', '--topic', 't'], input: ['a'] }]],
    ['an empty heredoc', 'p <<EOF\nEOF', [{ words: ['p'], input: [] }]],
    [
      'body lines are verbatim: comments, quotes, blanks, indentation, backslashes',
      "p <<EOF\n# not a comment\n'open\n\n  indented\nend\\\nEOF",
      [{ words: ['p'], input: ['# not a comment', "'open", '', '  indented', 'end\\'] }],
    ],
    ['only a line that is exactly the delimiter ends it', 'p <<EOF\n EOF\nEOF \nEOF', [{ words: ['p'], input: [' EOF', 'EOF '] }]],
    ['the body starts after a continued command', 'p <<EOF \\\n  --topic t\nk:v\nEOF', [{ words: ['p', '--topic', 't'], input: ['k:v'] }]],
    ['commands continue after the closing line', 'p <<EOF\na\nEOF\nsim status', [{ words: ['p'], input: ['a'] }, ['sim', 'status']]],
    ['CRLF bodies lose their \\r', 'p <<EOF\r\na\r\nEOF\r\n', [{ words: ['p'], input: ['a'] }]],
  ])('%s', (_name, text, expected) => {
    expect(shape(unitsOf(text))).toEqual(expected);
  });
});

describe('tokenize: positions', () => {
  it('every word knows its 1-based line and column', () => {
    const [unit] = unitsOf('\n  kafka-topics \\\n\t--topic "my topic"');
    expect(unit?.words.map((w) => [w.value, w.pos.line, w.pos.column])).toEqual([
      ['kafka-topics', 2, 3],
      ['--topic', 3, 2],
      ['my topic', 3, 10],
    ]);
  });

  it('a command records its lines and source text, heredoc and closing line included', () => {
    const units = unitsOf('# intro\np <<EOF \\\n  --x\nbody\nEOF\n\nsim status');
    expect(units.map((u) => [u.firstLine, u.lastLine, u.text])).toEqual([
      [2, 5, 'p <<EOF \\\n  --x\nbody\nEOF'],
      [7, 7, 'sim status'],
    ]);
    expect(units[0]?.heredoc).toMatchObject({ delimiter: 'EOF', pos: { line: 2, column: 3 }, firstLine: 4 });
  });

  it('each character of a word maps back to its source position', () => {
    const [unit] = unitsOf(`x --v='a b'`);
    const word = unit?.words[1];
    expect(word?.value).toBe('--v=a b');
    const columns = [...(word?.value ?? '')].map((_, i) => (word ? charPosOf(word, i)?.column : undefined));
    expect(columns).toEqual([3, 4, 5, 6, 8, 9, 10]);
    expect(word?.end).toEqual({ line: 1, column: 12 });
  });

  it('a quoted word across lines maps each character to its own line and column', () => {
    // x "a\\
    // b\"c"   →  value a\<newline>b"c ; positions counted by hand from the source above.
    const [unit] = unitsOf('x "a\\\\\nb\\"c"');
    const word = unit?.words[1];
    expect(word?.value).toBe('a\\\nb"c');
    const at = (i: number) => (word ? charPosOf(word, i) : undefined);
    expect([0, 1, 2, 3, 4, 5].map(at)).toEqual([
      { line: 1, column: 4 },
      { line: 1, column: 6 },
      { line: 1, column: 7 },
      { line: 2, column: 1 },
      { line: 2, column: 3 },
      { line: 2, column: 4 },
    ]);
    expect(at(6)).toBeUndefined();
  });

  it('refuses a word over the word limit, naming the limit, without scanning the rest', () => {
    const long = 'v'.repeat(LIMITS.wordChars + 1);
    const result = tokenize(`kafka-topics --create --topic ${long}`);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toBe(`this word is over the simulator's limit of 2,097,152 characters (see "Limits" in docs/shell.md)`);
      expect(result.error.pos).toEqual({ line: 1, column: 31 });
    }
    // Exactly at the limit is fine.
    expect(tokenize(`x ${'v'.repeat(LIMITS.wordChars)}`).ok).toBe(true);
  });

  it('refuses a heredoc over the heredoc limit at its <<', () => {
    const line = 'x'.repeat(1024 * 1024 - 1);
    const body = Array.from({ length: 9 }, () => line).join('\n');
    const result = tokenize(`kafka-console-producer --topic t <<EOF\n${body}\nEOF`);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toBe(`the heredoc started at line 1 is over the simulator's limit of 8,388,608 characters (see "Limits" in docs/shell.md)`);
      expect(result.error.pos).toEqual({ line: 1, column: 34 });
    }
  });
});

describe('tokenize: errors', () => {
  // prettier-ignore
  it.each([
    ['an unterminated single quote', "kafka-topics --topic 'abc", 1, 22, 1, 'unterminated single quote'],
    ['an unterminated double quote on a later line', 'sim status\nx "abc\ny', 2, 3, 1, 'unterminated double quote'],
    ['a heredoc without its closing line', 'sim status\n\n\np <<EOF\na\nEO', 4, 3, 5, 'heredoc started at line 4 is missing its closing EOF line'],
    ['a heredoc at the end of the text', 'p <<END', 1, 3, 5, 'heredoc started at line 1 is missing its closing END line'],
    ['<< with no delimiter', 'kafka-console-producer --topic t <<', 1, 34, 2, '<< needs a delimiter word'],
    ['<< followed by a comment', 'p << # x\nEOF', 1, 3, 2, '<< needs a delimiter word'],
    ['a heredoc with no command', '<<EOF\na\nEOF', 1, 1, 5, 'a heredoc needs a command'],
    ['two heredocs', 'p <<A <<B\nA\nB', 1, 7, 3, 'only one heredoc'],
    ['a pipe', 'kafka-topics --list | grep x', 1, 21, 1, 'unsupported shell operator |'],
    ['a redirection', 'kafka-topics --list >out', 1, 21, 1, 'unsupported shell operator >'],
    ['&&', 'sim tick&&sim status', 1, 9, 2, 'unsupported shell operator &&'],
    ['a semicolon', 'sim tick; sim status', 1, 9, 1, 'unsupported shell operator ;'],
  ])('%s', (_name, text, line, column, length, message) => {
    const result = tokenize(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.pos).toEqual({ line, column });
    expect(result.error.length).toBe(length);
    expect(result.error.message).toContain(message);
    expect(result.error.sourceLine).toBe(text.split('\n')[line - 1]);
  });

  it('returns the commands before the error', () => {
    const result = tokenize('sim seed 1\nsim tick\nx "oops');
    expect(shape(result.units)).toEqual([
      ['sim', 'seed', '1'],
      ['sim', 'tick'],
    ]);
  });
});

describe('commandLineCount: how far the first command reaches', () => {
  // prettier-ignore
  it.each([
    ['a one-line command', 'sim tick\nout', 1],
    ['a continued command', 'a \\\n b \\\n c\nout', 3],
    ['a heredoc command', 'p <<EOF\n$ x\nEOF\nout', 3],
    ['a comment', '# c\nout', 1],
    ['a multi-line quote', "x 'a\nb'\nout", 2],
    ['a command that fails ends at its error', 'p <<EOF\na\nb', 1],
  ])('%s', (_name, text, count) => {
    expect(commandLineCount(text)).toBe(count);
  });
});
