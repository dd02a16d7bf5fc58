import { describe, expect, it } from 'vitest';
import { parseScript } from '../../engine/shell/parse.ts';
import { cellPosition, splitTranscript, type TranscriptStep } from '../../engine/shell/transcript.ts';

function stepsOf(cell: string): readonly TranscriptStep[] {
  const result = splitTranscript(cell);
  if (result === null || !result.ok) throw new Error(`not a valid transcript: ${JSON.stringify(result)}`);
  return result.steps;
}

describe('splitTranscript: which cells are transcripts', () => {
  // prettier-ignore
  it.each([
    ['a plain script', 'kafka-topics --list\nsim tick'],
    ['an empty cell', ''],
    ['a $ without its space', '$kafka-topics --list'],
    ['an indented $', '  $ kafka-topics --list'],
  ])('%s is not a transcript', (_name, cell) => {
    expect(splitTranscript(cell)).toBeNull();
  });

  it('a cell with a line starting "$ " is a transcript', () => {
    expect(splitTranscript('$ kafka-topics --list')).not.toBeNull();
  });
});

describe('splitTranscript: commands and their expected output', () => {
  it('pairs each command with the lines up to the next $ line', () => {
    const cell = ['$ kafka-topics --create --topic orders --partitions 3', 'Created topic orders.', '$ kafka-topics --list', 'orders', '$ sim tick'].join('\n');
    expect(stepsOf(cell)).toEqual([
      {
        command: 'kafka-topics --create --topic orders --partitions 3',
        commandLine: 1,
        expected: ['Created topic orders.'],
        expectedLine: 2,
      },
      { command: 'kafka-topics --list', commandLine: 3, expected: ['orders'], expectedLine: 4 },
      { command: 'sim tick', commandLine: 5, expected: [], expectedLine: 6 },
    ]);
  });

  it('drops trailing blank lines but keeps inner and leading ones, as Kafka prints them', () => {
    const cell = [
      '$ kafka-consumer-groups --describe --group g',
      '',
      'GROUP           TOPIC           PARTITION',
      '',
      'g               orders          0',
      '',
      '  ',
      '$ sim status',
      '',
    ].join('\n');
    const [describe, status] = stepsOf(cell);
    expect(describe?.expected).toEqual(['', 'GROUP           TOPIC           PARTITION', '', 'g               orders          0']);
    expect(status?.expected).toEqual([]);
  });

  it('heredoc lines belong to the command, even ones that look like a prompt', () => {
    const cell = [
      '$ kafka-console-producer --topic t <<EOF',
      'a',
      '$ not a command',
      'EOF',
      '$ kafka-console-consumer --topic t --from-beginning',
      'a',
      '$ not a command',
      'Processed a total of 2 messages',
    ].join('\n');
    expect(stepsOf(cell)).toEqual([
      {
        command: 'kafka-console-producer --topic t <<EOF\na\n$ not a command\nEOF',
        commandLine: 1,
        expected: [],
        expectedLine: 5,
      },
      {
        command: 'kafka-console-consumer --topic t --from-beginning',
        commandLine: 5,
        expected: ['a'],
        expectedLine: 6,
      },
      { command: 'not a command', commandLine: 7, expected: ['Processed a total of 2 messages'], expectedLine: 8 },
    ]);
  });

  it('backslash continuation lines belong to the command', () => {
    const cell = '$ kafka-topics --create \\\n    --topic orders \\\n    --partitions 3\nCreated topic orders.';
    expect(stepsOf(cell)).toEqual([
      {
        command: 'kafka-topics --create \\\n    --topic orders \\\n    --partitions 3',
        commandLine: 1,
        expected: ['Created topic orders.'],
        expectedLine: 4,
      },
    ]);
  });

  it('comments and blank lines before the first command are ignored', () => {
    const cell = '\n# Create the topic first.\n   # indented\n\n$ sim tick\n';
    expect(stepsOf(cell)).toEqual([{ command: 'sim tick', commandLine: 5, expected: [], expectedLine: 6 }]);
  });

  it('CRLF cells split like LF cells', () => {
    expect(stepsOf('$ sim tick\r\nout\r\n\r\n$ sim status\r\n')).toEqual([
      { command: 'sim tick', commandLine: 1, expected: ['out'], expectedLine: 2 },
      { command: 'sim status', commandLine: 4, expected: [], expectedLine: 5 },
    ]);
  });

  it('a heredoc without its closing line leaves the rest of the cell as output, and parsing the command reports it', () => {
    const [step] = stepsOf('$ kafka-console-producer --topic t <<EOF\na\nb');
    expect(step).toEqual({
      command: 'kafka-console-producer --topic t <<EOF',
      commandLine: 1,
      expected: ['a', 'b'],
      expectedLine: 2,
    });
    const parsed = parseScript(step?.command ?? '');
    expect(!parsed.ok && parsed.error.message).toBe('heredoc started at line 1 is missing its closing EOF line');
  });
});

describe('splitTranscript: text before the first command', () => {
  // prettier-ignore
  it.each([
    ['output with no command', 'Created topic orders.\n$ kafka-topics --list', 1, 1, 21],
    ['indented text after a comment', '# setup\n\n   stray text  \n$ sim tick', 3, 4, 10],
  ])('%s is an error at its position', (_name, cell, line, column, length) => {
    const result = splitTranscript(cell);
    expect(result?.ok).toBe(false);
    if (result === null || result.ok) return;
    expect(result.error).toMatchObject({ pos: { line, column }, length, sourceLine: cell.split('\n')[line - 1] });
    expect(result.error.message).toContain('text before the first $ command');
  });
});

describe('cellPosition: from a step command back to the cell', () => {
  // prettier-ignore
  it.each([
    ['an error on the $ line shifts by the prompt', '# intro\n$ kafka-topics --create --topc orders', { line: 2, column: 25 }],
    ['an error on a continuation line keeps its column', '$ sim seed 1\n$ kafka-topics --create \\\n  --topc orders', { line: 3, column: 3 }],
  ])('%s', (_name, cell, expected) => {
    const steps = stepsOf(cell);
    const step = steps.at(-1);
    const parsed = parseScript(step?.command ?? '');
    expect(step && !parsed.ok && cellPosition(step, parsed.error.pos)).toEqual(expected);
  });
});
