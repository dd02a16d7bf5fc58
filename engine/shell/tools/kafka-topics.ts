/**
 * kafka-topics, printing what Kafka 4.1's TopicCommand prints (reference §1). Errors go to
 * stdout as "Error while executing topic command : …" with the logged exception on stderr
 * (without its timestamp), exit code 1.
 */
import type { CommandError } from '../../core/commands.ts';
import { SIMULATOR_LIMIT } from '../../core/limits.ts';
import { listTopics } from '../../core/queries.ts';
import type { PartitionState, TopicState } from '../../core/types.ts';
import { flagValue, flagValues, hasFlag, type Invocation } from '../parse.ts';
import type { ToolContext } from '../tool-context.ts';
import { isOffsetsTopicInUse, OFFSETS_TOPIC, offsetsTopicNotSimulated } from '../../core/rules/topics.ts';
import { internalTopicNames, isInternalTopic, describeInternalTopic } from './internal-topics.ts';
import { compileTopicFilter } from './topic-filter.ts';

const LOGGER = 'org.apache.kafka.tools.TopicCommand';
const EXCEPTIONS: Record<string, string> = {
  TopicExistsException: 'org.apache.kafka.common.errors.TopicExistsException',
  InvalidPartitionsException: 'org.apache.kafka.common.errors.InvalidPartitionsException',
  InvalidReplicationFactorException: 'org.apache.kafka.common.errors.InvalidReplicationFactorException',
  InvalidTopicException: 'org.apache.kafka.common.errors.InvalidTopicException',
  InvalidConfigurationException: 'org.apache.kafka.common.errors.InvalidConfigurationException',
  IllegalArgumentException: 'java.lang.IllegalArgumentException',
};

/** Kafka's error path: the message on stdout, the logged exception on stderr, exit 1. */
function fail(ctx: ToolContext, code: string, message: string): number {
  // A simulator limit is not Kafka's to report: say it in the simulator's own voice.
  if (code === SIMULATOR_LIMIT || code === 'NotSimulated') {
    ctx.output.err(`error: ${message}`);
    return 1;
  }
  ctx.output.out(`Error while executing topic command : ${message}`);
  ctx.output.err(`ERROR ${EXCEPTIONS[code] ?? `org.apache.kafka.common.errors.${code}`}: ${message}`);
  ctx.output.err(` (${LOGGER})`);
  return 1;
}

function failWith(ctx: ToolContext, error: CommandError): number {
  return fail(ctx, error.code, error.message);
}

/** Kafka's printUsageAndExit: the message on stderr, exit 1 (the full option list is left out). */
export function usageError(ctx: ToolContext, message: string): number {
  ctx.output.err(message);
  return 1;
}

const ACTIONS = ['--create', '--list', '--describe', '--alter', '--delete'] as const;

/**
 * `--describe`'s report flags (TopicCommand 4.1.1, lines 324-346): each selects partitions by a
 * predicate, a partition is shown once if any given flag selects it, and with any of them only
 * the matching partition lines print (no topic line).
 */
const REPORTS = {
  '--under-replicated-partitions': (p: PartitionState) => p.replicas.length - p.isr.length > 0,
  // The topic's value as configured, not capped at the replication factor (the broker caps it).
  '--under-min-isr-partitions': (p: PartitionState, minIsr: number, live: ReadonlySet<number>) => leaderOf(p, live) === null || p.isr.length < minIsr,
  '--at-min-isr-partitions': (p: PartitionState, minIsr: number) => minIsr === p.isr.length,
  '--unavailable-partitions': (p: PartitionState, _minIsr: number, live: ReadonlySet<number>) => leaderOf(p, live) === null,
} as const;
type ReportFlag = keyof typeof REPORTS;
const REPORT_FLAGS = Object.keys(REPORTS) as ReportFlag[];

/** The leader a client sees: none when the partition has no leader or its broker is not live. */
function leaderOf(p: PartitionState, live: ReadonlySet<number>): number | null {
  return p.leader >= 0 && live.has(p.leader) ? p.leader : null;
}

