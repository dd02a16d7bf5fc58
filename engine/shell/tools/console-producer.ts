/**
 * kafka-console-producer: each heredoc line is one record (LineMessageReader). The command
 * waits, advancing the world, until every record is acknowledged, as the real tool flushes
 * on EOF; background consumers and producers keep working meanwhile.
 */
import { utf8Bytes } from '../../core/partitioner.ts';
import { checkRecordSize, DEFAULT_MAX_REQUEST_SIZE, serializedSizeUpperBound } from '../../core/record-size.ts';
import { isInternalTopic, topicExists, validateTopicName } from '../../core/rules/topics.ts';
import type { Acks } from '../../core/types.ts';
import { flagValue, flagValues, type Invocation } from '../parse.ts';
import { logLine } from '../output.ts';
import type { ToolContext } from '../tool-context.ts';
import { usageError } from './kafka-topics.ts';
import { isTrue, parseProperties, unescape } from './properties.ts';

interface LineRecord {
  readonly key: string | null;
  readonly value: string | null;
}

const CALLBACK_LOGGER = 'org.apache.kafka.clients.producer.internals.ErrorLoggingCallback';
const CLIENT_LOG = '[Producer clientId=console-producer]';
/** The console producer's max.block.ms (its --max-block-ms default): how long send() waits for a topic's metadata. */
const MAX_BLOCK_MS = 60_000;

/** ProducerConfig's acks: a STRING (trimmed) that must be one of all, -1, 0, 1. */
function parseAcks(value: string | undefined): Acks | null {
  const v = value?.trim();
  if (v === undefined || v === 'all' || v === '-1') return 'all';
  if (v === '0') return 0;
  if (v === '1') return 1;
  return null;
}

/**
 * ProducerConfig's max.request.size: an INT (ConfigDef parses the trimmed text with
 * Integer.parseInt) of at least 0; a string explains why not.
 */
function parseMaxRequestSize(value: string | undefined): number | string {
  if (value === undefined) return DEFAULT_MAX_REQUEST_SIZE;
  const trimmed = value.trim();
  const n = /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isInteger(n) || n < -2_147_483_648 || n > 2_147_483_647)
    return `Invalid value ${value} for configuration max.request.size: Not a number of type INT`;
  if (n < 0) return `Invalid value ${n} for configuration max.request.size: Value must be at least 0`;
  return n;
}

/**
 * A producer config the KafkaProducer constructor refuses: ConsoleProducer.start prints the
 * ConfigException's stack trace (frames left out here) and exits 1.
 */
function configError(ctx: ToolContext, message: string): number {
  ctx.output.err(`org.apache.kafka.common.config.ConfigException: ${message}`);
  return 1;
}

export function runConsoleProducer(ctx: ToolContext, inv: Invocation): number {
  const topic = flagValue(inv, '--topic');
  if (topic === null) return usageError(ctx, 'Missing required argument "[topic]"');
  const reader = parseProperties(flagValues(inv, '--property'));
  if (reader.bad !== null) return usageError(ctx, `Invalid property: ${reader.bad} (expected name=value)`);
  const producer = parseProperties(flagValues(inv, '--producer-property'));
  if (producer.bad !== null) return usageError(ctx, `Invalid property: ${producer.bad} (expected name=value)`);
  const acks = parseAcks(producer.props.get('acks'));
  if (acks === null) return configError(ctx, `Invalid value ${producer.props.get('acks')} for configuration acks: String must be one of: all, -1, 0, 1`);
  const maxRequestSize = parseMaxRequestSize(producer.props.get('max.request.size'));
  if (typeof maxRequestSize === 'string') return configError(ctx, maxRequestSize);

  const parseKey = isTrue(reader.props.get('parse.key'));
  const separator = unescape(reader.props.get('key.separator') ?? '\t');
  const ignoreError = isTrue(reader.props.get('ignore.error'));
  const nullMarker = reader.props.get('null.marker');
  const records: LineRecord[] = [];
  const lines = inv.input ?? [];
  let readError: string | null = null;
  for (const [i, line] of lines.entries()) {
    const asNull = (s: string) => (nullMarker !== undefined && s === nullMarker ? null : s);
    if (!parseKey) {
      records.push({ key: null, value: asNull(line) });
      continue;
    }
    const at = line.indexOf(separator);
    if (at < 0) {
      if (ignoreError) {
        records.push({ key: null, value: asNull(line) });
        continue;
      }
      // Kafka: the exception escapes the read loop, its stack trace is printed and the tool
      // exits 1; the exit runs the producer-shutdown-hook (producer.close), which still
      // delivers the lines sent before this one (ConsoleProducer.start).
      readError = `org.apache.kafka.common.KafkaException: No key separator found on line number ${i + 1}: '${line}'`;
      break;
    }
    records.push({ key: asNull(line.slice(0, at)), value: asNull(line.slice(at + separator.length)) });
  }
  const exitCode = send(ctx, topic, records, acks, maxRequestSize);
  if (readError === null) return exitCode;
  ctx.output.err(readError);
  return 1;
}

/** ErrorLoggingCallback.onCompletion: key and value shown by their byte counts (logAsString is false), then the exception. */
function callbackError(ctx: ToolContext, topic: string, record: LineRecord, exception: string): void {
  const bytes = (text: string | null) => (text === null ? 'null' : `${utf8Bytes(text).length} bytes`);
  ctx.output.err(
    logLine('ERROR', `Error when sending message to topic ${topic} with key: ${bytes(record.key)}, value: ${bytes(record.value)} with error:`, CALLBACK_LOGGER),
  );
  ctx.output.err(exception);
}

