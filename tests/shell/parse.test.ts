import { describe, expect, it } from 'vitest';
import { TOOL_NAMES, completions, flagValue, flagValues, hasFlag, parseScript, type Invocation } from '../../engine/shell/parse.ts';
import { formatShellError } from '../../engine/shell/source.ts';

/** A compact view of an invocation: tool and path, positionals, then flags as name[=value]. */
function brief(inv: Invocation): string {
  const parts = [inv.tool, ...inv.path, ...inv.positionals.map((p) => `<${p.value}>`)];
  for (const f of inv.flags) parts.push(f.value === null ? f.name : `${f.name}=${f.value}`);
  return parts.join(' ');
}

function parseOne(text: string): Invocation {
  const result = parseScript(text);
  if (!result.ok) throw new Error(formatShellError(result.error));
  const [only] = result.commands;
  if (result.commands.length !== 1 || only === undefined) throw new Error(`expected one command in ${text}`);
  return only;
}

describe('parseScript: every tool and flag family', () => {
  // prettier-ignore
  it.each([
    ['kafka-topics --create --topic orders --partitions 3 --replication-factor 1 --config retention.ms=1000 --config cleanup.policy=delete --if-not-exists',
      'kafka-topics --create --topic=orders --partitions=3 --replication-factor=1 --config=retention.ms=1000 --config=cleanup.policy=delete --if-not-exists'],
    ['kafka-topics --list --exclude-internal', 'kafka-topics --list --exclude-internal'],
    ['kafka-topics --describe --topic orders', 'kafka-topics --describe --topic=orders'],
    ['kafka-topics --alter --topic orders --partitions 6 --if-exists', 'kafka-topics --alter --topic=orders --partitions=6 --if-exists'],
    ['kafka-topics --delete --topic orders', 'kafka-topics --delete --topic=orders'],
    ['kafka-topics --help', 'kafka-topics --help'],
    ['kafka-console-producer --topic t --property parse.key=true --property key.separator=: --producer-property acks=all',
      'kafka-console-producer --topic=t --property=parse.key=true --property=key.separator=: --producer-property=acks=all'],
    ['kafka-console-consumer --topic t --group g --from-beginning --max-messages 5 --property print.key=true --consumer-property auto.offset.reset=earliest --timeout-ms 1000',
      'kafka-console-consumer --topic=t --group=g --from-beginning --max-messages=5 --property=print.key=true --consumer-property=auto.offset.reset=earliest --timeout-ms=1000'],
    ['kafka-console-consumer --topic t --partition 0 --offset earliest', 'kafka-console-consumer --topic=t --partition=0 --offset=earliest'],
    ['kafka-consumer-groups --list', 'kafka-consumer-groups --list'],
    ['kafka-consumer-groups --describe --group g --members --verbose', 'kafka-consumer-groups --describe --group=g --members --verbose'],
    ['kafka-consumer-groups --describe --all-groups --state', 'kafka-consumer-groups --describe --all-groups --state'],
    ['kafka-consumer-groups --describe --group g --offsets', 'kafka-consumer-groups --describe --group=g --offsets'],
    ['kafka-consumer-groups --reset-offsets --group g --topic t --to-earliest --execute', 'kafka-consumer-groups --reset-offsets --group=g --topic=t --to-earliest --execute'],
    ['kafka-consumer-groups --reset-offsets --group g --all-topics --to-latest --dry-run', 'kafka-consumer-groups --reset-offsets --group=g --all-topics --to-latest --dry-run'],
    ['kafka-consumer-groups --reset-offsets --group g --topic t:0,1 --to-offset 3', 'kafka-consumer-groups --reset-offsets --group=g --topic=t:0,1 --to-offset=3'],
    ['kafka-consumer-groups --reset-offsets --group g --topic t --shift-by -2', 'kafka-consumer-groups --reset-offsets --group=g --topic=t --shift-by=-2'],
    ['kafka-consumer-groups --delete --group g', 'kafka-consumer-groups --delete --group=g'],
    ['kafka-get-offsets --topic t --partitions 0,1 --time -2 --exclude-internal-topics', 'kafka-get-offsets --topic=t --partitions=0,1 --time=-2 --exclude-internal-topics'],
    ['sim seed 42', 'sim seed <42>'],
    ['sim tick', 'sim tick'],
    ['sim tick 10', 'sim tick <10>'],
    ['sim run', 'sim run'],
    ['sim run --max-ticks 500', 'sim run --max-ticks=500'],
    ['sim consumer start shipping --group g --topic t', 'sim consumer start <shipping> --group=g --topic=t'],
    ['sim consumer start s --group g --topic t --commit after --auto-commit-interval 20 --process-ticks 2 --max-poll-records 5 --offset-reset earliest --assignor sticky',
      'sim consumer start <s> --group=g --topic=t --commit=after --auto-commit-interval=20 --process-ticks=2 --max-poll-records=5 --offset-reset=earliest --assignor=sticky'],
    ['sim consumer start --group g s --topic t', 'sim consumer start <s> --group=g --topic=t'],
    ['sim consumer stop s', 'sim consumer stop <s>'],
    ['sim crash s', 'sim crash <s>'],
    ['sim restart s', 'sim restart <s>'],
    ['sim producer start p --topic t --every 3 --count 10 --keys a,b,c --value "order {n}" --batch 2 --acks all',
      'sim producer start <p> --topic=t --every=3 --count=10 --keys=a,b,c --value=order {n} --batch=2 --acks=all'],
    ['sim producer start p --topic t --acks 0', 'sim producer start <p> --topic=t --acks=0'],
    ['sim producer stop p', 'sim producer stop <p>'],
    ['sim ledger --group g', 'sim ledger --group=g'],
    ['sim status', 'sim status'],
    ['help', 'help'],
    ['help kafka-topics.sh', 'help <kafka-topics>'],
    ['help sim', 'help <sim>'],
  ])('%s', (text, expected) => {
    expect(brief(parseOne(text))).toBe(expected);
  });
});