export function runKafkaTopics(ctx: ToolContext, inv: Invocation): number {
  // checkArgs: with no arguments at all, Kafka's usage is headed by the tool's summary instead.
  // `--bootstrap-server` counts as an argument there, though the parser drops it.
  if (inv.flags.length === 0 && !inv.text.includes('--bootstrap-server')) {
    return usageError(ctx, 'Create, delete, describe, or change a topic.');
  }
  const actions = ACTIONS.filter((a) => hasFlag(inv, a));
  if (actions.length !== 1) {
    return usageError(ctx, 'Command must include exactly one action: --list, --describe, --create, --alter or --delete');
  }
  const action = actions[0];
  // CommandLineUtils.checkInvalidArgs: a report flag belongs to --describe (TopicCommand lines 1001-1008).
  const report = REPORT_FLAGS.find((f) => hasFlag(inv, f));
  if (report !== undefined && action !== '--describe')
    return usageError(ctx, `Option "[${report.slice(2)}]" can't be used with option "[${(action ?? '').slice(2)}]"`);
  const topic = flagValue(inv, '--topic');
  if (action !== '--list' && action !== '--describe' && topic === null) return usageError(ctx, 'Missing required argument "[topic]"');
  switch (action) {
    case '--create':
      return create(ctx, inv, topic as string);
    case '--list':
      return list(ctx, inv, topic);
    case '--describe':
      return describe(ctx, inv, topic);
    case '--alter':
      return alter(ctx, inv, topic as string);
    default:
      return remove(ctx, inv, topic as string);
  }
}

function create(ctx: ToolContext, inv: Invocation, topic: string): number {
  const partitions = Number(flagValue(inv, '--partitions') ?? '1');
  const rf = Number(flagValue(inv, '--replication-factor') ?? '1');
  // new CommandTopicPartition parses --config first (parseTopicConfigsToBeAdded): each value is
  // split Java-style on `\s*=\s*` and must give exactly key and value; a bad one fails through
  // the tool's error path (stdout + logged IllegalArgumentException), before the WARNING.
  const configs: [string, string][] = [];
  for (const c of flagValues(inv, '--config')) {
    const parts = c.split(/\s*=\s*/);
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop(); // String.split drops trailing empties
    if (parts.length !== 2) {
      return fail(ctx, 'IllegalArgumentException', 'requirement failed: Invalid topic config: all configs to be added must be in the format "key=val".');
    }
    configs.push([(parts[0] ?? '').trim(), (parts[1] ?? '').trim()]);
  }
  // TopicService.createTopic prints the collision WARNING next, before its own checks of the
  // replication factor and partitions (so `--topic a.b --partitions 0` shows both).
  if (topic.includes('.') || topic.includes('_')) {
    ctx.output.out(
      "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.",
    );
  }
  if (rf < 1 || rf > 32767) return fail(ctx, 'IllegalArgumentException', 'The replication factor must be between 1 and 32767 inclusive');
  if (partitions < 1) return fail(ctx, 'IllegalArgumentException', 'The partitions must be greater than 0');
  const result = ctx.apply({ kind: 'createTopic', topic, partitions, replicationFactor: rf, configs });
  if (!result.ok) {
    // --if-not-exists swallows TopicExistsException: nothing printed, exit 0.
    if (result.error.code === 'TopicExistsException' && hasFlag(inv, '--if-not-exists')) return 0;
    return failWith(ctx, result.error);
  }
  ctx.output.out(`Created topic ${topic}.`);
  return 0;
}

/**
 * All topic names, internal ones included once they exist, as the admin client lists them.
 * `--exclude-internal` goes by name (Topic.isInternal), so it also hides a hand-made
 * `__consumer_offsets`.
 */
