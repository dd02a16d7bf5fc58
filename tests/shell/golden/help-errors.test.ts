// Golden transcripts for `help`, `--help` and the shell's own errors (unknown tools, flags,
// values, heredocs). These are the simulator's words: each error names line and column,
// underlines the culprit and suggests the nearest valid word. A script runs the commands
// before an error, then stops; nothing after it runs.
import { describe, expect, it } from 'vitest';
import { renderScript, runCell, ShellSession } from '../../../engine/index.ts';
import { TOOLS, type CommandNode, type CommandSpec } from '../../../engine/shell/spec.ts';
import { execute, expectTranscript } from './golden.ts';

/** Runs a plain script in a fresh world: its exit code and what a terminal shows. */
function runScript(script: string, session = ShellSession.create()): { exitCode: number; lines: string[] } {
  const outcome = session.run(script);
  return { exitCode: outcome.exitCode, lines: renderScript(outcome) };
}

const KAFKA_TOPICS_HELP = [
  'kafka-topics [--create] [--list] [--describe] [--alter] [--delete] [--topic TOPIC] [--partitions N] [--replication-factor N] [--config NAME=VALUE] [--if-not-exists] [--if-exists] [--exclude-internal] [--under-replicated-partitions] [--under-min-isr-partitions] [--at-min-isr-partitions] [--unavailable-partitions] [--help]',
  '  Create, delete, describe, or change a topic.',
  '    --create  Create a new topic.',
  '    --list  List all available topics.',
  '    --describe  List details for the given topics.',
  '    --alter  Increase the number of partitions of a topic.',
  '    --delete  Delete a topic.',
  '    --topic TOPIC  The topic to create, alter, describe or delete (a regular expression except with --create).',
  '    --partitions N  The number of partitions for the topic being created or altered.',
  '    --replication-factor N  The replication factor for each partition of the topic being created.',
  '    --config NAME=VALUE  A topic configuration override, such as retention.ms=60000.',
  '    --if-not-exists  With --create: do nothing if the topic already exists.',
  '    --if-exists  With --alter, --describe or --delete: act only if the topic exists.',
  '    --exclude-internal  Leave internal topics such as __consumer_offsets out of --list and --describe.',
  '    --under-replicated-partitions  If set when describing topics, only show under-replicated partitions.',
  '    --under-min-isr-partitions  If set when describing topics, only show partitions whose isr count is less than the configured minimum.',
  '    --at-min-isr-partitions  If set when describing topics, only show partitions whose isr count is equal to the configured minimum.',
  '    --unavailable-partitions  If set when describing topics, only show partitions whose leader is not available.',
  '    --help  Print usage information.',
];

