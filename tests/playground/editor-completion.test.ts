/**
 * Completion in the cell editor: which command the cursor is in, and where the word being
 * completed starts. Tool and flag names are written as Kafka spells them; offsets are counted in
 * the test text itself.
 */
import { describe, expect, it } from 'vitest';
import { completionAt } from '../../site/playground/editor/completion.ts';

/** Completion with the cursor at the end of `text`. */
const atEnd = (text: string) => completionAt(text, text.length);

describe('completionAt', () => {
  it('offers the tools that start with what was typed after a $ prompt, from the word start', () => {
    const found = atEnd('$ kafka-con');
    expect(found?.from).toBe(2);
    expect([...(found?.options ?? [])].sort()).toEqual(['kafka-configs', 'kafka-console-consumer', 'kafka-console-producer', 'kafka-consumer-groups']);
  });

  it('offers a flag from its partial spelling', () => {
    const found = atEnd('kafka-topics --cr');
    expect(found).toEqual({ from: 'kafka-topics '.length, options: ['--create'] });
  });

  it("offers a flag's choices once the flag is written", () => {
    const text = 'sim consumer start billing --group billing --topic orders --commit ';
    const found = atEnd(text);
    expect(found?.from).toBe(text.length);
    expect([...(found?.options ?? [])].sort()).toEqual(['after', 'auto', 'before']);
  });

  it('offers the choices after --flag= as whole words', () => {
    const text = 'sim consumer start billing --commit=a';
    const found = atEnd(text);
    expect(found?.from).toBe(text.indexOf('--commit='));
    expect([...(found?.options ?? [])].sort()).toEqual(['--commit=after', '--commit=auto']);
  });

  it("offers sim's subcommands", () => {
    expect(atEnd('sim cons')?.options).toEqual(['consumer']);
    expect([...(atEnd('sim consumer ')?.options ?? [])].sort()).toEqual(['start', 'stop']);
  });

  it('reads the command from its first line when it continues over a trailing backslash', () => {
    const text = 'kafka-topics --create \\\n  --topic orders \\\n  --par';
    expect(atEnd(text)).toEqual({ from: text.lastIndexOf('--par'), options: ['--partitions'] });
  });

  it('strips the prompt from a continued transcript command', () => {
    const text = '$ kafka-consumer-groups --bootstrap-server localhost:9092 \\\n  --desc';
    expect(atEnd(text)).toEqual({ from: text.indexOf('--desc'), options: ['--describe'] });
  });

  it('starts a new command on the line after a complete one', () => {
    const text = 'kafka-topics --list --bootstrap-server localhost:9092\nkafka-consumer-g';
    expect(atEnd(text)).toEqual({ from: text.indexOf('kafka-consumer-g'), options: ['kafka-consumer-groups'] });
  });

  it('completes at a cursor in the middle of the cell, from the text before it', () => {
    const text = 'kafka-topics --cr\nkafka-topics --list';
    expect(completionAt(text, 'kafka-topics --cr'.length)).toEqual({ from: 13, options: ['--create'] });
  });

  it('offers nothing on a transcript output line', () => {
    const text = '$ kafka-topics --list --bootstrap-server localhost:9092\nkafka-con';
    expect(atEnd(text)).toBeNull();
  });

  it('offers tools again on the next $ line after output', () => {
    const text = '$ kafka-topics --list --bootstrap-server localhost:9092\norders\n$ kafka-get';
    expect(atEnd(text)).toEqual({ from: text.lastIndexOf('kafka-get'), options: ['kafka-get-offsets'] });
  });

  it('offers nothing inside a heredoc body, and tools again after its closing line', () => {
    const producer = 'kafka-console-producer --topic orders --bootstrap-server localhost:9092 <<EOF\n';
    expect(atEnd(`${producer}kafka-con`)).toBeNull();
    expect(atEnd(`${producer}--pa`)).toBeNull();
    expect(atEnd(`${producer}order-1\nEOF`)).toBeNull();
    expect(atEnd(`${producer}order-1\nEOF\nkafka-get`)?.options).toEqual(['kafka-get-offsets']);
  });

  it('offers nothing inside a comment', () => {
    expect(atEnd('kafka-topics --create # --cr')).toBeNull();
    expect(atEnd('# kafka-con')).toBeNull();
  });

  it('offers nothing inside the $ prompt or in a quoted word', () => {
    expect(completionAt('$ kafka-con', 1)).toBeNull();
    expect(atEnd("kafka-topics --topic 'ord")).toBeNull();
  });

  it('offers nothing when no word fits', () => {
    expect(atEnd('kafka-topics --zz')).toBeNull();
    expect(atEnd('nosuchtool --')).toBeNull();
  });
});
