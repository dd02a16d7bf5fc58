// The shell's input state machine, without a terminal: lines in, actions out. What bash does
// with the same input is the reference (an open heredoc or quote waits for more, `\` at the end
// continues, Ctrl-C drops a half-typed command, `exit N` leaves with N modulo 256).
import { describe, expect, it } from 'vitest';
import { ShellInput, type InputAction } from '../../cli/shell-input.ts';
import { linesOf } from '../../cli/lines.ts';

/** Feeds every line and returns the action after each. */
function feedAll(input: ShellInput, lines: readonly string[]): InputAction[] {
  return lines.map((line) => input.feed(line));
}

const shell = (): ShellInput => new ShellInput({ builtins: true });

describe('lines in, commands out', () => {
  it('a complete line is a command at once, numbered from the start of the input', () => {
    expect(feedAll(shell(), ['kafka-topics --list', 'sim tick'])).toEqual([
      { kind: 'run', text: 'kafka-topics --list', firstLine: 1 },
      { kind: 'run', text: 'sim tick', firstLine: 2 },
    ]);
  });

  it('a pasted heredoc waits for its EOF line and comes out as one command with its body', () => {
    const input = shell();
    const actions = feedAll(input, ['kafka-topics --create --topic t', 'kafka-console-producer --topic t <<EOF', 'a', 'exit', 'EOF', 'kafka-topics --list']);
    expect(actions).toEqual([
      { kind: 'run', text: 'kafka-topics --create --topic t', firstLine: 1 },
      { kind: 'more' },
      { kind: 'more' },
      // `exit` inside a heredoc is a record, not the shell's word.
      { kind: 'more' },
      { kind: 'run', text: 'kafka-console-producer --topic t <<EOF\na\nexit\nEOF', firstLine: 2 },
      { kind: 'run', text: 'kafka-topics --list', firstLine: 6 },
    ]);
  });

  it('a heredoc ends only at a line that is exactly its (unquoted) delimiter', () => {
    const input = shell();
    const lines = ["kafka-console-producer --topic t <<'END'", 'EOF', ' END', 'END ', "'END'", 'END'];
    expect(feedAll(input, lines)).toEqual([
      { kind: 'more' },
      { kind: 'more' },
      { kind: 'more' },
      { kind: 'more' },
      { kind: 'more' },
      { kind: 'run', text: lines.join('\n'), firstLine: 1 },
    ]);
  });

  it('after Ctrl-C inside a heredoc its delimiter means nothing more', () => {
    const input = shell();
    input.feed('kafka-console-producer --topic t <<EOF');
    input.interrupt();
    expect(input.feed('EOF')).toEqual({ kind: 'run', text: 'EOF', firstLine: 2 });
  });

  it.each([
    ['an open single quote', ["kafka-topics --create --topic 'a", "b'"], "kafka-topics --create --topic 'a\nb'"],
    ['an open double quote', ['kafka-topics --create --topic "a', 'b"'], 'kafka-topics --create --topic "a\nb"'],
    ['a trailing backslash', ['kafka-topics --create \\', '  --topic t'], 'kafka-topics --create \\\n  --topic t'],
  ])('%s continues onto the next line', (_name, lines, text) => {
    const input = shell();
    expect(input.feed(lines[0] ?? '')).toEqual({ kind: 'more' });
    expect(input.isContinuing).toBe(true);
    expect(input.feed(lines[1] ?? '')).toEqual({ kind: 'run', text, firstLine: 1 });
    expect(input.isContinuing).toBe(false);
  });

  it('an escaped backslash at the end of a line is a character, not a continuation', () => {
    expect(shell().feed('kafka-topics --topic a\\\\')).toEqual({ kind: 'run', text: 'kafka-topics --topic a\\\\', firstLine: 1 });
  });

  it('a line that does not parse is still a command: running it reports the error', () => {
    expect(shell().feed('kafka-topics --lst')).toEqual({ kind: 'run', text: 'kafka-topics --lst', firstLine: 1 });
  });

  it('blank lines and comments come out as they are (running them does nothing)', () => {
    expect(feedAll(shell(), ['', '# a comment'])).toEqual([
      { kind: 'run', text: '', firstLine: 1 },
      { kind: 'run', text: '# a comment', firstLine: 2 },
    ]);
  });
});

