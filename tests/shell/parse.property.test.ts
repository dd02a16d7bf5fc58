import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completions, parseScript, type ParseResult } from '../../engine/shell/parse.ts';
import { formatShellError, type SourcePos } from '../../engine/shell/source.ts';
import { TOOLS, type CommandNode, type CommandSpec, type ValueType } from '../../engine/shell/spec.ts';
import { splitTranscript } from '../../engine/shell/transcript.ts';

const RUNS = 2_000;

/** Pieces a learner's script is made of, including every way to get the syntax wrong. */
// prettier-ignore
const FRAGMENTS = [
  'kafka-topics', 'kafka-topics.sh', 'bin/kafka-console-producer.sh', 'kafka-console-consumer', 'kafka-consumer-groups',
  'kafka-get-offsets', 'kafka-topic', 'sim', 'help', 'seed', 'tick', 'run', 'consumer', 'producer', 'start', 'stop', 'strat',
  'crash', 'restart', 'ledger', 'status', '--create', '--list', '--describe', '--topic', '--topc', '--partitions', '--config',
  '--property', '--reader-property', '--group', '--from-beginning', '--shift-by', '--commit', '--acks', '--bootstrap-server',
  'localhost:9092', '--topic=', '=', 'orders', '3', '-2', 'three', 'all', 'after', 'NAME',
  ' ', ' ', ' ', '\t', '\u00a0', '\n', '\n', '\r\n', '\r', "'", '"', '\\', '\\\n', '#', '# comment', '<<EOF', '<< EOF',
  "<<'EOF'", '<<"EOF"', '<<', 'EOF', '\nEOF\n', '|', ';', '&', '>', '$ ', '😀', '',
];

const fragmentScript = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(''));

/** Whether a position names a real character of the text, or the end of its line. */
function isInside(lines: readonly string[], pos: SourcePos): boolean {
  const line = lines[pos.line - 1];
  return line !== undefined && Number.isInteger(pos.column) && pos.column >= 1 && pos.column <= line.length + 1;
}

/** The invariants every parse result keeps, whatever the input. */
function checkResult(text: string, result: ParseResult): void {
  const lines = text.split(/\r?\n/);
  if (!result.ok) {
    const { pos, sourceLine, length } = result.error;
    expect(pos.line).toBeGreaterThanOrEqual(1);
    expect(pos.line).toBeLessThanOrEqual(lines.length);
    expect(pos.column).toBeGreaterThanOrEqual(1);
    expect(pos.column).toBeLessThanOrEqual((lines[pos.line - 1] ?? '').length + 1);
    expect(sourceLine).toBe(lines[pos.line - 1]);
    expect(length).toBeGreaterThanOrEqual(1);
    expect(formatShellError(result.error)).toContain(result.error.message);
  }
  for (const inv of result.commands) {
    expect(isInside(lines, inv.pos) && inv.pos.column <= (lines[inv.pos.line - 1] ?? '').length).toBe(true);
    for (const f of inv.flags) {
      expect(isInside(lines, f.pos)).toBe(true);
      if (f.valuePos !== null) expect(isInside(lines, f.valuePos)).toBe(true);
    }
    for (const p of inv.positionals) expect(isInside(lines, p.pos)).toBe(true);
  }
}

/** Appending blank lines and comments cannot change a script that ends cleanly. */
function checkTrailingLinesChangeNothing(text: string, result: ParseResult): void {
  // A final backslash would continue onto the appended line, and a final lone \r would
  // become part of a CRLF: both legitimately change the last command.
  if (!result.ok || /[\\\r]$/.test(text)) return;
  expect(parseScript(`${text}\n\n# trailing comment\n   \n# another\n`)).toEqual(result);
}