describe('help', () => {
  it('lists every command with its summary', () => {
    expectTranscript(`
$ help
Commands (type \`help COMMAND\` for one command, as in \`help sim consumer start\`):
  kafka-topics — Create, delete, describe, or change a topic.
  kafka-console-producer — Send each input line as a record (input from a heredoc).
  kafka-console-consumer — Print the records of a topic.
  kafka-consumer-groups — List, describe, reset or delete consumer groups.
  kafka-get-offsets — Print an offset of each partition: TOPIC:PARTITION:OFFSET.
  kafka-configs — Describe or change the configs of a topic.
  kafka-leader-election — Elect the preferred leader of partitions, or an unclean leader where none is left.
  kafka-transactions — List, describe and abort transactions, and find hanging ones.
  sim seed — Set the seed of the world's random choices.
  sim tick — Advance the clock by N ticks (1 by default).
  sim run — Advance the clock until the world is quiet.
  sim cluster — Set how many brokers the cluster has (before any topic exists).
  sim broker add — Add a broker, numbered after the highest.
  sim broker crash — Kill a broker at once; the controller notices after broker.session.timeout.ms.
  sim broker stop — Shut a broker down cleanly: its leadership moves to other brokers first.
  sim broker restart — Start a crashed or stopped broker again.
  sim broker slow — Make a broker slow: as a follower it falls behind and leaves the ISR.
  sim broker fast — Make a slow broker fast again.
  sim consumer start — Start a consumer application that processes records over time.
  sim consumer stop — Stop a consumer gracefully: it commits and leaves its group.
  sim producer start — Start a producer application.
  sim producer stop — Stop a producer.
  sim processor start — Start a processor: it reads one topic and writes one record to another per record it processes.
  sim processor stop — Stop a processor gracefully: it ends its batch, commits and leaves its group.
  sim crash — Kill an application at once: nothing is committed.
  sim restart — Restart a crashed or stopped application.
  sim ledger — Summarise what a group processed (duplicates, skipped records), what a producer sent (lost, duplicated records), or what a processor wrote (duplicated, missing outputs).
  sim status — Show the clock, topics, groups and applications.
  help — List the commands, or describe one command and its subcommands.
`);
  });

  it('help TOOL and TOOL --help print the usage line, the summary and each flag (stdout, exit 0)', () => {
    const cell = [
      '$ help kafka-topics',
      ...KAFKA_TOPICS_HELP,
      '$ kafka-topics --help',
      ...KAFKA_TOPICS_HELP,
      '$ help bin/kafka-topics.sh',
      ...KAFKA_TOPICS_HELP,
    ].join('\n');
    expectTranscript(cell);
    expect(execute(ShellSession.create(), 'kafka-topics --help')).toEqual({ stdout: KAFKA_TOPICS_HELP, stderr: [], exitCode: 0 });
    // --bootstrap-server is accepted everywhere but is not worth a line of help.
    expect(KAFKA_TOPICS_HELP.join('\n')).not.toContain('--bootstrap-server');
  });

  it('help for a sim command lists its subcommands with their flags', () => {
    expectTranscript(`
$ help sim
sim seed N
  Set the seed of the world's random choices.
    N  The seed, 0 to 4294967295.
sim tick [N]
  Advance the clock by N ticks (1 by default).
    N  How many ticks to advance.
sim run [--max-ticks N]
  Advance the clock until the world is quiet.
    --max-ticks N  Stop after N ticks even if the world is not quiet.
sim cluster --brokers N
  Set how many brokers the cluster has (before any topic exists).
    --brokers N  Brokers 1 to N.
sim broker add
  Add a broker, numbered after the highest.
sim broker crash ID
  Kill a broker at once; the controller notices after broker.session.timeout.ms.
    ID  The broker id (1, 2, …).
sim broker stop ID
  Shut a broker down cleanly: its leadership moves to other brokers first.
    ID  The broker id (1, 2, …).
sim broker restart ID
  Start a crashed or stopped broker again.
    ID  The broker id (1, 2, …).
sim broker slow ID
  Make a broker slow: as a follower it falls behind and leaves the ISR.
    ID  The broker id (1, 2, …).
sim broker fast ID
  Make a slow broker fast again.
    ID  The broker id (1, 2, …).
sim consumer start NAME --group G --topic T [--commit MODE] [--auto-commit-interval TICKS] [--process-ticks N] [--max-poll-records N] [--offset-reset WHERE] [--assignor NAME]
  Start a consumer application that processes records over time.
    NAME  The name of the consumer.
    --group G  The consumer group it joins.
    --topic T  The topic it subscribes to.
    --commit MODE  auto (every interval), after processing a batch, or before it.
    --auto-commit-interval TICKS  With --commit auto: ticks between commits (auto.commit.interval.ms).
    --process-ticks N  Ticks it takes to process one record.
    --max-poll-records N  Most records one poll returns (max.poll.records).
    --offset-reset WHERE  Where to start without a committed offset (auto.offset.reset).
    --assignor NAME  Partition assignment strategy.
sim consumer stop NAME
  Stop a consumer gracefully: it commits and leaves its group.
    NAME  The name of the consumer.
sim producer start NAME --topic T [--every TICKS] [--count N] [--keys K1,K2,...] [--value TEMPLATE] [--batch N] [--acks ACKS]
  Start a producer application.
    NAME  The name of the producer.
    --topic T  The topic it produces to.
    --every TICKS  Ticks between records.
    --count N  Stop after N records.
    --keys K1,K2,...  Keys to cycle through.
    --value TEMPLATE  Record value; {n} is the record number.
    --batch N  Records per send.
    --acks ACKS  Acknowledgements to wait for (acks).
sim producer stop NAME
  Stop a producer.
    NAME  The name of the producer.
sim processor start NAME --group G --from T1 --to T2 [--exactly-once] [--process-ticks N] [--max-poll-records N] [--transform TEMPLATE]
  Start a processor: it reads one topic and writes one record to another per record it processes.
    NAME  The name of the processor.
    --group G  The consumer group it joins.
    --from T1  The topic it reads.
    --to T2  The topic it writes.
    --exactly-once  One transaction per poll batch, with the batch offsets inside it; reads read_committed.
    --process-ticks N  Ticks it takes to process one record.
    --max-poll-records N  Most records one poll (and so one transaction) holds; 10 by default.
    --transform TEMPLATE  The output value: {value}, {key} and {offset} are the input record’s ({value} by default).
sim processor stop NAME
  Stop a processor gracefully: it ends its batch, commits and leaves its group.
    NAME  The name of the processor.
sim crash NAME
  Kill an application at once: nothing is committed.
    NAME  The name of the application.
sim restart NAME
  Restart a crashed or stopped application.
    NAME  The name of the application.
sim ledger [--group G] [--producer NAME] [--output T] [--isolation LEVEL]
  Summarise what a group processed (duplicates, skipped records), what a producer sent (lost, duplicated records), or what a processor wrote (duplicated, missing outputs).
    --group G  The consumer group.
    --producer NAME  The producer application.
    --output T  A processor's output topic.
    --isolation LEVEL  With --output: read as a consumer with this isolation.level does.
sim status
  Show the clock, topics, groups and applications.
`);
  });
});

