/**
 * kafka-console-producer: each heredoc line is one record (LineMessageReader). The command
 * waits, advancing the world, until every record is acknowledged, as the real tool flushes
 * on EOF; background consumers and producers keep working meanwhile.
 */
import type { Acks } from '../../core/types.ts';
import { flagValue, flagValues, type Invocation } from '../parse.ts';
import { logLine } from '../output.ts';
import type { ToolContext } from '../tool-context.ts';
import { usageError } from './kafka-topics.ts';
import { isTrue, parseProperties, unescape } from './properties.ts';

function parseAcks(value: string | undefined): Acks | null {
  if (value === undefined || value === 'all' || value === '-1') return 'all';
  if (value === '0') return 0;
  if (value === '1') return 1;
  return null;
}

export function runConsoleProducer(ctx: ToolContext, inv: Invocation): number {
  const topic = flagValue(inv, '--topic');
  if (topic === null) return usageError(ctx, 'Missing required argument "[topic]"');
  const reader = parseProperties(flagValues(inv, '--property'));
  if (reader.bad !== null) return usageError(ctx, `Invalid property: ${reader.bad} (expected name=value)`);
  const producer = parseProperties(flagValues(inv, '--producer-property'));
  if (producer.bad !== null) return usageError(ctx, `Invalid property: ${producer.bad} (expected name=value)`);
  const acks = parseAcks(producer.props.get('acks'));
  if (acks === null) return usageError(ctx, `Invalid value ${producer.props.get('acks')} for configuration acks: String must be one of: all, -1, 0, 1`);

  const parseKey = isTrue(reader.props.get('parse.key'));
  const separator = unescape(reader.props.get('key.separator') ?? '\t');
  const ignoreError = isTrue(reader.props.get('ignore.error'));
  const nullMarker = reader.props.get('null.marker');
  const records: { key: string | null; value: string | null }[] = [];
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
  const exitCode = send(ctx, topic, records, acks);
  if (readError === null) return exitCode;
  ctx.output.err(readError);
  return 1;
}

/** Sends the records and waits until each is acknowledged (or failed), as close() does. */
function send(ctx: ToolContext, topic: string, records: { key: string | null; value: string | null }[], acks: Acks): number {
  if (records.length === 0) return 0;

  const created = !ctx.world.topics.has(topic);
  const result = ctx.apply({ kind: 'produce', topic, records, acks });
  if (!result.ok) {
    ctx.output.err(logLine('ERROR', `Error when sending message to topic ${topic}: ${result.error.message}`, 'org.apache.kafka.clients.producer.internals.ErrorLoggingCallback'));
    return 1;
  }
  if (created) {
    // The broker auto-creates the topic (auto.create.topics.enable); the producer's first metadata answer says so.
    ctx.output.err(
      logLine('WARN', `[Producer clientId=console-producer] The metadata response from the cluster reported a recoverable issue with correlation id 1 : {${topic}=UNKNOWN_TOPIC_OR_PARTITION}`, 'org.apache.kafka.clients.NetworkClient'),
    );
  }
  const name = result.detail?.kind === 'producer' ? result.detail.name : '';
  let failed = 0;
  const finished = ctx.waitUntil(() => {
    const done = ctx.events.find((e) => e.kind === 'producer.finished' && e.payload.producer === name);
    if (done && done.kind === 'producer.finished') failed = done.payload.failed;
    return done !== undefined;
  });
  if (!finished || failed > 0) {
    ctx.output.err(
      logLine(
        'ERROR',
        `Error when sending message to topic ${topic} with key: ${failed} records, value: ${failed} records with error:`,
        'org.apache.kafka.clients.producer.internals.ErrorLoggingCallback',
      ),
    );
    ctx.output.err(`org.apache.kafka.common.errors.TimeoutException: Expiring ${failed} record(s) for ${topic}: delivery timed out`);
  }
  return 0;
}
