/**
 * kafka-console-producer: each heredoc line is one record (LineMessageReader). The command
 * waits, advancing the world, until every record is acknowledged, as the real tool flushes
 * on EOF; background consumers and producers keep working meanwhile.
 */
import { utf8Bytes } from '../../core/partitioner.ts';
import { checkRecordSize, DEFAULT_MAX_REQUEST_SIZE, serializedSizeUpperBound } from '../../core/record-size.ts';
import { isInternalTopic, topicExists, validateTopicName } from '../../core/rules/topics.ts';
import type { Acks } from '../../core/types.ts';
import type { WorldEvent } from '../../core/events.ts';
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
const SENDER_LOGGER = 'org.apache.kafka.clients.producer.internals.Sender';
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

/** delivery.timeout.ms, the producer's default. */
const DELIVERY_TIMEOUT_MS = 120000;

/** The message of a produce request's timeout (Sender.handleProduceResponse). */
const disconnected = (broker: number) => `Disconnected from node ${broker} due to timeout`;

/** Kafka's exception and message for a produce error the producer gave up on (Errors.java). */
const SEND_ERRORS: Record<string, string> = {
  NOT_ENOUGH_REPLICAS: 'org.apache.kafka.common.errors.NotEnoughReplicasException: Messages are rejected since there are fewer in-sync replicas than required.',
  NOT_LEADER_OR_FOLLOWER:
    'org.apache.kafka.common.errors.NotLeaderOrFollowerException: For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.',
};

/**
 * What the producer logs while the tool waits for its sends (Sender.completeBatch, 4.x): a WARN
 * for each error answer it retries, with the attempts left (`retries` is 3 here), a request that
 * timed out counting as a REQUEST_TIMED_OUT answer; an invalid metadata error also a WARN that it
 * asks for new metadata; and for each record it gives up on, the callback's ERROR with the
 * exception. A batch never sent (no leader known) is retried silently and expires.
 *
 * Correlation ids are this producer's requests numbered from 3 (after the bootstrap ApiVersions,
 * Metadata and InitProducerId requests): Kafka's also count every later metadata request, which
 * the simulator does not make, so they are close to Kafka's, not equal.
 */
class SendReport {
  readonly #ctx: ToolContext;
  readonly #topic: string;
  readonly #records = new Map<number, readonly LineRecord[]>();
  #correlationId = 3;
  readonly #correlation = new Map<number, number>();
  #expired = 0;
  /** Records acknowledged or given up on so far. */
  settled = 0;

  constructor(ctx: ToolContext, topic: string) {
    this.#ctx = ctx;
    this.#topic = topic;
  }

  read(e: WorldEvent): void {
    if (e.kind === 'records.sent') {
      if (!this.#records.has(e.payload.requestId)) this.#records.set(e.payload.requestId, e.payload.records);
      this.#correlation.set(e.payload.requestId, this.#correlationId++);
    } else if (e.kind === 'produce.retried' && (e.payload.error !== 'REQUEST_TIMED_OUT' || e.payload.broker >= 0)) {
      const tp = `${e.payload.topic}-${e.payload.partition}`;
      const left = 3 - (e.payload.attempt - 1);
      const id = this.#correlation.get(e.payload.requestId) ?? 0;
      // Sender.handleProduceResponse: a request that timed out is answered REQUEST_TIMED_OUT with this message.
      const error = e.payload.error === 'REQUEST_TIMED_OUT' ? `REQUEST_TIMED_OUT. Error Message: ${disconnected(e.payload.broker)}` : e.payload.error;
      this.#ctx.output.err(
        logLine(
          'WARN',
          `${CLIENT_LOG} Got error produce response with correlation id ${id} on topic-partition ${tp}, retrying (${left} attempts left). Error: ${error}`,
          SENDER_LOGGER,
        ),
      );
      if (e.payload.error === 'NOT_LEADER_OR_FOLLOWER') {
        this.#ctx.output.err(
          logLine(
            'WARN',
            `${CLIENT_LOG} Received invalid metadata error in produce request on partition ${tp} due to ${SEND_ERRORS.NOT_LEADER_OR_FOLLOWER} Going to request metadata update now`,
            SENDER_LOGGER,
          ),
        );
      }
    } else if (e.kind === 'produce.acked') {
      this.settled += e.payload.count;
    } else if (e.kind === 'produce.failed') {
      this.settled += e.payload.count;
      const tp = `${e.payload.topic}-${e.payload.partition}`;
      // Out of retries after a timeout: the batch fails with the last answer's exception, or, never
      // sent for want of a leader, expires in the accumulator (Sender.sendProducerData).
      const timedOut =
        e.payload.broker >= 0
          ? disconnected(e.payload.broker)
          : `Expiring ${e.payload.count} record(s) for ${tp}:${DELIVERY_TIMEOUT_MS} ms has passed since batch creation`;
      // LogValidator's record error, which the producer's Sender makes the exception of a batch with one bad record.
      const invalid = `org.apache.kafka.common.errors.InvalidRecordException: Compacted topic cannot accept message without key in topic partition ${tp}`;
      const exception =
        e.payload.error === 'REQUEST_TIMED_OUT'
          ? `org.apache.kafka.common.errors.TimeoutException: ${timedOut}`
          : e.payload.error === 'INVALID_RECORD'
            ? invalid
            : SEND_ERRORS[e.payload.error];
      if (exception === undefined) {
        this.#expired += e.payload.count;
        return;
      }
      for (const record of this.#records.get(e.payload.requestId) ?? [])
        callbackError(this.#ctx, this.#topic, { key: record.key, value: record.value }, exception);
    }
  }

  /** Records that expired (request timeouts used up their retries), and any still unanswered when the wait ran out. */
  unanswered(stillWaiting: number): void {
    const expired = this.#expired + stillWaiting;
    if (expired === 0) return;
    this.#ctx.output.err(
      logLine(
        'ERROR',
        `Error when sending message to topic ${this.#topic} with key: ${expired} records, value: ${expired} records with error:`,
        CALLBACK_LOGGER,
      ),
    );
    this.#ctx.output.err(`org.apache.kafka.common.errors.TimeoutException: Expiring ${expired} record(s) for ${this.#topic}: delivery timed out`);
  }
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
  const report = new SendReport(ctx, topic);
  let done = false;
  const read = (events: readonly WorldEvent[]) => {
    for (const e of events) {
      if (e.kind === 'producer.finished' && e.payload.producer === name) done = true;
      else if (e.source === `producer:${name}` || e.destination === `producer:${name}`) report.read(e);
    }
  };
  // Watch each tick's events rather than search all of them every tick (that was quadratic in a long wait).
  read(ctx.events);
  ctx.watch(read);
  const finished = ctx.waitUntil(() => done);
  report.unanswered(finished ? 0 : sendable.length - report.settled);
  return 0;
}
