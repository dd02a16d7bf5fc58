/**
 * The cell editor's inline errors: the parser's complaint about a cell, as offsets into the cell's
 * text. Expected offsets are found in the test text itself (where the misspelt word sits, counted
 * by hand or with indexOf), never from the engine's line and column, so a wrong conversion between
 * the two shows up as a mark on the wrong characters.
 */
import { describe, expect, it } from 'vitest';
import { cellDiagnostics, errorLineDiagnostic } from '../../site/playground/editor/diagnostics.ts';

/** The characters a diagnostic covers. */
const marked = (text: string, d: { from: number; to: number }): string => text.slice(d.from, d.to);

describe('cellDiagnostics on a plain script', () => {
  it('has nothing to say about a cell that parses', () => {
    expect(cellDiagnostics('kafka-topics --create --topic orders --partitions 3 --bootstrap-server localhost:9092')).toEqual([]);
    expect(cellDiagnostics('')).toEqual([]);
  });

  it('marks a misspelt flag where it starts, over the whole word, with the suggestion', () => {
    const text = 'kafka-topics --crate';
    const [d, ...rest] = cellDiagnostics(text);
    expect(rest).toEqual([]);
    // "kafka-topics " is 13 characters: --crate starts at offset 13 (column 14) and is 7 long.
    expect(d).toMatchObject({ from: 13, to: 20, severity: 'error' });
    expect(d?.message).toContain('--crate');
    expect(d?.message).toContain('--create');
  });

  it('marks an unknown tool', () => {
    const text = 'kafka-topic --list --bootstrap-server localhost:9092';
    const [d] = cellDiagnostics(text);
    expect(d).toMatchObject({ from: 0, to: 'kafka-topic'.length });
    expect(d?.message).toContain('kafka-topics');
  });

  it('puts an error on line 3 on line 3', () => {
    const text = [
      'kafka-topics --create --topic orders --partitions 3 --bootstrap-server localhost:9092',
      'kafka-topics --list --bootstrap-server localhost:9092',
      'kafka-consumer-groups --bootstrap-server localhost:9092 --descibe --group billing',
    ].join('\n');
    const diagnostics = cellDiagnostics(text);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d?.from).toBe(text.indexOf('--descibe'));
    expect(marked(text, d as { from: number; to: number })).toBe('--descibe');
    expect(d?.message).toContain('--describe');
  });

  it('counts Windows line ends as one line break', () => {
    const text = 'kafka-topics --list --bootstrap-server localhost:9092\r\n\r\nkafka-topics --crate';
    const [d] = cellDiagnostics(text);
    expect(d?.from).toBe(text.indexOf('--crate'));
    expect(marked(text, d as { from: number; to: number })).toBe('--crate');
  });

  it('follows a command over continuation lines', () => {
    const text = 'kafka-topics --create \\\n  --topic orders \\\n  --partitons 3 --bootstrap-server localhost:9092';
    const [d] = cellDiagnostics(text);
    expect(marked(text, d as { from: number; to: number })).toBe('--partitons');
  });

  it('marks a bad choice at the value, not the flag', () => {
    const text = 'sim consumer start billing --group billing --topic orders --commit sometimes';
    const [d] = cellDiagnostics(text);
    expect(marked(text, d as { from: number; to: number })).toBe('sometimes');
    expect(d?.message).toMatch(/auto.*after.*before/);
  });

  it('marks the quote that is never closed', () => {
    const text = "kafka-topics --create --topic 'orders";
    const [d] = cellDiagnostics(text);
    expect(d?.from).toBe(text.indexOf("'"));
    expect(d?.message).toMatch(/quote/);
  });

  it('reads a heredoc body as data, not as commands', () => {
    const text = 'kafka-console-producer --topic orders --bootstrap-server localhost:9092 <<EOF\n--not-a-flag\nkafka-nothing\nEOF';
    expect(cellDiagnostics(text)).toEqual([]);
  });
});

describe('cellDiagnostics on a transcript', () => {
  it('leaves output lines alone, however little they look like commands', () => {
    const text = [
      '$ kafka-topics --list --bootstrap-server localhost:9092',
      'orders',
      'payments --not-a-flag',
      '$ kafka-topics --describe --topic orders --bootstrap-server localhost:9092',
      'Topic: orders\tPartitionCount: 3\tReplicationFactor: 1',
      "it's fine",
    ].join('\n');
    expect(cellDiagnostics(text)).toEqual([]);
  });

  it('counts the $ prompt when placing an error in a later command', () => {
    const text = ['$ kafka-topics --list --bootstrap-server localhost:9092', 'orders', '$ kafka-topics --crate --topic t', 'Created topic t.'].join('\n');
    const [d, ...rest] = cellDiagnostics(text);
    expect(rest).toEqual([]);
    expect(d?.from).toBe(text.indexOf('--crate'));
    expect(marked(text, d as { from: number; to: number })).toBe('--crate');
  });

  it('marks every broken command, not only the first', () => {
    const text = ['$ kafka-topic --list', 'orders', '$ kafka-consumer-groups --descibe --group billing', 'GROUP TOPIC'].join('\n');
    const marks = cellDiagnostics(text).map((d) => marked(text, d));
    expect(marks).toEqual(['kafka-topic', '--descibe']);
  });

  it('follows a transcript command over its continuation line', () => {
    const text = '$ kafka-topics --describe \\\n  --topc orders --bootstrap-server localhost:9092\nTopic: orders';
    const [d] = cellDiagnostics(text);
    expect(marked(text, d as { from: number; to: number })).toBe('--topc');
  });

  it('marks output written before the first command, which nothing printed', () => {
    const text = '# topics\norders\n$ kafka-topics --list --bootstrap-server localhost:9092\norders';
    const [d] = cellDiagnostics(text);
    expect(marked(text, d as { from: number; to: number })).toBe('orders');
    expect(d?.from).toBe('# topics\n'.length);
  });
});

describe('errorLineDiagnostic', () => {
  const text = 'kafka-topics --list\nsim crash billing-1\n\nsim tick 5';

  it('spans the whole of the given 1-based line', () => {
    const d = errorLineDiagnostic(text, 2, 'no application billing-1');
    expect(marked(text, d)).toBe('sim crash billing-1');
    expect(d).toMatchObject({ from: 'kafka-topics --list\n'.length, message: 'no application billing-1', severity: 'error' });
  });

  it('is a point on an empty line', () => {
    const d = errorLineDiagnostic(text, 3, 'x');
    expect(d.from).toBe(text.indexOf('\n\n') + 1);
    expect(d.to).toBe(d.from);
  });

  it('keeps a stale line number inside the text', () => {
    expect(marked(text, errorLineDiagnostic(text, 9, 'x'))).toBe('sim tick 5');
    expect(marked(text, errorLineDiagnostic(text, 0, 'x'))).toBe('kafka-topics --list');
  });
});
