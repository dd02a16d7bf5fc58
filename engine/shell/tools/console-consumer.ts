/**
 * kafka-console-consumer: joins its group (or a generated `console-consumer-NNNNN` one),
 * reads, prints records with Kafka's DefaultMessageFormatter, commits what it printed when
 * it closes (only with --group, as the real tool), and prints the record count on stderr.
 *
 * Difference from Kafka: without --max-messages it stops once caught up instead of waiting
 * for Ctrl-C; with --max-messages it also stops when nothing more can arrive.
 */
import { nextConsoleGroupId } from '../../core/rules/consumers.ts';
import { validateTopicName } from '../../core/rules/topics.ts';
import { consoleOutput, type ConsumedRecord } from '../../core/queries.ts';
import { flagValue, flagValues, hasFlag, type Invocation } from '../parse.ts';
import { logLine } from '../output.ts';
import type { ToolContext } from '../tool-context.ts';
import { usageError } from './kafka-topics.ts';
import { isTrue, parseProperties, unescape } from './properties.ts';
import { partitionKey } from '../../core/world.ts';
import { readableEnd } from '../../core/rules/partition-transactions.ts';

interface FormatterOptions {
  readonly timestamp: boolean;
  readonly partition: boolean;
  readonly offset: boolean;
  readonly delivery: boolean;
  readonly epoch: boolean;
  readonly headers: boolean;
  readonly key: boolean;
  readonly value: boolean;
  readonly separator: string;
  readonly nullLiteral: string;
}

/** DefaultMessageFormatter.writeTo: enabled fields in a fixed order, separated by key.separator. */
export function formatRecord(record: ConsumedRecord, o: FormatterOptions): string {
  const fields: string[] = [];
  if (o.timestamp) fields.push(`CreateTime:${record.timestampMs}`);
  if (o.partition) fields.push(`Partition:${record.partition}`);
  if (o.offset) fields.push(`Offset:${record.offset}`);
  // ConsoleConsumer re-wraps each record without a delivery count or leader epoch, so these
  // two always print NOT_PRESENT (reference §2).
  if (o.delivery) fields.push('Delivery:NOT_PRESENT');
  if (o.epoch) fields.push('Epoch:NOT_PRESENT');
  if (o.headers) fields.push(record.headers.length === 0 ? 'NO_HEADERS' : record.headers.map((h) => `${h.key}:${h.value ?? o.nullLiteral}`).join(','));
  if (o.key) fields.push(record.key ?? o.nullLiteral);
  if (o.value) fields.push(record.value ?? o.nullLiteral);
  return fields.join(o.separator);
}

function formatterOptions(props: Map<string, string>): FormatterOptions {
  const flag = (name: string, fallback: boolean) => (props.has(name) ? isTrue(props.get(name)) : fallback);
  return {
    timestamp: flag('print.timestamp', false),
    partition: flag('print.partition', false),
    offset: flag('print.offset', false),
    delivery: flag('print.delivery', false),
    epoch: flag('print.epoch', false),
    headers: flag('print.headers', false),
    key: flag('print.key', false),
    value: flag('print.value', true),
    separator: unescape(props.get('key.separator') ?? '\t'),
    nullLiteral: props.get('null.literal') ?? 'null',
  };
}

const CONSOLE_CONSUMER_LOGGER = 'org.apache.kafka.tools.consumer.ConsoleConsumer';

/** --max-messages: -1 (the default) is no limit; the spec has checked it is a Java int. */
function parseMaxMessages(text: string | null): number | null {
  const n = text === null ? -1 : Number(text);
  return n === -1 ? null : n;
}

/** --timeout-ms, or null for none: absent and negative alike (ConsoleConsumerOptions.parseTimeoutMs). */
function parseTimeoutMs(text: string | null): number | null {
  const n = text === null ? -1 : Number(text);
  return n >= 0 ? n : null;
}

/** Utils.isBlank: null, or nothing left after Java's trim (which drops every char <= U+0020). */
function isBlank(text: string): boolean {
  return [...text].every((c) => c <= ' ');
}

/** NetworkClient's warning for a metadata answer with topic errors (4.x wording). */
function metadataIssue(topic: string, error: string): string {
  return `The metadata response from the cluster reported a recoverable issue with correlation id 2 : {${topic}=${error}}`;
}