const SIM_CONSUMER_START_HELP = [
  'sim consumer start NAME --group G --topic T [--commit MODE] [--auto-commit-interval TICKS] [--process-ticks N] [--max-poll-records N] [--offset-reset WHERE] [--assignor NAME]',
  '  Start a consumer application that processes records over time.',
  '    NAME  The name of the consumer.',
  '    --group G  The consumer group it joins.',
  '    --topic T  The topic it subscribes to.',
  '    --commit MODE  auto (every interval), after processing a batch, or before it.',
  '    --auto-commit-interval TICKS  With --commit auto: ticks between commits (auto.commit.interval.ms).',
  '    --process-ticks N  Ticks it takes to process one record.',
  '    --max-poll-records N  Most records one poll returns (max.poll.records).',
  '    --offset-reset WHERE  Where to start without a committed offset (auto.offset.reset).',
  '    --assignor NAME  Partition assignment strategy.',
];
const SIM_CONSUMER_STOP_HELP = [
  'sim consumer stop NAME',
  '  Stop a consumer gracefully: it commits and leaves its group.',
  '    NAME  The name of the consumer.',
];

/** Every command path of the table, groups included: `kafka-topics`, `sim`, `sim consumer`, `sim consumer start`, … */
function commandPaths(node: CommandNode, parent: readonly string[] = []): { path: string[]; node: CommandNode }[] {
  const path = [...parent, node.name];
  const below = node.kind === 'group' ? node.subcommands.flatMap((child) => commandPaths(child, path)) : [];
  return [{ path, node }, ...below];
}

function commandsUnder(node: CommandNode, parent: readonly string[]): { path: string[]; spec: CommandSpec }[] {
  const path = [...parent, node.name];
  return node.kind === 'command' ? [{ path, spec: node }] : node.subcommands.flatMap((child) => commandsUnder(child, path));
}

describe('help for every command path (iterating the command table, so new commands are covered)', () => {
  const paths = TOOLS.flatMap((tool) => commandPaths(tool));

  it.each(paths.map(({ path, node }) => [path.join(' '), path, node] as const))('help %s prints the usage of each command it names', (_name, path, node) => {
    const help = execute(ShellSession.create(), `help ${path.join(' ')}`);
    expect(help.exitCode).toBe(0);
    expect(help.stderr).toEqual([]);
    const commands = commandsUnder(node, path.slice(0, -1));
    // One usage line per command under the path, in table order, each followed by its summary
    // and a line per positional and per listed flag.
    const usageLines = help.stdout.filter((line) => !line.startsWith(' '));
    expect(usageLines.map((line) => line.split(' ').slice(0, path.length).join(' '))).toEqual(commands.map(() => path.join(' ')));
    for (const [i, { path: commandPath, spec }] of commands.entries()) {
      const usage = usageLines[i] ?? '';
      expect(usage.startsWith(`${commandPath.join(' ')}`)).toBe(true);
      const at = help.stdout.indexOf(usage);
      expect(help.stdout[at + 1]).toBe(`  ${spec.summary}`);
      for (const p of spec.positionals) expect(usage).toContain(p.name);
      for (const f of spec.flags.filter((flag) => !flag.ignored)) {
        expect(usage).toContain(f.name);
        expect(help.stdout).toContain(`    ${f.value ? `${f.name} ${f.value.name}` : f.name}  ${f.help}`);
      }
    }
  });

  it.each(paths.map(({ path }) => [path.join(' '), path.join(' ')]))('%s --help prints what help %s prints, without the required arguments', (name) => {
    const session = ShellSession.create();
    expect(execute(session, `${name} --help`)).toEqual(execute(session, `help ${name}`));
  });
});

