// The command table of the Kafka shell, as data: every tool, sim subcommand and flag the
// simulator understands. The parser, `help` and tab completion all read it.
//
// Shell-level checks only: for the real Kafka tools, which flags are required together and
// which actions conflict are left to the executor, because Kafka's tools print their own
// messages for those (`Missing required argument "[partitions]"`) and a learner should see
// exactly what a real cluster would say. `sim` is ours, so its rules are all here.

import { LIMITS } from '../core/limits.ts';

/** What a flag's or positional's value must look like. */
export type ValueType =
  | { readonly kind: 'text' }
  /** `limit` names the simulator limit (limits.ts) that `max` is, so going over it says so. */
  | { readonly kind: 'integer'; readonly min: number; readonly max: number; readonly limit?: string }
  /** One of `choices`; a synonym is accepted and replaced by the choice it stands for. */
  | {
      readonly kind: 'choice';
      readonly choices: readonly string[];
      readonly synonyms: readonly (readonly [string, string])[];
    }
  /** A tool name (`help kafka-topics`), with or without `.sh`. */
  | { readonly kind: 'tool' };

/** A flag's value: its placeholder for help text and what it must look like. */
export interface ValueSpec {
  readonly name: string;
  readonly type: ValueType;
}

/** One option of a command. */
export interface FlagSpec {
  /** Canonical name, with its dashes: `--property`. */
  readonly name: string;
  /** Other spellings that mean the same flag: `--reader-property`. */
  readonly aliases: readonly string[];
  /** Null for a switch such as `--list`. */
  readonly value: ValueSpec | null;
  readonly repeatable: boolean;
  /** Only sim flags are required at parse time; Kafka tools report their own. */
  readonly required: boolean;
  /** Accepted for compatibility and dropped from the invocation (`--bootstrap-server`). */
  readonly ignored: boolean;
  readonly help: string;
}

/** One positional argument of a command (`NAME` in `sim crash NAME`). */
export interface PositionalSpec {
  readonly name: string;
  readonly required: boolean;
  readonly type: ValueType;
  readonly help: string;
}

/** A runnable command: a tool, or a leaf of sim's subcommand tree. */
export interface CommandSpec {
  readonly kind: 'command';
  /** The word that selects it: the tool name, or the last subcommand word. */
  readonly name: string;
  readonly summary: string;
  readonly positionals: readonly PositionalSpec[];
  readonly flags: readonly FlagSpec[];
  /** Whether it reads a heredoc (only kafka-console-producer does). */
  readonly readsInput: boolean;
}

/** A command word that only groups subcommands (`sim`, `sim consumer`). */
export interface CommandGroup {
  readonly kind: 'group';
  readonly name: string;
  readonly summary: string;
  readonly subcommands: readonly CommandNode[];
}

/** A node of the command tree. */
export type CommandNode = CommandSpec | CommandGroup;

// Java's int, the type of Kafka's Integer options (joptsimple rejects anything else).
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