export function runConsoleConsumer(ctx: ToolContext, inv: Invocation): number {
  const topic = flagValue(inv, '--topic');
  if (topic === null) return usageError(ctx, 'Exactly one of --include/--topic is required. ');
  if (hasFlag(inv, '--offset') && !hasFlag(inv, '--partition')) return usageError(ctx, 'The partition is required when offset is specified.');
  if (hasFlag(inv, '--partition')) {
    if (hasFlag(inv, '--group')) return usageError(ctx, 'Options group and partition cannot be specified together.');
    return usageError(ctx, 'Streamlab does not simulate --partition yet: read the whole topic, and print.partition=true to see where each record came from.');
  }
  const formatter = parseProperties(flagValues(inv, '--property'));
  if (formatter.bad !== null) return usageError(ctx, `Invalid property: ${formatter.bad} (expected name=value)`);
  const consumerProps = parseProperties(flagValues(inv, '--consumer-property'));
  if (consumerProps.bad !== null) return usageError(ctx, `Invalid property: ${consumerProps.bad} (expected name=value)`);
  const fromBeginning = hasFlag(inv, '--from-beginning');
  const reset = consumerProps.props.get('auto.offset.reset');
  // ConsoleConsumerOptions.setAutoOffsetResetValue: --from-beginning with any value but earliest.
  if (fromBeginning && reset !== undefined && reset !== 'earliest') {
    return usageError(ctx, `Can't simultaneously specify --from-beginning and 'auto.offset.reset=${reset}', please remove one option`);
  }
  // ConsoleConsumerOptions: --isolation-level, when given, overrides an isolation.level property;
  // without it the property stands, else read_uncommitted (CommandLineUtils.maybeMergeOptions).
  // KafkaConsumer's constructor validates it (ConsumerConfig's ValidString, case-sensitive): the
  // ConfigException escapes run() before anything is consumed or counted, and main logs it.
  const isolation = flagValue(inv, '--isolation-level') ?? consumerProps.props.get('isolation.level') ?? 'read_uncommitted';
  if (isolation !== 'read_committed' && isolation !== 'read_uncommitted') {
    ctx.output.err(logLine('ERROR', 'Unknown error when running consumer: ', CONSOLE_CONSUMER_LOGGER));
    ctx.output.err(
      `org.apache.kafka.common.config.ConfigException: Invalid value ${isolation} for configuration isolation.level: String must be one of: read_committed, read_uncommitted`,
    );
    return 1;
  }
  const maxMessages = parseMaxMessages(flagValue(inv, '--max-messages'));
  // parseTimeoutMs: a negative --timeout-ms is no timeout at all (Long.MAX_VALUE).
  const timeoutMs = parseTimeoutMs(flagValue(inv, '--timeout-ms'));
  // No group given: the core generates `console-consumer-NNNNN`, as Kafka's ConsoleConsumerOptions does.
  const explicitGroup = flagValue(inv, '--group') ?? consumerProps.props.get('group.id') ?? null;
  const group = explicitGroup ?? nextConsoleGroupId(ctx.world);

  // ConsumerWrapper's subscribe() refuses a blank name before the try whose finally prints the
  // count, so main() logs it and exits 1 (ClassicKafkaConsumer.subscribeInternal).
  if (isBlank(topic)) {
    ctx.output.err(logLine('ERROR', 'Unknown error when running consumer: ', CONSOLE_CONSUMER_LOGGER));
    ctx.output.err('java.lang.IllegalArgumentException: Topic collection to subscribe to cannot contain null or empty topic');
    return 1;
  }
  // ConsoleConsumer.process loops `while (messageCount < maxMessages || maxMessages == -1)`: 0,
  // and any negative but -1, never polls, so nothing is fetched and no group is joined.
  if (maxMessages !== null && maxMessages <= 0) {
    ctx.output.err('Processed a total of 0 messages');
    return 0;
  }
  const clientLog = `[Consumer clientId=console-consumer, groupId=${group}]`;
  // The first poll's metadata answer: INVALID_TOPIC_EXCEPTION for a name Topic.validate refuses
  // (NetworkClient warns, Metadata logs it, and poll throws InvalidTopicException, which
  // process() logs before the count), UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist.
  if (validateTopicName(topic) !== null) {
    ctx.output.err(logLine('WARN', `${clientLog} ${metadataIssue(topic, 'INVALID_TOPIC_EXCEPTION')}`, 'org.apache.kafka.clients.NetworkClient'));
    ctx.output.err(logLine('ERROR', `${clientLog} Metadata response reported invalid topics [${topic}]`, 'org.apache.kafka.clients.Metadata'));
    ctx.output.err(logLine('ERROR', 'Error processing message, terminating consumer process: ', CONSOLE_CONSUMER_LOGGER));
    ctx.output.err(`org.apache.kafka.common.errors.InvalidTopicException: Invalid topics: [${topic}]`);
    ctx.output.err('Processed a total of 0 messages');
    return 0;
  }
  if (!ctx.world.topics.has(topic)) {
    ctx.output.err(logLine('WARN', `${clientLog} ${metadataIssue(topic, 'UNKNOWN_TOPIC_OR_PARTITION')}`, 'org.apache.kafka.clients.NetworkClient'));
    ctx.output.err('Processed a total of 0 messages');
    return 0;
  }
  const result = ctx.apply({
    kind: 'startConsumer',
    name: 'console-consumer',
    clientId: 'console-consumer',
    group: explicitGroup ?? '',
    topics: [topic],
    // With a group the consumer commits what it printed when it closes; without one Kafka forces enable.auto.commit=false.
    commitMode: explicitGroup !== null ? 'close' : 'none',
    offsetReset: fromBeginning || reset === 'earliest' ? 'earliest' : 'latest',
    isolation,
    // With --timeout-ms the real tool ends by itself (after --max-messages, or on the timeout
    // with its TimeoutException), so it must not stop once caught up: no limit for the core.
    console: { maxMessages: maxMessages ?? (timeoutMs !== null ? Number.MAX_SAFE_INTEGER : null) },
  });
  if (!result.ok) return usageError(ctx, result.error.message);
  const name = result.detail?.kind === 'consumer' ? result.detail.name : '';
  const consumer = () => ctx.world.consumers.get(name);
  const timeoutTicks = timeoutMs === null ? null : Math.max(1, Math.ceil(timeoutMs / ctx.world.options.tickMs));
  let timedOut = false;
  let idleTicks = 0;
  let seen = 0;
  let stopping = false;
  ctx.waitUntil(() => {
    const c = consumer();
    if (!c || c.status === 'stopped') return true;
    if (stopping || c.status !== 'running' || c.phase === 'joining') return false;
    const count = c.console?.records.length ?? 0;
    idleTicks = count === seen ? idleTicks + 1 : 0;
    seen = count;
    // --timeout-ms: no record for that long ends the consumer with a TimeoutException.
    timedOut = timeoutTicks !== null && idleTicks >= timeoutTicks;
    // Waiting for records nothing will produce: stop instead of hanging (a documented difference).
    if (timedOut || (timeoutTicks === null && maxMessages !== null && count < maxMessages && isStalled(ctx, name))) {
      stopping = true;
      ctx.apply({ kind: 'stopConsumer', name });
    }
    return false;
  });
  const formatterOpts = formatterOptions(formatter.props);
  const records = consoleOutput(ctx.world, name);
  for (const record of records) ctx.output.out(formatRecord(record, formatterOpts));
  if (timedOut && timeoutTicks !== null) {
    ctx.output.err(logLine('ERROR', 'Error processing message, terminating consumer process: ', CONSOLE_CONSUMER_LOGGER));
    ctx.output.err('org.apache.kafka.common.errors.TimeoutException');
  }
  ctx.output.err(`Processed a total of ${records.length} messages`);
  ctx.apply({ kind: 'removeConsumer', name });
  return 0;
}

/** True when the console consumer is caught up and nothing in the world can send it more records. */
function isStalled(ctx: ToolContext, name: string): boolean {
  const world = ctx.world;
  const c = world.consumers.get(name);
  if (!c || c.batch || c.commitsInFlight > 0) return false;
  for (const p of world.producers.values()) if (p.status === 'running' || p.pending.size > 0) return false;
  if (world.network.some((m) => m.kind === 'produce' || m.kind === 'produce-response')) return false;
  return c.assignment.every((tp) => {
    const p = world.topics.get(tp.topic)?.partitions[tp.partition];
    return !p || (c.positions.get(partitionKey(tp.topic, tp.partition)) ?? 0) >= readableEnd(p, c.isolation);
  });
}