describe('help for a subcommand path', () => {
  it('help sim consumer lists its two subcommands; help sim consumer start only the one', () => {
    expect(execute(ShellSession.create(), 'help sim consumer')).toEqual({
      stdout: [...SIM_CONSUMER_START_HELP, ...SIM_CONSUMER_STOP_HELP],
      stderr: [],
      exitCode: 0,
    });
    expect(execute(ShellSession.create(), 'help sim consumer start')).toEqual({ stdout: SIM_CONSUMER_START_HELP, stderr: [], exitCode: 0 });
  });

  it('sim consumer start --help needs neither NAME nor --group nor --topic, and changes nothing', () => {
    const session = ShellSession.create();
    expect(execute(session, 'sim consumer start --help')).toEqual({ stdout: SIM_CONSUMER_START_HELP, stderr: [], exitCode: 0 });
    expect(execute(session, 'sim consumer start shipping --topic orders --help').stdout).toEqual(SIM_CONSUMER_START_HELP);
    expect(execute(session, 'sim status').stdout).toEqual(['tick 0 (quiet)']);
  });

  it.each([
    [
      'a misspelt group, with the nearest path',
      'help sim consumr start',
      [
        'error: unknown subcommand consumr for sim; expected seed, tick, run, cluster, broker, consumer, producer, processor, crash, restart, ledger or status',
        'did you mean help sim consumer start?',
      ],
    ],
    [
      'a misspelt last word',
      'help sim consumer strat',
      ['error: unknown subcommand strat for sim consumer; expected start or stop', 'did you mean help sim consumer start?'],
    ],
    [
      'nothing close',
      'help sim zzzzzz',
      ['error: unknown subcommand zzzzzz for sim; expected seed, tick, run, cluster, broker, consumer, producer, processor, crash, restart, ledger or status'],
    ],
    ['a word after a command that has no subcommands', 'help kafka-topics list', ['error: kafka-topics has no subcommands']],
    ['a word after a sim command', 'help sim crash now', ['error: sim crash has no subcommands']],
  ])('an unknown help path says so: %s', (_name, command, stderr) => {
    expect(execute(ShellSession.create(), command)).toEqual({ stdout: [], stderr, exitCode: 1 });
  });

  it('help --help describes help itself', () => {
    const session = ShellSession.create();
    const help = execute(session, 'help --help');
    expect(help).toEqual(execute(session, 'help help'));
    expect(help.stdout).toEqual([
      'help [TOOL] [SUBCOMMAND] [SUBCOMMAND]',
      '  List the commands, or describe one command and its subcommands.',
      '    TOOL  The tool to describe, such as kafka-topics or sim.',
      '    SUBCOMMAND  A subcommand of the tool, such as consumer, then start.',
    ]);
  });
});

