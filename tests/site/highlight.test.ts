import { describe, expect, it } from 'vitest';
import { highlightKafka, type HighlightedLine } from '../../engine/shell/highlight.ts';

/** A line as `kind: token:text token:text …`, plain blanks dropped, for compact expectations. */
function show(line: HighlightedLine): string {
  const spans = line.spans.filter((s) => !(s.token === null && s.text.trim() === '')).map((s) => `${s.token ?? 'plain'}:${s.text}`);
  return [line.kind, ...spans].join(' ');
}

describe('the Kafka shell grammar', () => {
  it('names the tool, flags, values, numbers and a --flag=value pair', () => {
    expect(highlightKafka('kafka-topics --create --topic orders --partitions=3').map(show)).toEqual([
      'command keyword:kafka-topics attributeName:--create attributeName:--topic variableName:orders attributeName:--partitions= number:3',
    ]);
  });

  it('reads up to two sim subcommand words as keywords, then the name as a value', () => {
    expect(highlightKafka('sim consumer start shipping --group ship').map(show)).toEqual([
      'command keyword:sim keyword:consumer keyword:start variableName:shipping attributeName:--group variableName:ship',
    ]);
  });

  it('tells a transcript’s $ prompts from the output under them', () => {
    const lines = highlightKafka('$ kafka-topics --list\norders\npayments\n$ sim tick 3\ntick 3');
    expect(lines.map(show)).toEqual([
      'command meta:$  keyword:kafka-topics attributeName:--list',
      'output output:orders',
      'output output:payments',
      'command meta:$  keyword:sim keyword:tick number:3',
      'output output:tick 3',
    ]);
  });

  it('keeps comments and blank lines before the first prompt as script, not output', () => {
    expect(highlightKafka('# create it\n\n$ kafka-topics --list').map((l) => l.kind)).toEqual(['command', 'command', 'command']);
  });

  it('colours a heredoc: operator, body lines (blank ones too) and the closing delimiter', () => {
    const lines = highlightKafka("$ kafka-console-producer --topic t <<'END'\na:1\n\n$ not a prompt\nEND\n$ sim tick");
    expect(lines.map(show)).toEqual([
      "command meta:$  keyword:kafka-console-producer attributeName:--topic variableName:t operator:<<'END'",
      'heredoc content:a:1',
      'heredoc',
      'heredoc content:$ not a prompt',
      'heredoc-end operator:END',
      'command meta:$  keyword:sim keyword:tick',
    ]);
  });

  it('continues a command after a trailing backslash, even in a transcript', () => {
    const lines = highlightKafka('$ sim consumer start a \\\n  --group g\ndone');
    expect(lines.map((l) => l.kind)).toEqual(['command', 'command', 'output']);
    expect(show(lines[1] as HighlightedLine)).toBe('command attributeName:--group variableName:g');
  });

  it('quoted words are strings and a comment runs to the end of the line', () => {
    expect(highlightKafka(`sim producer start p --value "order {n}" # the template`).map(show)).toEqual([
      'command keyword:sim keyword:producer keyword:start variableName:p attributeName:--value string:"order {n}" comment:# the template',
    ]);
  });

  it('never fails on broken text: an unclosed quote still yields every character once', () => {
    const text = `kafka-topics --topic 'unclosed\n$ <<\n\\`;
    const lines = highlightKafka(text);
    expect(lines.map((l) => l.spans.map((s) => s.text).join(''))).toEqual(text.split('\n'));
  });
});