describe("the shell's own words", () => {
  it.each([
    ['exit', { kind: 'exit', code: null, message: null }],
    ['quit', { kind: 'exit', code: null, message: null }],
    ['  exit   # bye', { kind: 'exit', code: null, message: null }],
    ['exit 3', { kind: 'exit', code: 3, message: null }],
    // bash: the status is taken modulo 256.
    ['exit 300', { kind: 'exit', code: 44, message: null }],
    ['exit -1', { kind: 'exit', code: 255, message: null }],
    ['exit soon', { kind: 'exit', code: 2, message: 'exit: soon: numeric argument required' }],
    ['exit 1 2', { kind: 'refuse', code: 1, message: 'exit: too many arguments' }],
    ['clear', { kind: 'clear' }],
    ['clear # the screen', { kind: 'clear' }],
  ] as const)('%s', (line, action) => {
    expect(shell().feed(line)).toEqual(action);
  });

  it('are ordinary (unknown) commands for run, which knows only what a lesson knows', () => {
    const input = new ShellInput({ builtins: false });
    expect(feedAll(input, ['exit 3', 'clear'])).toEqual([
      { kind: 'run', text: 'exit 3', firstLine: 1 },
      { kind: 'run', text: 'clear', firstLine: 2 },
    ]);
  });
});

describe('Ctrl-C and the end of input', () => {
  it('Ctrl-C drops a half-typed heredoc: the next line is a command of its own', () => {
    const input = shell();
    expect(feedAll(input, ['kafka-console-producer --topic t <<EOF', 'a'])).toEqual([{ kind: 'more' }, { kind: 'more' }]);
    input.interrupt();
    expect(input.isContinuing).toBe(false);
    expect(input.feed('kafka-topics --list')).toEqual({ kind: 'run', text: 'kafka-topics --list', firstLine: 3 });
    expect(input.end()).toBeNull();
  });

  it('Ctrl-C on an empty line changes nothing', () => {
    const input = shell();
    input.interrupt();
    expect(input.feed('sim tick')).toEqual({ kind: 'run', text: 'sim tick', firstLine: 1 });
  });

  it('the end of input inside a heredoc is the parse error it is, at the command that opened it', () => {
    const input = shell();
    feedAll(input, ['sim tick', 'kafka-console-producer --topic t <<EOF', 'a']);
    expect(input.end()).toEqual({
      kind: 'unfinished',
      firstLine: 2,
      error: {
        pos: { line: 1, column: 34 },
        message: 'heredoc started at line 1 is missing its closing EOF line',
        sourceLine: 'kafka-console-producer --topic t <<EOF',
        length: 5,
      },
    });
    expect(input.isContinuing).toBe(false);
  });

  it('the end of input inside a quote is an unterminated quote', () => {
    const input = shell();
    input.feed("kafka-topics --create --topic 'a");
    const end = input.end();
    expect(end?.kind === 'unfinished' && end.error.message).toBe("unterminated single quote: this ' is never closed");
  });

  it('a trailing backslash at the end of input runs what there is, as the whole script would', () => {
    const input = shell();
    input.feed('kafka-topics --list \\');
    expect(input.end()).toEqual({ kind: 'run', text: 'kafka-topics --list \\', firstLine: 1 });
  });

  it('nothing pending at the end of input is nothing to do', () => {
    const input = shell();
    input.feed('sim tick');
    expect(input.end()).toBeNull();
  });
});

describe('lines of a pipe', () => {
  async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<string | Buffer> {
    for (const part of parts) yield await Promise.resolve(part);
  }

  async function collect(source: AsyncIterable<string | Buffer>): Promise<string[]> {
    const lines: string[] = [];
    for await (const line of linesOf(source)) lines.push(line);
    return lines;
  }

  it('splits lines across chunks, drops the \\r of \\r\\n, keeps a last line without newline', async () => {
    expect(await collect(chunks('kafka-topics --li', 'st\r\nsim ', 'tick\n\nsim run'))).toEqual(['kafka-topics --list', 'sim tick', '', 'sim run']);
  });

  it('decodes a UTF-8 character split between two chunks', async () => {
    const bytes = Buffer.from('café\n', 'utf8');
    expect(await collect(chunks(bytes.subarray(0, 4), bytes.subarray(4)))).toEqual(['café']);
  });

  it('yields a line as soon as its newline arrives, before the input ends', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slow(): AsyncGenerator<string> {
      yield 'first\n';
      await gate;
      yield 'second\n';
    }
    const lines = linesOf(slow());
    expect(await lines.next()).toEqual({ value: 'first', done: false });
    release();
    expect(await lines.next()).toEqual({ value: 'second', done: false });
    expect((await lines.next()).done).toBe(true);
  });
});