describe('parseScript: spellings that mean the same thing', () => {
  // prettier-ignore
  it.each([
    ['the .sh suffix', 'kafka-topics.sh --list', 'kafka-topics --list'],
    ['a bin/ path, as in the Kafka quickstart', 'bin/kafka-topics.sh --list', 'kafka-topics --list'],
    ['an absolute path', '/opt/kafka/bin/kafka-get-offsets.sh --topic t', 'kafka-get-offsets --topic=t'],
    ['--reader-property for the producer', 'kafka-console-producer --topic t --reader-property parse.key=true', 'kafka-console-producer --topic=t --property=parse.key=true'],
    ['--command-property for the producer', 'kafka-console-producer --topic t --command-property acks=1', 'kafka-console-producer --topic=t --producer-property=acks=1'],
    ['--formatter-property for the consumer', 'kafka-console-consumer --topic t --formatter-property print.offset=true', 'kafka-console-consumer --topic=t --property=print.offset=true'],
    ['--command-property for the consumer', 'kafka-console-consumer --topic t --command-property group.id=g', 'kafka-console-consumer --topic=t --consumer-property=group.id=g'],
    ['--flag=value', 'kafka-topics --create --topic=orders --partitions=3', 'kafka-topics --create --topic=orders --partitions=3'],
    ['an empty --flag= value', 'kafka-topics --describe --topic=', 'kafka-topics --describe --topic='],
    ['a quoted value', `kafka-console-producer --topic t --property 'key.separator=|'`, 'kafka-console-producer --topic=t --property=key.separator=|'],
    ['a negative number as a value', 'kafka-get-offsets --time -1', 'kafka-get-offsets --time=-1'],
    ['acks=-1 as Kafka spells acks=all', 'sim producer start p --topic t --acks -1', 'sim producer start <p> --topic=t --acks=all'],
  ])('%s', (_name, text, expected) => {
    expect(brief(parseOne(text))).toBe(expected);
  });

  it('keeps the spelling as typed next to the canonical name', () => {
    const [flag] = parseOne('kafka-console-producer --reader-property parse.key=true').flags;
    expect(flag).toMatchObject({ name: '--property', written: '--reader-property', value: 'parse.key=true' });
  });

  // prettier-ignore

  it.each([
    'kafka-topics --list --bootstrap-server localhost:9092',
    'kafka-console-producer --bootstrap-server localhost:9092 --topic t',
    'kafka-console-consumer --topic t --bootstrap-server=broker:9092',
    'kafka-consumer-groups --bootstrap-server localhost:9092 --list',
    'kafka-get-offsets --bootstrap-server localhost:9092 --topic t',
  ])('accepts and drops --bootstrap-server: %s', (text) => {
    const inv = parseOne(text);
    expect(inv.flags.map((f) => f.name)).not.toContain('--bootstrap-server');
    expect(inv.flags.length).toBeGreaterThan(0);
  });
});