function allTopics(ctx: ToolContext, inv: Invocation): string[] {
  const names = [...listTopics(ctx.world), ...internalTopicNames(ctx.world)];
  const shown = hasFlag(inv, '--exclude-internal') ? names.filter((n) => !isInternalTopic(n)) : names;
  return shown.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function matching(ctx: ToolContext, inv: Invocation, filter: string | null): string[] | null {
  const names = allTopics(ctx, inv);
  if (filter === null) return names;
  const matches = compileTopicFilter(filter);
  return matches ? names.filter(matches) : null;
}

function list(ctx: ToolContext, inv: Invocation, filter: string | null): number {
  const names = matching(ctx, inv, filter);
  if (!names) return usageError(ctx, `Invalid topic regular expression: ${filter}`);
  // One println of the joined names: no topics prints one empty line.
  ctx.output.out(names.join('\n'));
  return 0;
}

function partitionLine(topic: TopicState, p: PartitionState, live: ReadonlySet<number>): string {
  const leader = leaderOf(p, live);
  return `\tTopic: ${topic.name}\tPartition: ${p.partition}\tLeader: ${leader ?? 'none'}\tReplicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}\tElr: ${p.elr.join(',')}\tLastKnownElr: ${p.lastKnownElr.join(',')}`;
}

function describeTopic(topic: TopicState, live: ReadonlySet<number>, reports: readonly ReportFlag[]): string[] {
  if (reports.length > 0) {
    const minIsr = Number(topic.configs.get('min.insync.replicas') ?? '1');
    return topic.partitions.filter((p) => reports.some((f) => REPORTS[f](p, minIsr, live))).map((p) => partitionLine(topic, p, live));
  }
  const configs = [...topic.configs].map(([k, v]) => `${k}=${v}`);
  // The stock 4.x server.properties sets log.segment.bytes, so every topic shows it, unless its own value replaces it.
  if (!topic.configs.has('segment.bytes')) configs.push('segment.bytes=1073741824');
  const lines = [
    `Topic: ${topic.name}\tTopicId: ${topic.id}\tPartitionCount: ${topic.partitions.length}\tReplicationFactor: ${topic.replicationFactor}\tConfigs: ${configs.join(',')}`,
  ];
  for (const p of topic.partitions) lines.push(partitionLine(topic, p, live));
  return lines;
}

function describe(ctx: ToolContext, inv: Invocation, filter: string | null): number {
  const names = matching(ctx, inv, filter);
  if (!names) return usageError(ctx, `Invalid topic regular expression: ${filter}`);
  if (filter !== null && names.length === 0) {
    if (hasFlag(inv, '--if-exists')) return 0;
    return fail(ctx, 'IllegalArgumentException', `Topic '${filter}' does not exist as expected`);
  }
  const reports = REPORT_FLAGS.filter((f) => hasFlag(inv, f));
  // The metadata lists the brokers the controller has not fenced: a crashed one still counts until its session times out.
  const live = new Set(ctx.world.brokers.filter((b) => !b.fenced).map((b) => b.id));
  for (const name of names) {
    const topic = ctx.world.topics.get(name);
    // The simulator's __consumer_offsets is always fully replicated and led: no report selects it.
    const lines = topic ? describeTopic(topic, live, reports) : reports.length > 0 ? [] : describeInternalTopic(ctx.world, name);
    for (const line of lines) ctx.output.out(line);
  }
  return 0;
}

/**
 * The simulator's refusal to delete or grow the coordinator's `__consumer_offsets` (Kafka 4.x
 * would do either: the admin client asks the controller, which has no check for internal
 * topics). Checked for every matched name before anything changes, so a regular expression that
 * also matches other topics changes nothing either. Printed as a usage error: not Kafka's output.
 */
function refusedForOffsetsTopic(ctx: ToolContext, names: readonly string[], action: 'deleteTopic' | 'alterPartitions'): number | null {
  if (!names.includes(OFFSETS_TOPIC) || !isOffsetsTopicInUse(ctx.world)) return null;
  return usageError(ctx, offsetsTopicNotSimulated(action === 'deleteTopic' ? 'deleting' : 'adding partitions to').message);
}

function alter(ctx: ToolContext, inv: Invocation, filter: string): number {
  const partitions = flagValue(inv, '--partitions');
  if (partitions === null) return usageError(ctx, 'Missing required argument "[partitions]"');
  const names = matching(ctx, inv, filter) ?? [];
  if (names.length === 0) {
    if (hasFlag(inv, '--if-exists')) return 0;
    return fail(ctx, 'IllegalArgumentException', `Topic '${filter}' does not exist as expected`);
  }
  const refused = refusedForOffsetsTopic(ctx, names, 'alterPartitions');
  if (refused !== null) return refused;
  for (const name of names) {
    const result = ctx.apply({ kind: 'alterPartitions', topic: name, partitions: Number(partitions) });
    if (!result.ok) return failWith(ctx, result.error);
  }
  return 0;
}

function remove(ctx: ToolContext, inv: Invocation, filter: string): number {
  const names = matching(ctx, inv, filter) ?? [];
  if (names.length === 0) {
    if (hasFlag(inv, '--if-exists')) return 0;
    return fail(ctx, 'IllegalArgumentException', `Topic '${filter}' does not exist as expected`);
  }
  const refused = refusedForOffsetsTopic(ctx, names, 'deleteTopic');
  if (refused !== null) return refused;
  for (const name of names) {
    const result = ctx.apply({ kind: 'deleteTopic', topic: name });
    if (!result.ok) return failWith(ctx, result.error);
  }
  return 0;
}