describe('parse errors: line, column, underline, suggestion; exit code 2', () => {
  it.each([
    [
      'an unknown tool, with the nearest tool',
      'kafak-topics --list',
      [
        'error at line 1, column 1: unknown command kafak-topics; type help to list the commands',
        '  kafak-topics --list',
        '  ^^^^^^^^^^^^',
        'did you mean kafka-topics?',
      ],
    ],
    ['an unknown tool with nothing close', 'ls -la', ['error at line 1, column 1: unknown command ls; type help to list the commands', '  ls -la', '  ^^']],
    [
      'an unknown flag, with the nearest flag',
      'kafka-topics --lst',
      ['error at line 1, column 14: unknown option --lst for kafka-topics', '  kafka-topics --lst', '               ^^^^^', 'did you mean --list?'],
    ],
    [
      'a flag one letter short',
      'kafka-topics --create --topic orders --partition 3',
      [
        'error at line 1, column 38: unknown option --partition for kafka-topics',
        '  kafka-topics --create --topic orders --partition 3',
        '                                       ^^^^^^^^^^^',
        'did you mean --partitions?',
      ],
    ],
    [
      'an unknown sim subcommand',
      'sim crsh shipping',
      [
        'error at line 1, column 5: unknown subcommand crsh for sim; expected seed, tick, run, cluster, broker, consumer, producer, processor, crash, restart, ledger or status',
        '  sim crsh shipping',
        '      ^^^^',
        'did you mean crash?',
      ],
    ],
    [
      'a value outside a choice',
      'sim consumer start shipping --group shipping --topic orders --commit aftr',
      [
        'error at line 1, column 70: --commit must be auto, after or before, not aftr',
        '  sim consumer start shipping --group shipping --topic orders --commit aftr',
        '                                                                       ^^^^',
        'did you mean after?',
      ],
    ],
    [
      'a flag without its value',
      'kafka-topics --create --topic',
      ['error at line 1, column 23: --topic needs a value: --topic TOPIC', '  kafka-topics --create --topic', '                        ^^^^^^^'],
    ],
    [
      'a number that is not one',
      'kafka-topics --create --topic orders --partitions three',
      [
        'error at line 1, column 51: --partitions needs a whole number, not three',
        '  kafka-topics --create --topic orders --partitions three',
        '                                                    ^^^^^',
      ],
    ],
    [
      'a sim command without a required flag',
      'sim consumer start shipping --topic orders',
      ['error at line 1, column 14: sim consumer start needs --group G', '  sim consumer start shipping --topic orders', '               ^^^^^'],
    ],
    [
      'a flag given twice',
      'kafka-topics --list --list',
      ['error at line 1, column 21: --list is given twice (first at line 1, column 14)', '  kafka-topics --list --list', '                      ^^^^^^'],
    ],
    [
      'an unknown tool for help',
      'help kafka-topic',
      [
        'error at line 1, column 6: unknown tool kafka-topic; the tools are kafka-topics, kafka-console-producer, kafka-console-consumer, kafka-consumer-groups, kafka-get-offsets, kafka-configs, kafka-leader-election, kafka-transactions, sim or help',
        '  help kafka-topic',
        '       ^^^^^^^^^^^',
        'did you mean kafka-topics?',
      ],
    ],
  ])('%s', (_name, script, expected) => {
    expect(runScript(script)).toEqual({ exitCode: 2, lines: expected });
  });

  it('a heredoc without its closing EOF', () => {
    expect(runScript('kafka-console-producer --topic orders <<EOF\nfirst\nsecond')).toEqual({
      exitCode: 2,
      lines: [
        'error at line 1, column 39: heredoc started at line 1 is missing its closing EOF line',
        '  kafka-console-producer --topic orders <<EOF',
        '                                        ^^^^^',
      ],
    });
  });

  it('a heredoc on a tool that reads no input', () => {
    expect(runScript('kafka-topics --list <<EOF\nx\nEOF')).toEqual({
      exitCode: 2,
      lines: [
        'error at line 1, column 21: kafka-topics reads no input, so it cannot take a heredoc (only kafka-console-producer does)',
        '  kafka-topics --list <<EOF',
        '                      ^^^^^',
      ],
    });
  });

  it('the commands before a parse error run; the error names its line; nothing after it runs', () => {
    const session = ShellSession.create();
    expect(runScript('# set up\nkafka-topics --create --topic orders\nkafka-topics --lst\nkafka-topics --create --topic payments', session)).toEqual({
      exitCode: 2,
      lines: [
        'Created topic orders.',
        'error at line 3, column 14: unknown option --lst for kafka-topics',
        '  kafka-topics --lst',
        '               ^^^^^',
        'did you mean --list?',
      ],
    });
    expect(execute(session, 'kafka-topics --list').stdout).toEqual(['orders']);
  });

  it('a script stops at the first command that exits non-zero, with its exit code', () => {
    const session = ShellSession.create();
    expect(runScript('kafka-topics --create --topic orders\nkafka-topics --create --topic orders\nkafka-topics --create --topic payments', session)).toEqual({
      exitCode: 1,
      lines: [
        'Created topic orders.',
        "Error while executing topic command : Topic 'orders' already exists.",
        "ERROR org.apache.kafka.common.errors.TopicExistsException: Topic 'orders' already exists.",
        ' (org.apache.kafka.tools.TopicCommand)',
      ],
    });
    expect(execute(session, 'kafka-topics --list').stdout).toEqual(['orders']);
  });

  it('in a transcript cell, a command that does not parse is a cell error at its cell line', () => {
    const result = runCell(ShellSession.create(), '$ kafka-topics --create --topic orders\nCreated topic orders.\n$ kafka-topics --lst\n');
    expect(result.mismatches).toEqual([]);
    expect(result.errors).toEqual([
      {
        line: 3,
        message: [
          'error at line 3, column 16: unknown option --lst for kafka-topics',
          '  $ kafka-topics --lst',
          '                 ^^^^^',
          'did you mean --list?',
        ].join('\n'),
      },
    ]);
  });
});