describe('parseScript: positions, text and input', () => {
  it('points flags and values at their source, across continuation lines', () => {
    const inv = parseOne('kafka-topics --create \\\n    --topic orders \\\n    --partitions=3');
    expect(inv.pos).toEqual({ line: 1, column: 1 });
    expect(inv.flags.map((f) => [f.name, f.pos, f.valuePos])).toEqual([
      ['--create', { line: 1, column: 14 }, null],
      ['--topic', { line: 2, column: 5 }, { line: 2, column: 13 }],
      ['--partitions', { line: 3, column: 5 }, { line: 3, column: 18 }],
    ]);
  });

  it('carries the heredoc as input, with the line it starts on and the full text', () => {
    const script = '# produce\nkafka-console-producer --topic t <<EOF\nk1:a\n\nk2:b\nEOF\nsim tick';
    const result = parseScript(script);
    expect(result.ok).toBe(true);
    const [producer, tick] = result.commands;
    expect(producer).toMatchObject({
      tool: 'kafka-console-producer',
      input: ['k1:a', '', 'k2:b'],
      inputLine: 3,
      pos: { line: 2, column: 1 },
      text: 'kafka-console-producer --topic t <<EOF\nk1:a\n\nk2:b\nEOF',
    });
    expect(tick).toMatchObject({
      tool: 'sim',
      path: ['tick'],
      input: null,
      inputLine: null,
      pos: { line: 7, column: 1 },
    });
  });

  it('positionals remember where they were typed', () => {
    expect(parseOne('  sim   crash   shipping').positionals).toEqual([{ value: 'shipping', pos: { line: 1, column: 17 } }]);
  });

  it('an empty script, or one of comments, has no commands', () => {
    expect(parseScript('')).toEqual({ ok: true, commands: [] });
    expect(parseScript('\n# only a comment\n\n')).toEqual({ ok: true, commands: [] });
  });
});

describe('flag helpers', () => {
  const inv = parseOne('kafka-console-consumer --topic t --property print.key=true --formatter-property print.offset=true --from-beginning');
  // prettier-ignore
  it.each([
    ['flagValue takes the last occurrence', flagValue(inv, '--property'), 'print.offset=true'],
    ['flagValue of an absent flag is null', flagValue(inv, '--group'), null],
    ['flagValue of a switch is null', flagValue(inv, '--from-beginning'), null],
    ['flagValues lists every occurrence, aliases included', flagValues(inv, '--property'), ['print.key=true', 'print.offset=true']],
    ['flagValues of an absent flag is empty', flagValues(inv, '--consumer-property'), []],
    ['hasFlag sees a switch', hasFlag(inv, '--from-beginning'), true],
    ['hasFlag of an absent flag is false', hasFlag(inv, '--max-messages'), false],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });
});

