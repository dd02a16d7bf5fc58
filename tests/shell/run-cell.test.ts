import { describe, expect, it } from 'vitest';
import { listTopics, runCell, ShellSession } from '../../engine/index.ts';

const out = (text: string) => ({ stream: 'stdout', text });
const err = (text: string) => ({ stream: 'stderr', text });

describe('runCell: a cell that does not parse changes nothing', () => {
  // prettier-ignore
  it.each([
    [
      'a transcript whose third step does not parse',
      '$ kafka-topics --create --topic orders --partitions 1\nCreated topic orders.\n$ sim tick 3\ntick 3\n$ kafka-topics --lst\n',
      5,
      ['error at line 5, column 16: unknown option --lst for kafka-topics', '  $ kafka-topics --lst', '                 ^^^^^', 'did you mean --list?'],
    ],
    [
      'a plain script whose third command does not parse',
      'kafka-topics --create --topic orders --partitions 1\nsim tick 3\nkafka-topics --lst',
      3,
      ['error at line 3, column 14: unknown option --lst for kafka-topics', '  kafka-topics --lst', '               ^^^^^', 'did you mean --list?'],
    ],
  ])('%s runs none of its commands', (_name, cell, line, message) => {
    const session = ShellSession.create();
    const result = runCell(session, cell);
    expect(result.errors).toEqual([{ line, message: message.join('\n') }]);
    expect(result.steps).toEqual([]);
    expect(result.output).toEqual([]);
    expect(result.mismatches).toEqual([]);
    expect(listTopics(session.timeline.world)).toEqual([]);
    expect(session.timeline.headTick).toBe(0);
    expect(session.timeline.entries).toEqual([]);
  });

  it('the same cells without the bad line run every command', () => {
    const session = ShellSession.create();
    const result = runCell(session, 'kafka-topics --create --topic orders --partitions 1\nsim tick 3');
    expect(result.errors).toEqual([]);
    expect(listTopics(session.timeline.world)).toEqual(['orders']);
    expect(session.timeline.headTick).toBe(3);
  });
});

describe('runCell: steps', () => {
  it('a transcript has one step per $ command, each with its streams, expected lines, match and exit code', () => {
    const cell = [
      '$ kafka-topics --create --topic orders --partitions 1',
      'Created topic orders.',
      '$ sim crash nobody',
      'error: no running consumer named nobody',
      '',
      '$ kafka-topics --list',
      'payments',
    ].join('\n');
    const result = runCell(ShellSession.create(), cell);
    expect(result.errors).toEqual([]);
    expect(result.steps).toEqual([
      { output: [out('Created topic orders.')], expected: ['Created topic orders.'], matches: true, exitCode: 0 },
      { output: [err('error: no running consumer named nobody')], expected: ['error: no running consumer named nobody'], matches: true, exitCode: 1 },
      { output: [out('orders')], expected: ['payments'], matches: false, exitCode: 0 },
    ]);
    expect(result.mismatches).toEqual([{ line: 6, command: 'kafka-topics --list', expected: ['payments'], actual: ['orders'] }]);
    expect(result.output).toEqual(['Created topic orders.', 'error: no running consumer named nobody', 'orders']);
  });

  it('a plain script is one step without expectations', () => {
    const result = runCell(ShellSession.create(), 'kafka-topics --create --topic orders --partitions 1\nsim tick 2');
    expect(result.steps).toEqual([{ output: [out('Created topic orders.'), out('tick 2')], expected: null, matches: null, exitCode: 0 }]);
  });

  it('a plain script stops at the first command that exits non-zero, as the CLI does', () => {
    const session = ShellSession.create();
    const cell = 'kafka-topics --create --topic a --partitions 1\nsim crash nobody\nkafka-topics --create --topic b --partitions 1';
    const result = runCell(session, cell);
    expect(result.errors).toEqual([{ line: 2, message: 'command exited with code 1: sim crash nobody' }]);
    expect(result.steps).toEqual([
      { output: [out('Created topic a.'), err('error: no running consumer named nobody')], expected: null, matches: null, exitCode: 1 },
    ]);
    expect(listTopics(session.timeline.world)).toEqual(['a']);
  });

  it('transcript steps run on their own: a failing step does not stop the next', () => {
    const session = ShellSession.create();
    const result = runCell(
      session,
      '$ sim crash nobody\nerror: no running consumer named nobody\n$ kafka-topics --create --topic b --partitions 1\nCreated topic b.',
    );
    expect(result.steps.map((s) => s.exitCode)).toEqual([1, 0]);
    expect(result.mismatches).toEqual([]);
    expect(listTopics(session.timeline.world)).toEqual(['b']);
  });

  it('text before the first command is a cell error and runs nothing', () => {
    const session = ShellSession.create();
    const result = runCell(session, 'Created topic a.\n$ kafka-topics --create --topic a --partitions 1');
    expect(result.errors.map((e) => e.line)).toEqual([1]);
    expect(result.steps).toEqual([]);
    expect(listTopics(session.timeline.world)).toEqual([]);
  });
});