describe('parseScript never throws and always points inside the input', () => {
  // prettier-ignore
  it.each([
    ['arbitrary binary strings', fc.string({ unit: 'binary', maxLength: 200 })],
    ['arbitrary mixes of command fragments, quotes, heredocs and comments', fragmentScript],
  ])('%s', (_name, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (text) => {
        const result = parseScript(text);
        checkResult(text, result);
        checkTrailingLinesChangeNothing(text, result);
      }),
      { numRuns: RUNS },
    );
  });

  it('completions and splitTranscript never throw either', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fragmentScript), (text) => {
        expect(Array.isArray(completions(text))).toBe(true);
        const transcript = splitTranscript(text);
        if (transcript !== null && transcript.ok) {
          for (const step of transcript.steps) checkResult(step.command, parseScript(step.command));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

// --- Valid scripts, generated from the command table itself -----------------------------

const word = fc.stringMatching(/^[a-z][a-z0-9._:-]{0,8}$/);

function valueOf(type: ValueType): fc.Arbitrary<string> {
  switch (type.kind) {
    case 'text':
      // Sometimes quoted, with a space inside, as a learner would quote a value.
      return fc.oneof(
        word,
        word.map((w) => `'${w} x'`),
        word.map((w) => `"${w}"`),
      );
    case 'integer':
      return fc.integer({ min: type.min, max: Math.min(type.max, type.min + 1000) }).map(String);
    case 'choice':
      return fc.constantFrom(...type.choices);
    case 'tool':
      return fc.constantFrom(...TOOLS.map((t) => t.name));
  }
}

function leaves(node: CommandNode, path: readonly string[]): { path: readonly string[]; spec: CommandSpec }[] {
  if (node.kind === 'command') return [{ path: [...path, node.name], spec: node }];
  return node.subcommands.flatMap((child) => leaves(child, [...path, node.name]));
}

/** One valid command line for a command, with its flags in any order. */
function commandLine(path: readonly string[], spec: CommandSpec): fc.Arbitrary<string> {
  // Positionals fill their slots in order, so after an omitted optional one come no more.
  const positionals = fc
    .tuple(...spec.positionals.map((p) => (p.required ? valueOf(p.type) : fc.option(valueOf(p.type)))))
    .map((ps) => (ps.includes(null) ? ps.slice(0, ps.indexOf(null)) : ps));
  const flags = fc.subarray([...spec.flags]).chain((chosen) => {
    const all = [...chosen, ...spec.flags.filter((f) => f.required && !chosen.includes(f))];
    return fc.tuple(...all.map((f) => (f.value === null ? fc.constant(f.name) : valueOf(f.value.type).map((v) => `${f.name} ${v}`))));
  });
  const heredoc = spec.readsInput ? fc.option(fc.array(fc.stringMatching(/^[a-z0-9:# ]{0,10}$/), { maxLength: 3 })) : fc.constant(null);
  return fc.tuple(positionals, flags, heredoc).chain(([ps, fs, input]) =>
    fc.shuffledSubarray(fs, { minLength: fs.length }).map((shuffled) => {
      const words = [...path, ...ps.filter((p) => p !== null), ...shuffled].join(' ');
      return input === null ? words : [`${words} <<EOF`, ...input, 'EOF'].join('\n');
    }),
  );
}

const validCommand = fc.oneof(...TOOLS.flatMap((tool) => leaves(tool, [])).map(({ path, spec }) => commandLine(path, spec)));

describe('valid scripts built from the command table', () => {
  it('parse, one invocation per command, unchanged by trailing blank lines and comments', () => {
    const script = fc.array(validCommand, { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(script, fc.constantFrom('', '\n', '\n\n', '\n# done\n', '\n  \n# a\n# b'), (commands, tail) => {
        const text = commands.join('\n');
        const result = parseScript(text);
        if (!result.ok) throw new Error(`${formatShellError(result.error)}\nin:\n${text}`);
        expect(result.commands.length).toBe(commands.length);
        checkResult(text, result);
        expect(parseScript(text + tail)).toEqual(result);
      }),
      { numRuns: 500 },
    );
  });
});