describe('parseScript: errors name the line, column and nearest fix', () => {
  // prettier-ignore
  it.each([
    // text, line, column, length, message, suggestion
    ['kafka-topics --create --topc orders', 1, 23, 6, 'unknown option --topc for kafka-topics', '--topic'],
    ['kafka-topic --list', 1, 1, 11, 'unknown command kafka-topic; type help to list the commands', 'kafka-topics'],
    ['kafka-topic.sh --list', 1, 1, 14, 'unknown command kafka-topic.sh; type help to list the commands', 'kafka-topics'],
    ['ls -l', 1, 1, 2, 'unknown command ls; type help to list the commands', null],
    ['sim consumer strat x', 1, 14, 5, 'unknown subcommand strat for sim consumer; expected start or stop', 'start'],
    ['sim tik', 1, 5, 3, 'unknown subcommand tik for sim; expected seed, tick, run, cluster, broker, consumer, producer, processor, crash, restart, ledger or status', 'tick'],
    ['sim', 1, 1, 3, 'sim needs a subcommand: seed, tick, run, cluster, broker, consumer, producer, processor, crash, restart, ledger or status', null],
    ['sim producer', 1, 5, 8, 'sim producer needs a subcommand: start or stop', null],
    ['kafka-console-consumer --topic t --from-begining', 1, 34, 15, 'unknown option --from-begining for kafka-console-consumer', '--from-beginning'],
    ['kafka-topics --create --topic t --partition 3', 1, 33, 11, 'unknown option --partition for kafka-topics', '--partitions'],
    ['kafka-topics --create --topic t --rep 1', 1, 33, 5, 'unknown option --rep for kafka-topics', '--replication-factor'],
    ['kafka-topics --create --topc=orders', 1, 23, 6, 'unknown option --topc for kafka-topics', '--topic'],
    ['kafka-topics --list --group g', 1, 21, 7, 'unknown option --group for kafka-topics', null],
    ['sim run --bootstrap-server x', 1, 9, 18, 'unknown option --bootstrap-server for sim run', null],
    ['kafka-topics --create --topic', 1, 23, 7, '--topic needs a value: --topic TOPIC', null],
    ['kafka-topics --create --topic --partitions 3', 1, 23, 7, '--topic needs a value: --topic TOPIC', null],
    ['kafka-topics --create --topic t --partitions three', 1, 46, 5, '--partitions needs a whole number, not three', null],
    ['kafka-topics --create --topic t --partitions=3.5', 1, 46, 3, '--partitions needs a whole number, not 3.5', null],
    ['kafka-topics --create --topic t --partitions 99999999999', 1, 46, 11, '--partitions must be at most 2147483647, not 99999999999', null],
    ['sim tick 0', 1, 10, 1, 'sim tick N must be at least 1, not 0', null],
    ['sim seed x', 1, 10, 1, 'sim seed N needs a whole number, not x', null],
    ['sim run --max-ticks=', 1, 21, 1, '--max-ticks needs a whole number, not ""', null],
    ['sim consumer start s --group g --topic t --commit aftr', 1, 51, 4, '--commit must be auto, after or before, not aftr', 'after'],
    ['sim consumer start s --group g --topic t --offset-reset=earlist', 1, 57, 7, '--offset-reset must be earliest or latest, not earlist', 'earliest'],
    ['sim consumer start s --group g --topic t --assignor round-robin', 1, 53, 11, '--assignor must be range, roundrobin or sticky, not round-robin', 'roundrobin'],
    ['sim producer start p --topic t --acks ALL', 1, 39, 3, '--acks must be 0, 1 or all, not ALL', 'all'],
    ['sim producer start p --topic t --acks 2', 1, 39, 1, '--acks must be 0, 1 or all, not 2', null],
    ['kafka-topics --create --topic a --topic b', 1, 33, 7, '--topic is given twice (first at line 1, column 23)', null],
    ['kafka-console-consumer --topic t \\\n  --from-beginning --from-beginning', 2, 20, 16, '--from-beginning is given twice (first at line 2, column 3)', null],
    ['kafka-topics --list=yes', 1, 14, 10, '--list takes no value', null],
    ['sim consumer start', 1, 14, 5, 'sim consumer start needs a NAME', null],
    ['sim consumer start --group g --topic t', 1, 14, 5, 'sim consumer start needs a NAME', null],
    ['sim seed', 1, 5, 4, 'sim seed needs an N', null],
    ['sim crash', 1, 5, 5, 'sim crash needs a NAME', null],
    ['sim consumer start s --topic t', 1, 14, 5, 'sim consumer start needs --group G', null],
    ['sim producer start p', 1, 14, 5, 'sim producer start needs --topic T', null],
    ['sim consumer stop a b', 1, 21, 1, 'unexpected argument b: usage: sim consumer stop NAME', null],
    ['sim status now', 1, 12, 3, 'unexpected argument now: usage: sim status', null],
    ['sim tick 1 2', 1, 12, 1, 'unexpected argument 2: usage: sim tick [N]', null],
    ['kafka-topics orders', 1, 14, 6, 'unexpected argument orders: kafka-topics takes only options', null],
    ['kafka-topics --create orders', 1, 23, 6, 'unexpected argument orders: --create takes no value', null],
    ['kafka-console-consumer --topic t --from-beginning true', 1, 51, 4, 'unexpected argument true: --from-beginning takes no value', null],
    ['help kafka-topic', 1, 6, 11, 'unknown tool kafka-topic; the tools are kafka-topics, kafka-console-producer, kafka-console-consumer, kafka-consumer-groups, kafka-get-offsets, kafka-configs, kafka-leader-election, kafka-transactions, sim or help', 'kafka-topics'],
    ['kafka-topics --list <<EOF\nx\nEOF', 1, 21, 5, 'kafka-topics reads no input, so it cannot take a heredoc (only kafka-console-producer does)', null],
    ["sim seed 1\nsim tick\nkafka-topics --create --topic 'orders", 3, 31, 1, 'unterminated single quote: this \' is never closed', null],
    ['sim seed 1\n\n\nkafka-console-producer --topic t <<EOF\na\nb', 4, 34, 5, 'heredoc started at line 4 is missing its closing EOF line', null],
    ['kafka-console-producer --topic t <<', 1, 34, 2, '<< needs a delimiter word, as in <<EOF', null],
  ])('%s', (text, line, column, length, message, suggestion) => {
    const result = parseScript(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect({ ...result.error }).toEqual({
      pos: { line, column },
      length,
      message,
      sourceLine: text.split('\n')[line - 1],
      ...(suggestion === null ? {} : { suggestion }),
    });
  });

  it('stops at the first error and keeps the commands before it', () => {
    const result = parseScript('sim seed 7\nkafka-topics --list\nkafka-topics --lst\nsim tick\nsim ticc');
    expect(result.ok).toBe(false);
    expect(result.commands.map(brief)).toEqual(['sim seed <7>', 'kafka-topics --list']);
    if (!result.ok) expect(result.error.pos).toEqual({ line: 3, column: 14 });
  });

  it('reports a parse error that comes before a later tokenizer error', () => {
    const result = parseScript('sim tik\nx "unterminated');
    expect(!result.ok && result.error.message).toContain('unknown subcommand tik');
  });

  it('formats an error with the line, a caret underline and the suggestion', () => {
    const result = parseScript('sim seed 1\n\nkafka-topics --create --topc orders');
    expect(!result.ok && formatShellError(result.error)).toBe(
      [
        'error at line 3, column 23: unknown option --topc for kafka-topics',
        '  kafka-topics --create --topc orders',
        '                        ^^^^^^',
        'did you mean --topic?',
      ].join('\n'),
    );
  });

  it('keeps tabs in the caret indent so the underline lines up', () => {
    const result = parseScript('\tsim tik');
    expect(!result.ok && formatShellError(result.error).split('\n')[2]).toBe('  \t    ^^^');
  });
});

describe('completions for the interactive prompt', () => {
  // prettier-ignore
  it.each([
    ['', TOOL_NAMES],
    ['kafka-c', ['kafka-console-producer', 'kafka-console-consumer', 'kafka-consumer-groups', 'kafka-configs']],
    ['sim ', ['seed', 'tick', 'run', 'cluster', 'broker', 'consumer', 'producer', 'processor', 'crash', 'restart', 'ledger', 'status']],
    ['sim consumer st', ['start', 'stop']],
    ['sim consumer start x --commit ', ['auto', 'after', 'before']],
    ['sim consumer start x --commit a', ['auto', 'after']],
    ['sim producer start p --acks=a', ['--acks=all']],
    ['kafka-topics --create --p', ['--partitions']],
    ['kafka-console-consumer --topic t --from-beginning --', [
      '--group', '--max-messages', '--partition', '--offset', '--property', '--consumer-property', '--timeout-ms', '--isolation-level', '--help',
    ]],
    ['kafka-console-producer --property a=b --p', ['--property', '--producer-property']],
    ['kafka-topics --create --topic ', []],
    ['help k', ['kafka-topics', 'kafka-console-producer', 'kafka-console-consumer', 'kafka-consumer-groups', 'kafka-get-offsets', 'kafka-configs', 'kafka-leader-election', 'kafka-transactions']],
    ['sim ledger ', ['--group', '--producer', '--output', '--isolation']],
    ['nosuch --', []],
    ['x "unterminated', []],
  ])('%j', (line, expected) => {
    expect(completions(line)).toEqual(expected);
  });
});
