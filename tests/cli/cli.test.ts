import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ShellSession, renderScript } from '../../engine/index.ts';
import { TOOLS, type CommandNode } from '../../engine/shell/spec.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'cli/streamlab.ts');
const dir = mkdtempSync(join(tmpdir(), 'streamlab-cli-'));

/** Runs the CLI binary on the pinned Node, as `npx streamlab` would. */
async function streamlab(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: ROOT });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** Makes the engine throw (or the process die) at tick 2; see fixtures/engine-fault.ts. */
const FAULT = pathToFileURL(join(import.meta.dirname, 'fixtures/engine-fault.ts')).href;

interface Spawned {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves once stdout has printed `text` (all of it so far), while the process may still run. */
  stdoutReaches(text: string): Promise<string>;
  /** Resolves when the process has ended. */
  done: Promise<{ stdout: string; stderr: string; code: number | null }>;
}

/** Starts the CLI with pipes for its three streams (no terminal, as in `printf … | streamlab shell`). */
function start(args: readonly string[], fault?: 'throw' | 'exit'): Spawned {
  const nodeArgs = fault === undefined ? [CLI, ...args] : ['--import', FAULT, CLI, ...args];
  const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, env: { ...process.env, STREAMLAB_FAULT: fault ?? '' } });
  // A test that failed while the CLI waits on its open stdin must not leave it running.
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  });
  let stdout = '';
  let stderr = '';
  const waiting: { text: string; resolve: (s: string) => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    for (const w of waiting.filter((x) => stdout.includes(x.text))) w.resolve(stdout);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) =>
    child.on('close', (code) => resolve({ stdout, stderr, code })),
  );
  return {
    child,
    done,
    stdoutReaches: (text) => (stdout.includes(text) ? Promise.resolve(stdout) : new Promise((resolve) => waiting.push({ text, resolve }))),
  };
}

/** Runs the CLI with `input` on a pipe as its standard input. */
function withInput(args: readonly string[], input: string, fault?: 'throw' | 'exit'): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const spawned = start(args, fault);
  spawned.child.stdin.end(input);
  return spawned.done;
}