const TEXT: ValueType = { kind: 'text' };
const JAVA_INT: ValueType = { kind: 'integer', min: INT_MIN, max: INT_MAX };
// Kafka's Long options; JavaScript numbers are exact only up to 2^53.
const JAVA_LONG: ValueType = { kind: 'integer', min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

/** A whole number from `min` up to one of the simulator's limits (engine/core/limits.ts). */
function upToLimit(min: number, max: number, limit: string): ValueType {
  return { kind: 'integer', min, max, limit };
}

function atLeast(min: number): ValueType {
  return { kind: 'integer', min, max: Number.MAX_SAFE_INTEGER };
}

function oneOf(choices: readonly string[], synonyms: readonly (readonly [string, string])[] = []): ValueType {
  return { kind: 'choice', choices, synonyms };
}

interface FlagOptions {
  readonly aliases?: readonly string[];
  readonly repeatable?: boolean;
  readonly required?: boolean;
  readonly ignored?: boolean;
}

function flag(name: string, value: ValueSpec | null, help: string, options: FlagOptions = {}): FlagSpec {
  return {
    name,
    aliases: options.aliases ?? [],
    value,
    repeatable: options.repeatable ?? false,
    required: options.required ?? false,
    ignored: options.ignored ?? false,
    help,
  };
}

/** A flag that takes no value. */
function toggle(name: string, help: string): FlagSpec {
  return flag(name, null, help);
}

/** A flag that takes a value. */
function valued(name: string, valueName: string, type: ValueType, help: string, options: FlagOptions = {}): FlagSpec {
  return flag(name, { name: valueName, type }, help, options);
}

function positional(name: string, type: ValueType, help: string, required = true): PositionalSpec {
  return { name, required, type, help };
}

function command(
  name: string,
  summary: string,
  parts: { positionals?: readonly PositionalSpec[]; flags?: readonly FlagSpec[]; readsInput?: boolean },
): CommandSpec {
  return {
    kind: 'command',
    name,
    summary,
    positionals: parts.positionals ?? [],
    flags: parts.flags ?? [],
    readsInput: parts.readsInput ?? false,
  };
}

function group(name: string, summary: string, subcommands: readonly CommandNode[]): CommandGroup {
  return { kind: 'group', name, summary, subcommands };
}

/**
 * Every command answers `--help` with its help. Kafka's tools list it among their options, so
 * the kafka-* tools carry it in their flags; `sim` commands accept it without listing it
 * (findFlag), and it waives their required arguments (`sim crash --help`).
 */
export const HELP_FLAG: FlagSpec = toggle('--help', 'Print usage information.');

// Every kafka-* tool accepts these. There is one simulated cluster, so the address is moot.
const KAFKA_COMMON: readonly FlagSpec[] = [
  valued('--bootstrap-server', 'HOST:PORT', TEXT, 'Accepted for compatibility with real Kafka, and ignored.', {
    ignored: true,
    repeatable: true,
  }),
  HELP_FLAG,
];

const KAFKA_TOPICS = command('kafka-topics', 'Create, delete, describe, or change a topic.', {
  flags: [
    toggle('--create', 'Create a new topic.'),
    toggle('--list', 'List all available topics.'),
    toggle('--describe', 'List details for the given topics.'),
    toggle('--alter', 'Increase the number of partitions of a topic.'),
    toggle('--delete', 'Delete a topic.'),
    valued('--topic', 'TOPIC', TEXT, 'The topic to create, alter, describe or delete (a regular expression except with --create).'),
    valued('--partitions', 'N', JAVA_INT, 'The number of partitions for the topic being created or altered.'),
    valued('--replication-factor', 'N', JAVA_INT, 'The replication factor for each partition of the topic being created.'),
    valued('--config', 'NAME=VALUE', TEXT, 'A topic configuration override, such as retention.ms=60000.', {
      repeatable: true,
    }),
    toggle('--if-not-exists', 'With --create: do nothing if the topic already exists.'),
    toggle('--if-exists', 'With --alter, --describe or --delete: act only if the topic exists.'),
    toggle('--exclude-internal', 'Leave internal topics such as __consumer_offsets out of --list and --describe.'),
    // TopicCommand's help texts (4.1.1, lines 800-809).
    toggle('--under-replicated-partitions', 'If set when describing topics, only show under-replicated partitions.'),
    toggle('--under-min-isr-partitions', 'If set when describing topics, only show partitions whose isr count is less than the configured minimum.'),
    toggle('--at-min-isr-partitions', 'If set when describing topics, only show partitions whose isr count is equal to the configured minimum.'),
    toggle('--unavailable-partitions', 'If set when describing topics, only show partitions whose leader is not available.'),
    ...KAFKA_COMMON,
  ],
});

const KAFKA_CONSOLE_PRODUCER = command('kafka-console-producer', 'Send each input line as a record (input from a heredoc).', {
  readsInput: true,
  flags: [
    valued('--topic', 'TOPIC', TEXT, 'The topic to produce messages to.'),
    // Kafka 4.2 renamed --property to --reader-property; both spellings work.
    valued('--property', 'NAME=VALUE', TEXT, 'A line reader property: parse.key=true, key.separator=:, null.marker=NULL, ignore.error=true.', {
      aliases: ['--reader-property'],
      repeatable: true,
    }),
    // Kafka 4.2 renamed --producer-property to --command-property.
    valued('--producer-property', 'NAME=VALUE', TEXT, 'A producer config, such as acks=all.', {
      aliases: ['--command-property'],
      repeatable: true,
    }),
    ...KAFKA_COMMON,
  ],
});

const KAFKA_CONSOLE_CONSUMER = command('kafka-console-consumer', 'Print the records of a topic.', {
  flags: [
    valued('--topic', 'TOPIC', TEXT, 'The topic to consume from.'),
    valued('--group', 'GROUP', TEXT, 'The consumer group to join; its committed offsets decide where to start.'),
    toggle('--from-beginning', 'Start at the earliest offset when the group has no committed offset.'),
    valued('--max-messages', 'N', JAVA_INT, 'Stop after N records.'),
    valued('--partition', 'P', JAVA_INT, 'Read only this partition, without joining a group (not simulated yet: Streamlab refuses it).'),
    valued('--offset', 'OFFSET', TEXT, 'With --partition: earliest, latest, or an offset to start at (not simulated yet).'),
    // Kafka 4.2 renamed --property to --formatter-property; both spellings work.
    valued('--property', 'NAME=VALUE', TEXT, 'A formatter property: print.key=true, print.offset=true, key.separator=S.', {
      aliases: ['--formatter-property'],
      repeatable: true,
    }),
    // Kafka 4.2 renamed --consumer-property to --command-property.
    valued('--consumer-property', 'NAME=VALUE', TEXT, 'A consumer config, such as auto.offset.reset=earliest.', {
      aliases: ['--command-property'],
      repeatable: true,
    }),
    valued('--timeout-ms', 'MS', JAVA_INT, 'Stop when no record arrives for this long.'),
    valued(
      '--isolation-level',
      'LEVEL',
      TEXT,
      'Set to read_committed in order to filter out transactional messages which are not committed. Set to read_uncommitted to read all messages.',
    ),
    ...KAFKA_COMMON,
  ],
});

const KAFKA_CONSUMER_GROUPS = command('kafka-consumer-groups', 'List, describe, reset or delete consumer groups.', {
  flags: [
    toggle('--list', 'List all consumer groups.'),
    toggle('--describe', "Describe a group's offsets and lag, members or state."),
    toggle('--reset-offsets', "Reset a group's committed offsets (the group must be inactive)."),
    toggle('--delete', 'Delete a consumer group.'),
    valued('--group', 'GROUP', TEXT, 'The consumer group.'),
    toggle('--all-groups', 'Apply to all consumer groups.'),
    valued('--topic', 'TOPIC', TEXT, 'The topic whose offsets to reset (TOPIC or TOPIC:0,1).'),
    toggle('--members', 'With --describe: list the members of the group.'),
    toggle('--state', 'With --describe: show the state of the group.'),
    toggle('--offsets', 'With --describe: show offsets and lag (the default).'),
    toggle('--verbose', 'With --describe: show more columns.'),
    toggle('--to-earliest', 'Reset to the earliest offset.'),
    toggle('--to-latest', 'Reset to the latest offset.'),
    valued('--to-offset', 'OFFSET', JAVA_LONG, 'Reset to this offset.'),
    valued('--shift-by', 'N', JAVA_LONG, 'Move the committed offset by N (negative moves back).'),
    toggle('--execute', 'Apply the reset.'),
    toggle('--dry-run', 'Only show what the reset would do (the default).'),
    toggle('--all-topics', 'Reset every topic the group has committed offsets for.'),
    ...KAFKA_COMMON,
  ],
});

const KAFKA_GET_OFFSETS = command('kafka-get-offsets', 'Print an offset of each partition: TOPIC:PARTITION:OFFSET.', {
  flags: [
    valued('--topic', 'TOPIC', TEXT, 'A regular expression for the topics to include (all topics by default).'),
    valued('--partitions', 'P,P', TEXT, 'Comma-separated partition ids to include.'),
    valued('--time', 'TIME', TEXT, 'latest (-1, the default), earliest (-2), max-timestamp (-3), or a timestamp.'),
    toggle('--exclude-internal-topics', 'Leave internal topics out.'),
    ...KAFKA_COMMON,
  ],
});

const KAFKA_CONFIGS = command('kafka-configs', 'Describe or change the configs of a topic.', {
  flags: [
    toggle('--describe', "List the entity's dynamic configs."),
    toggle('--alter', "Change the entity's configs."),
    valued('--entity-type', 'TYPE', TEXT, 'The kind of entity: topics (the only one simulated).'),
    valued('--entity-name', 'NAME', TEXT, 'The entity: a topic name.'),
    valued('--topic', 'TOPIC', TEXT, 'The topic: the same as --entity-type topics --entity-name TOPIC.'),
    valued('--add-config', 'K=V,K=[V1,V2]', TEXT, 'Configs to set; a value with commas goes in square brackets.'),
    valued('--delete-config', 'K,K', TEXT, 'Configs to remove (back to the broker default).'),
    ...KAFKA_COMMON,
  ],
});

const NAME = (what: string): PositionalSpec => positional('NAME', TEXT, `The name of the ${what}.`);
const BROKER_ID = positional('ID', atLeast(1), 'The broker id (1, 2, …).');

const KAFKA_LEADER_ELECTION = command('kafka-leader-election', 'Elect the preferred leader of partitions, or an unclean leader where none is left.', {
  flags: [
    valued(
      '--election-type',
      'TYPE',
      TEXT,
      'preferred: move leadership to the first replica; unclean: elect any live replica where the partition has no leader.',
    ),
    valued('--topic', 'TOPIC', TEXT, 'The topic of the partition to elect a leader for (with --partition).'),
    valued('--partition', 'P', JAVA_INT, 'The partition to elect a leader for (with --topic).'),
    toggle('--all-topic-partitions', 'Elect leaders for every partition that needs it.'),
    valued('--path-to-json-file', 'FILE', TEXT, 'A JSON file of partitions (not simulated: Streamlab has no files).'),
    valued('--admin.config', 'FILE', TEXT, 'Admin client properties (accepted and ignored).', { ignored: true }),
    ...KAFKA_COMMON,
  ],
});

// TransactionsCommand parses subcommands with argparse4j and reports its own usage errors, so the
// numbers are text here and the tool converts them (reference kafka-4-transactions.md §1).
const KAFKA_TRANSACTIONS = command('kafka-transactions', 'List, describe and abort transactions, and find hanging ones.', {
  positionals: [positional('COMMAND', TEXT, 'list, describe, describe-producers, abort or find-hanging.', false)],
  flags: [
    valued('--transactional-id', 'ID', TEXT, 'describe: the transactional id.'),
    valued('--duration-filter', 'MS', TEXT, 'list: only transactions running longer than this many milliseconds.'),
    valued('--topic', 'TOPIC', TEXT, 'describe-producers, abort, find-hanging: the topic.'),
    valued('--partition', 'P', TEXT, 'describe-producers, abort, find-hanging: the partition.'),
    valued('--broker-id', 'ID', TEXT, 'describe-producers, find-hanging: the broker.'),
    valued('--start-offset', 'OFFSET', TEXT, 'abort: the first offset of the transaction to abort.'),
    valued('--producer-id', 'ID', TEXT, 'abort (older brokers): the producer id.'),
    valued('--producer-epoch', 'EPOCH', TEXT, 'abort (older brokers): the producer epoch.'),
    valued('--coordinator-epoch', 'EPOCH', TEXT, 'abort (older brokers): the coordinator epoch.'),
    valued('--max-transaction-timeout', 'MINUTES', TEXT, 'find-hanging: the longest transaction timeout, in minutes (15).'),
    valued('--command-config', 'FILE', TEXT, 'Admin client properties (accepted and ignored).', { ignored: true }),
    ...KAFKA_COMMON,
  ],
});

const SIM = group('sim', 'Control the simulated world: the clock, and applications that run over time.', [
  command('seed', "Set the seed of the world's random choices.", {
    positionals: [positional('N', { kind: 'integer', min: 0, max: 4294967295 }, 'The seed, 0 to 4294967295.')],
  }),
  command('tick', 'Advance the clock by N ticks (1 by default).', {
    positionals: [positional('N', upToLimit(1, LIMITS.ticksPerCommand, 'ticks per command'), 'How many ticks to advance.', false)],
  }),
  command('run', 'Advance the clock until the world is quiet.', {
    flags: [valued('--max-ticks', 'N', upToLimit(1, LIMITS.ticksPerCommand, 'ticks per command'), 'Stop after N ticks even if the world is not quiet.')],
  }),
  command('cluster', 'Set how many brokers the cluster has (before any topic exists).', {
    flags: [valued('--brokers', 'N', upToLimit(1, LIMITS.brokers, 'brokers in a cluster'), 'Brokers 1 to N.', { required: true })],
  }),
  group('broker', 'Change the cluster: add a broker, or make one fail and come back.', [
    command('add', 'Add a broker, numbered after the highest.', {}),
    command('crash', 'Kill a broker at once; the controller notices after broker.session.timeout.ms.', { positionals: [BROKER_ID] }),
    command('stop', 'Shut a broker down cleanly: its leadership moves to other brokers first.', { positionals: [BROKER_ID] }),
    command('restart', 'Start a crashed or stopped broker again.', { positionals: [BROKER_ID] }),
    command('slow', 'Make a broker slow: as a follower it falls behind and leaves the ISR.', { positionals: [BROKER_ID] }),
    command('fast', 'Make a slow broker fast again.', { positionals: [BROKER_ID] }),
  ]),
  group('consumer', 'Start or stop a long-running consumer application.', [
    command('start', 'Start a consumer application that processes records over time.', {
      positionals: [NAME('consumer')],
      flags: [
        valued('--group', 'G', TEXT, 'The consumer group it joins.', { required: true }),
        valued('--topic', 'T', TEXT, 'The topic it subscribes to.', { required: true }),
        valued('--commit', 'MODE', oneOf(['auto', 'after', 'before']), 'auto (every interval), after processing a batch, or before it.'),
        valued(
          '--auto-commit-interval',
          'TICKS',
          upToLimit(1, LIMITS.ticksPerCommand, 'ticks per command'),
          'With --commit auto: ticks between commits (auto.commit.interval.ms).',
        ),
        valued('--process-ticks', 'N', upToLimit(0, LIMITS.ticksPerCommand, 'ticks per command'), 'Ticks it takes to process one record.'),
        valued('--max-poll-records', 'N', atLeast(1), 'Most records one poll returns (max.poll.records).'),
        valued('--offset-reset', 'WHERE', oneOf(['earliest', 'latest']), 'Where to start without a committed offset (auto.offset.reset).'),
        valued('--assignor', 'NAME', oneOf(['range', 'roundrobin', 'sticky']), 'Partition assignment strategy.'),
      ],
    }),
    command('stop', 'Stop a consumer gracefully: it commits and leaves its group.', {
      positionals: [NAME('consumer')],
    }),
  ]),
  group('producer', 'Start or stop a producer application that sends records over time.', [
    command('start', 'Start a producer application.', {
      positionals: [NAME('producer')],
      flags: [
        valued('--topic', 'T', TEXT, 'The topic it produces to.', { required: true }),
        valued('--every', 'TICKS', upToLimit(1, LIMITS.ticksPerCommand, 'ticks per command'), 'Ticks between records.'),
        valued('--count', 'N', atLeast(1), 'Stop after N records.'),
        valued('--keys', 'K1,K2,...', TEXT, 'Keys to cycle through.'),
        valued('--value', 'TEMPLATE', TEXT, 'Record value; {n} is the record number.'),
        valued('--batch', 'N', upToLimit(1, LIMITS.batchRecords, 'records per batch'), 'Records per send.'),
        // Kafka: acks=-1 means the same as acks=all.
        valued('--acks', 'ACKS', oneOf(['0', '1', 'all'], [['-1', 'all']]), 'Acknowledgements to wait for (acks).'),
      ],
    }),
    command('stop', 'Stop a producer.', { positionals: [NAME('producer')] }),
  ]),
  group('processor', 'Start or stop a consume-transform-produce application.', [
    command('start', 'Start a processor: it reads one topic and writes one record to another per record it processes.', {
      positionals: [NAME('processor')],
      flags: [
        valued('--group', 'G', TEXT, 'The consumer group it joins.', { required: true }),
        valued('--from', 'T1', TEXT, 'The topic it reads.', { required: true }),
        valued('--to', 'T2', TEXT, 'The topic it writes.', { required: true }),
        toggle('--exactly-once', 'One transaction per poll batch, with the batch offsets inside it; reads read_committed.'),
        valued('--process-ticks', 'N', upToLimit(0, LIMITS.ticksPerCommand, 'ticks per command'), 'Ticks it takes to process one record.'),
        valued('--max-poll-records', 'N', atLeast(1), 'Most records one poll (and so one transaction) holds; 10 by default.'),
        valued('--transform', 'TEMPLATE', TEXT, 'The output value: {value}, {key} and {offset} are the input record’s ({value} by default).'),
      ],
    }),
    command('stop', 'Stop a processor gracefully: it ends its batch, commits and leaves its group.', { positionals: [NAME('processor')] }),
  ]),
  command('crash', 'Kill an application at once: nothing is committed.', { positionals: [NAME('application')] }),
  command('restart', 'Restart a crashed or stopped application.', { positionals: [NAME('application')] }),
  command(
    'ledger',
    'Summarise what a group processed (duplicates, skipped records), what a producer sent (lost, duplicated records), or what a processor wrote (duplicated, missing outputs).',
    {
      flags: [
        valued('--group', 'G', TEXT, 'The consumer group.'),
        valued('--producer', 'NAME', TEXT, 'The producer application.'),
        valued('--output', 'T', TEXT, "A processor's output topic."),
        valued('--isolation', 'LEVEL', oneOf(['read_committed', 'read_uncommitted']), 'With --output: read as a consumer with this isolation.level does.'),
      ],
    },
  ),
  command('status', 'Show the clock, topics, groups and applications.', {}),
]);

/** How many subcommand words deep the command tree goes below a tool (`sim consumer start`: 2). */
function subcommandDepth(node: CommandNode): number {
  return node.kind === 'command' ? 0 : 1 + Math.max(0, ...node.subcommands.map(subcommandDepth));
}

// `help sim consumer start`: the tool, then as many subcommand words as the deepest command
// has; help itself checks that they name one.
const HELP = command('help', 'List the commands, or describe one command and its subcommands.', {
  positionals: [
    positional('TOOL', { kind: 'tool' }, 'The tool to describe, such as kafka-topics or sim.', false),
    ...Array.from({ length: subcommandDepth(SIM) }, () => positional('SUBCOMMAND', TEXT, 'A subcommand of the tool, such as consumer, then start.', false)),
  ],
});

/** Every tool of the shell, in the order help lists them. */
export const TOOLS: readonly CommandNode[] = [
  KAFKA_TOPICS,
  KAFKA_CONSOLE_PRODUCER,
  KAFKA_CONSOLE_CONSUMER,
  KAFKA_CONSUMER_GROUPS,
  KAFKA_GET_OFFSETS,
  KAFKA_CONFIGS,
  KAFKA_LEADER_ELECTION,
  KAFKA_TRANSACTIONS,
  SIM,
  HELP,
];

/** Canonical tool names (without `.sh`). */
export const TOOL_NAMES: readonly string[] = TOOLS.map((tool) => tool.name);

/** The canonical name of the tool a word names, accepting `.sh` and a path such as `bin/`, or null. */
export function toolName(word: string): string | null {
  if (TOOL_NAMES.includes(word)) return word;
  // Kafka's quickstart types `bin/kafka-topics.sh`; only the Kafka scripts have those forms.
  const script = /^(?:.*\/)?(kafka-[a-z-]+)(?:\.sh)?$/.exec(word)?.[1];
  return script !== undefined && TOOL_NAMES.includes(script) ? script : null;
}

/** The tool a word names, or null. */
export function findTool(word: string): CommandNode | null {
  const name = toolName(word);
  return TOOLS.find((tool) => tool.name === name) ?? null;
}

/** The subcommand of a group that a word names, or null. */
export function findSubcommand(node: CommandGroup, word: string): CommandNode | null {
  return node.subcommands.find((child) => child.name === word) ?? null;
}

/** The flag of a command that a written name (canonical or alias) means, or null. */
export function findFlag(spec: CommandSpec, written: string): FlagSpec | null {
  const flag = spec.flags.find((f) => f.name === written || f.aliases.includes(written));
  return flag ?? (written === HELP_FLAG.name ? HELP_FLAG : null);
}

/** Every spelling of every flag of a command, for suggestions. */
export function flagSpellings(spec: CommandSpec): string[] {
  return spec.flags.flatMap((f) => [f.name, ...f.aliases]);
}

/** A command's usage line, such as `sim consumer start NAME --group G --topic T [--commit MODE]`. */
export function usage(path: readonly string[], spec: CommandSpec): string {
  const words = [...path];
  for (const p of spec.positionals) words.push(p.required ? p.name : `[${p.name}]`);
  for (const f of spec.flags) {
    if (f.ignored) continue;
    const text = f.value === null ? f.name : `${f.name} ${f.value.name}`;
    words.push(f.required ? text : `[${text}]`);
  }
  return words.join(' ');
}