/** NetworkClient's warning for a metadata answer with a topic error. */
function metadataWarning(ctx: ToolContext, topic: string, error: string): void {
  ctx.output.err(
    logLine(
      'WARN',
      `${CLIENT_LOG} The metadata response from the cluster reported a recoverable issue with correlation id 1 : {${topic}=${error}}`,
      'org.apache.kafka.clients.NetworkClient',
    ),
  );
}

/**
 * A name Topic.validate refuses: the broker's metadata answer is INVALID_TOPIC_EXCEPTION, so the
 * first send fails in waitOnMetadata with "Invalid topics: [t]" (Metadata.maybeThrowExceptionForTopic)
 * and every later one with just the name (the cached cluster lists it as invalid).
 */
function failInvalidTopic(ctx: ToolContext, topic: string, records: readonly LineRecord[]): number {
  metadataWarning(ctx, topic, 'INVALID_TOPIC_EXCEPTION');
  ctx.output.err(logLine('ERROR', `${CLIENT_LOG} Metadata response reported invalid topics [${topic}]`, 'org.apache.kafka.clients.Metadata'));
  for (const [i, record] of records.entries()) {
    callbackError(ctx, topic, record, `org.apache.kafka.common.errors.InvalidTopicException: ${i === 0 ? `Invalid topics: [${topic}]` : topic}`);
  }
  return 0;
}

/**
 * A missing topic the controller will not create (its name collides with an existing one): every
 * metadata answer says UNKNOWN_TOPIC_OR_PARTITION, so each send blocks for max.block.ms and fails
 * (KafkaProducer.waitOnMetadata), the clock running meanwhile. Kafka repeats the WARN at each
 * metadata retry; it is printed once here.
 */
function failUncreatableTopic(ctx: ToolContext, topic: string, records: readonly LineRecord[]): number {
  metadataWarning(ctx, topic, 'UNKNOWN_TOPIC_OR_PARTITION');
  const blockTicks = Math.ceil(MAX_BLOCK_MS / ctx.world.options.tickMs);
  for (const record of records) {
    ctx.waitUntil(() => false, blockTicks);
    callbackError(
      ctx,
      topic,
      record,
      `org.apache.kafka.common.errors.TimeoutException: Topic ${topic} not present in metadata after ${MAX_BLOCK_MS} ms.\nCaused by: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.`,
    );
  }
  return 0;
}

/**
 * Sends the records as KafkaProducer.doSend does, one by one: the topic's metadata first (an
 * invalid name fails here; a missing topic is auto-created, auto.create.topics.enable), then the
 * size check (ensureValidRecordSize), then the append. Then waits until each record is
 * acknowledged (or failed), as close() does. Failed sends are logged and the tool still exits 0.
 */
function send(ctx: ToolContext, topic: string, records: readonly LineRecord[], acks: Acks, maxRequestSize: number): number {
  if (records.length === 0) return 0;
  if (validateTopicName(topic) !== null) return failInvalidTopic(ctx, topic, records);
  if (!topicExists(ctx.world, topic)) {
    // The broker auto-creates the topic; the producer's first metadata answer says so. An internal
    // topic would be created as the coordinator's own: the simulator leaves it to the coordinator.
    if (!isInternalTopic(topic)) {
      const created = ctx.apply({ kind: 'createTopic', topic, partitions: 1 });
      if (!created.ok && created.error.code === 'InvalidTopicException') return failUncreatableTopic(ctx, topic, records);
      // Any other refusal is one of the simulator's own limits: said in the simulator's voice, as kafka-topics does.
      if (!created.ok) return usageError(ctx, `error: ${created.error.message}`);
    }
    metadataWarning(ctx, topic, 'UNKNOWN_TOPIC_OR_PARTITION');
  }
  const sendable: LineRecord[] = [];
  for (const record of records) {
    const tooLarge = checkRecordSize(serializedSizeUpperBound(record.key, record.value, []), maxRequestSize);
    if (tooLarge) callbackError(ctx, topic, record, `org.apache.kafka.common.errors.RecordTooLargeException: ${tooLarge.message}`);
    // The broker refuses appends to an internal topic (ReplicaManager.appendToLocalLog) with no
    // message of its own, so the client shows INVALID_TOPIC_EXCEPTION's default one.
    else if (isInternalTopic(topic))
      callbackError(
        ctx,
        topic,
        record,
        'org.apache.kafka.common.errors.InvalidTopicException: The request attempted to perform an operation on an invalid topic.',
      );
    else sendable.push(record);
  }
  if (sendable.length === 0) return 0;

  const result = ctx.apply({ kind: 'produce', topic, records: sendable, acks });
  if (!result.ok) {
    ctx.output.err(logLine('ERROR', `Error when sending message to topic ${topic}: ${result.error.message}`, CALLBACK_LOGGER));
    return 1;
  }
  const name = result.detail?.kind === 'producer' ? result.detail.name : '';
  let failed = 0;
  let done = ctx.events.some((e) => e.kind === 'producer.finished' && e.payload.producer === name && ((failed = e.payload.failed), true));
  // Watch each tick's events rather than search all of them every tick (that was quadratic in a long wait).
  ctx.watch((events) => {
    for (const e of events) {
      if (e.kind !== 'producer.finished' || e.payload.producer !== name) continue;
      done = true;
      failed = e.payload.failed;
    }
  });
  const finished = ctx.waitUntil(() => done);
  if (!finished || failed > 0) {
    ctx.output.err(
      logLine('ERROR', `Error when sending message to topic ${topic} with key: ${failed} records, value: ${failed} records with error:`, CALLBACK_LOGGER),
    );
    ctx.output.err(`org.apache.kafka.common.errors.TimeoutException: Expiring ${failed} record(s) for ${topic}: delivery timed out`);
  }
  return 0;
}