function script(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const SCRIPT = [
  'kafka-topics --create --topic orders --partitions 2',
  'kafka-console-producer --topic orders --property parse.key=true --property key.separator=: <<EOF',
  'a:1',
  'b:2',
  'EOF',
  'kafka-console-consumer --topic orders --group g --from-beginning --property print.key=true',
  'kafka-consumer-groups --describe --group g',
  '',
].join('\n');

describe('streamlab run', () => {
  it('prints what the in-process shell prints, on the same streams', async () => {
    const result = await streamlab('run', script('ok.kafka', SCRIPT));
    expect(result.code).toBe(0);
    const outcome = ShellSession.create().run(SCRIPT);
    const lines = outcome.outcomes.flatMap((o) => o.output);
    expect(result.stdout).toBe(
      lines
        .filter((l) => l.stream === 'stdout')
        .map((l) => `${l.text}\n`)
        .join(''),
    );
    expect(result.stderr).toBe(
      lines
        .filter((l) => l.stream === 'stderr')
        .map((l) => `${l.text}\n`)
        .join(''),
    );
    expect(renderScript(outcome)).toContain('Processed a total of 2 messages');
  });

  it('exits non-zero at the first failing command and says where', async () => {
    const result = await streamlab('run', script('fail.kafka', 'kafka-topics --create --topic t\nkafka-topics --create --topic t\nkafka-topics --list\n'));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("Created topic t.\nError while executing topic command : Topic 't' already exists.\n");
    expect(result.stderr).toContain('fail.kafka:2: stopped: kafka-topics exited with code 1');
  });

  it('reports a typo with line, column and a suggestion, and runs nothing after it', async () => {
    const result = await streamlab('run', script('typo.kafka', 'kafka-topics --create --topic t\nkafka-topics --create --topc u\n'));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('Created topic t.\n');
    expect(result.stderr).toContain('error at line 2, column 23: unknown option --topc for kafka-topics');
    expect(result.stderr).toContain('did you mean --topic?');
  });

  it('gives the same output for the same seed', async () => {
    const file = script(
      'seeded.kafka',
      'kafka-topics --create --topic t --partitions 4\nkafka-console-producer --topic t <<EOF\nx\ny\nEOF\nkafka-get-offsets --topic t\n',
    );
    const [a, b] = await Promise.all([streamlab('run', '--seed', '9', file), streamlab('run', '--seed', '9', file)]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.split('\n').filter(Boolean)).toHaveLength(5);
  });

  it('refuses a missing file with a clear message', async () => {
    const result = await streamlab('run', join(dir, 'nope.kafka'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read .*nope\.kafka: ENOENT/);
  });
});

describe('streamlab check', () => {
  it('passes the lessons in lessons/', async () => {
    const result = await streamlab('check');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/0 problem\(s\)/);
  });

  it('reports a transcript whose output changed, with file, line, expected and actual', async () => {
    const lesson = script('broken.mdx', '---\ntitle: t\n---\n\n```kafka\n$ kafka-topics --create --topic a\nCreated topic b.\n```\n');
    const result = await streamlab('check', lesson);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${lesson}:6: output differs for: kafka-topics --create --topic a`);
    expect(result.stdout).toContain('    | Created topic b.');
    expect(result.stdout).toContain('    | Created topic a.');
  });
});

describe('streamlab run prints as it goes', () => {
  it("run - shows a command's output while its input is still open, then runs what comes next", async () => {
    const cli = start(['run', '-']);
    cli.child.stdin.write('kafka-topics --create --topic orders\n');
    // Nothing more is written until the first command has answered: a buffering CLI hangs here.
    expect(await cli.stdoutReaches('Created topic orders.\n')).toBe('Created topic orders.\n');
    expect(cli.child.exitCode).toBeNull();
    cli.child.stdin.end('kafka-topics --create --topic payments\nkafka-topics --list\n');
    expect(await cli.done).toEqual({ stdout: 'Created topic orders.\nCreated topic payments.\norders\npayments\n', stderr: '', code: 0 });
  }, 15_000);

  it('stops quietly with 141, as after SIGPIPE, when the reader of its output has gone (run - | head -1)', async () => {
    const cli = start(['run', '-']);
    cli.child.stdin.write('kafka-topics --create --topic orders\n');
    await cli.stdoutReaches('Created topic orders.\n');
    // Only once our end of its stdout is really closed does the next command print.
    cli.child.stdout.once('close', () => cli.child.stdin.end('kafka-topics --list\nkafka-topics --list\n'));
    cli.child.stdout.destroy();
    const { stderr, code } = await cli.done;
    expect({ stderr, code }).toEqual({ stderr: '', code: 141 });
  }, 15_000);

  it('a script that dies half-way has printed everything before (run FILE)', async () => {
    const file = script('dies.kafka', 'kafka-topics --create --topic a\nsim tick 5\nkafka-topics --list\n');
    const result = await withInput(['run', file], '', 'exit');
    expect(result).toEqual({ stdout: 'Created topic a.\n', stderr: '', code: 99 });
  });

  it('an internal error stops a script with 70, says so, and keeps what was printed', async () => {
    const file = script('throws.kafka', 'kafka-topics --create --topic a\nsim tick 5\nkafka-topics --list\n');
    expect(await withInput(['run', file], '', 'throw')).toEqual({
      stdout: 'Created topic a.\n',
      stderr: `streamlab: internal error in sim tick: injected fault at tick 2 — the world is back at tick 0\n${file}:2: stopped: sim exited with code 70\n`,
      code: 70,
    });
  });

  it('run - stops at the first failure and names its line in the input', async () => {
    const result = await withInput(['run', '-'], 'kafka-topics --create --topic t\n\nkafka-topics --create --topic t\nkafka-topics --list\n');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("Created topic t.\nError while executing topic command : Topic 't' already exists.\n");
    expect(result.stderr.split('\n').at(-2)).toBe('<stdin>:3: stopped: kafka-topics exited with code 1');
  });

  it('clear is not a command of run (nor of a lesson): an unknown command there', async () => {
    const result = await withInput(['run', '-'], 'kafka-topics --create --topic t\nclear\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('<stdin>: error at line 2, column 1: unknown command clear; type help to list the commands');
  });
});

describe('streamlab shell with input that is not a terminal (as bash < file)', () => {
  const PASTE = [
    'kafka-topics --create --topic orders',
    'kafka-console-producer --topic orders --property parse.key=true --property key.separator=: <<EOF',
    'alice:espresso',
    'bob:latte',
    'EOF',
    'kafka-console-consumer --topic orders --from-beginning --max-messages 2 --property print.key=true --property key.separator=:',
    '',
  ].join('\n');

  it('a pasted heredoc reaches the producer: the consumer prints its records; no prompt, no banner', async () => {
    const result = await withInput(['shell'], PASTE);
    // Both records sit in the one partition, in the order sent; key:value as print.key=true prints them.
    expect(result).toEqual({ stdout: 'Created topic orders.\nalice:espresso\nbob:latte\n', stderr: 'Processed a total of 2 messages\n', code: 0 });
  });

  it("shows each command's output while the pipe is still open", async () => {
    const cli = start(['shell']);
    cli.child.stdin.write('kafka-topics --create --topic orders\n');
    expect(await cli.stdoutReaches('Created topic orders.\n')).toBe('Created topic orders.\n');
    cli.child.stdin.end('kafka-topics --list\n');
    expect(await cli.done).toEqual({ stdout: 'Created topic orders.\norders\n', stderr: '', code: 0 });
  }, 15_000);

  it('runs every line, errors included, and exits with the status of the last command', async () => {
    const lines = ['kafka-topics --create --topic orders', 'kafka-topics --lst', 'kafka-topics --create --topic orders', 'kafka-topics --list'];
    const ok = await withInput(['shell'], `${lines.join('\n')}\n`);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe("Created topic orders.\nError while executing topic command : Topic 'orders' already exists.\norders\n");
    // Error lines count from the start of the input, as bash's "line N" does.
    expect(ok.stderr).toBe(
      [
        'error at line 2, column 14: unknown option --lst for kafka-topics',
        '  kafka-topics --lst',
        '               ^^^^^',
        'did you mean --list?',
        "ERROR org.apache.kafka.common.errors.TopicExistsException: Topic 'orders' already exists.",
        ' (org.apache.kafka.tools.TopicCommand)',
        '',
      ].join('\n'),
    );
    const [failing, parseError] = await Promise.all([
      withInput(['shell'], `${lines.slice(0, 3).join('\n')}`),
      withInput(['shell'], `${lines.slice(0, 2).join('\n')}\n`),
    ]);
    expect(failing.code).toBe(1);
    expect(parseError.code).toBe(2);
  });

  it('an unfinished heredoc at the end of input is a parse error, named as run FILE names it', async () => {
    const text = 'kafka-topics --create --topic orders\nkafka-console-producer --topic orders <<EOF\na\nb\n';
    const expected = [
      'error at line 2, column 39: heredoc started at line 2 is missing its closing EOF line',
      '  kafka-console-producer --topic orders <<EOF',
      '                                        ^^^^^',
      '',
    ].join('\n');
    const file = script('open-heredoc.kafka', text);
    const [shell, stdin, fromFile] = await Promise.all([withInput(['shell'], text), withInput(['run', '-'], text), withInput(['run', file], '')]);
    expect(shell).toEqual({ stdout: 'Created topic orders.\n', stderr: expected, code: 2 });
    expect(stdin).toEqual({ stdout: 'Created topic orders.\n', stderr: `<stdin>: ${expected}`, code: 2 });
    expect(fromFile).toEqual({ stdout: 'Created topic orders.\n', stderr: `${file}: ${expected}`, code: 2 });
  });

  it('exit N leaves at once with N; the lines after it do not run', async () => {
    expect(await withInput(['shell'], 'kafka-topics --create --topic a\nexit 3\nkafka-topics --create --topic b\n')).toEqual({
      stdout: 'Created topic a.\n',
      stderr: '',
      code: 3,
    });
    expect(await withInput(['shell'], 'kafka-topics --create --topic a\nkafka-topics --create --topic a\nquit\n')).toMatchObject({ code: 1 });
  });

  it('clear prints nothing when the output is not a screen', async () => {
    expect(await withInput(['shell'], 'clear\nkafka-topics --create --topic a\nclear\n')).toEqual({ stdout: 'Created topic a.\n', stderr: '', code: 0 });
  });

  it('survives an internal error: reports it, rolls the world back, and goes on', async () => {
    const result = await withInput(['shell'], 'kafka-topics --create --topic a\nsim tick 5\nkafka-topics --list\nsim status\n', 'throw');
    expect(result).toEqual({
      stdout: 'Created topic a.\na\ntick 0 (quiet)\ntopic a: p0 [0, 0)\n',
      stderr: 'streamlab: internal error in sim tick: injected fault at tick 2 — the world is back at tick 0\n',
      code: 0,
    });
  });
});

describe('help, --help and --version from the command line', () => {
  function paths(node: CommandNode, parent: readonly string[] = []): string[] {
    const path = [...parent, node.name];
    return [path.join(' '), ...(node.kind === 'group' ? node.subcommands.flatMap((child) => paths(child, path)) : [])];
  }

  it('help PATH and PATH --help print the same, for every command path of the table', async () => {
    const all = TOOLS.flatMap((tool) => paths(tool));
    const input = all.flatMap((p) => [`help ${p}`, `${p} --help`]).join('\n');
    const result = await withInput(['shell'], `${input}\n`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // What the CLI printed is, command by command, what the engine prints (held to the table by help-errors.test.ts).
    const session = ShellSession.create();
    const each = all.map((p) =>
      session
        .run(`help ${p}`)
        .outcomes.flatMap((o) => o.output.map((l) => `${l.text}\n`))
        .join(''),
    );
    expect(result.stdout).toBe(each.map((text) => text + text).join(''));
    expect(each.every((text) => text.length > 0)).toBe(true);
  });

  it('an unknown help path says so with the closest path', async () => {
    expect(await withInput(['shell'], 'help sim consumr start\n')).toEqual({
      stdout: '',
      stderr:
        'error: unknown subcommand consumr for sim; expected seed, tick, run, cluster, broker, consumer, producer, processor, crash, restart, ledger or status\ndid you mean help sim consumer start?\n',
      code: 1,
    });
  });

  it.each([['--version'], ['-V']])('streamlab %s prints the version of package.json', async (flag) => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await streamlab(flag)).toEqual({ stdout: `${version}\n`, stderr: '', code: 0 });
  });
});
