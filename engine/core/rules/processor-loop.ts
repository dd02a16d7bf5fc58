/**
 * The consume-transform-produce loop of a `sim processor`, per poll batch, as the standard
 * application loops write it:
 *
 * - exactly-once (KafkaProducer's transactional loop, as in Kafka's `TransactionalMessageCopier`
 *   and Kafka Streams with processing.guarantee=exactly_once_v2):
 *     poll → beginTransaction → send one output per input → sendOffsetsToTransaction(batch end,
 *     groupMetadata) → commitTransaction; on an abortable error, abortTransaction and rewind to
 *     the last committed offsets, so the batch is processed again.
 * - otherwise (at-least-once): poll → send one output per input → flush → commitSync.
 *
 * Each output carries a header naming its input (`streamlab.input: topic-partition@offset`), so
 * the output ledger can match outputs to inputs from the output topic's log alone.
 */
import { address } from '../events.ts';
import type { ProducedRecord } from '../record-store.ts';
import type { ConsumerApp, FetchedRange, ProducerApp } from '../types.ts';
import { partitionKey } from '../world.ts';
import type { RuleContext } from './context.ts';
import { positionsToCommit, sendCommit } from './commits.ts';
import { sendRecords } from './producers.ts';
import { beginTransaction, endTransaction, initTransactions } from './transactional-producer.ts';

/** The header each output carries: which input record it was made from. */
export const INPUT_HEADER = 'streamlab.input';

function producerOf(ctx: RuleContext, consumer: ConsumerApp): ProducerApp | undefined {
  const producer = ctx.world.producers.get(consumer.name);
  return producer && producer.status === 'running' ? producer : undefined;
}

/** Whether the processor may poll: its producer is up and, for exactly-once, initialized with no transaction under way. */
export function processorCanPoll(ctx: RuleContext, consumer: ConsumerApp): boolean {
  const producer = producerOf(ctx, consumer);
  if (!producer) return false;
  return !consumer.processor?.exactlyOnce || producer.transactional?.state === 'ready';
}

/** A poll returned records: an exactly-once processor opens its transaction for the batch. */
export function beginProcessorBatch(ctx: RuleContext, consumer: ConsumerApp): void {
  const producer = producerOf(ctx, consumer);
  if (!consumer.processor?.exactlyOnce || !producer?.transactional) return;
  // How an earlier transaction ended no longer matters (one abandoned on expiry ends while the
  // processor rejoins, and it starts from the committed offsets anyway).
  producer.transactional.outcome = null;
  beginTransaction(producer);
}

/** `{value}`, `{key}` and `{offset}` in the transform are the input's value, key and offset. */
function transformed(template: string, key: string | null, value: string | null, offset: number): string {
  // The default transform copies the value: no string work per record (the bench's pipeline).
  if (template === '{value}') return value ?? '';
  return template
    .replaceAll('{value}', value ?? '')
    .replaceAll('{key}', key ?? '')
    .replaceAll('{offset}', String(offset));
}

/** The processor processed the input at `offset` of `range`: it sends its one output. */
export function emitOutput(ctx: RuleContext, consumer: ConsumerApp, range: FetchedRange, offset: number): void {
  const link = consumer.processor;
  const producer = producerOf(ctx, consumer);
  if (!link || !producer) return;
  // A fenced producer sends nothing: the processor's outputs are lost, which is the point of fencing.
  if (producer.transactional?.state === 'fenced') return;
  const key = range.store.key(offset);
  const record: ProducedRecord = {
    key,
    value: transformed(link.transform, key, range.store.value(offset), offset),
    headers: [{ key: INPUT_HEADER, value: `${partitionKey(range.topic, range.partition)}@${offset}` }],
    createdTick: ctx.world.tick,
  };
  producer.emitted++;
  producer.outbox.push(record);
}

/** Sends the outputs processed since the last send as one batch per partition (what the accumulator does within its linger). */
export function flushOutputs(ctx: RuleContext, consumer: ConsumerApp): void {
  const producer = producerOf(ctx, consumer);
  if (!producer || producer.outbox.length === 0) return;
  const records = producer.outbox;
  producer.outbox = [];
  sendRecords(ctx, producer, records);
}

/**
 * The group expelled the processor with its batch half done (its partitions may be someone
 * else's now): what it wrote for the batch must not count. Exactly-once aborts the transaction
 * (Kafka Streams closes the task dirty on lost partitions) and polls again once that is done;
 * at-least-once drops what it had not sent and commits nothing for the batch.
 */
export function abandonProcessorBatch(ctx: RuleContext, consumer: ConsumerApp): void {
  const producer = producerOf(ctx, consumer);
  if (!producer) return;
  producer.outbox = [];
  const client = producer.transactional;
  if (!consumer.processor?.exactlyOnce || client?.state !== 'in-transaction') return;
  client.abortable = true;
  endTransaction(ctx, producer, null);
}

/** The batch is processed: end it as the loop does (commit the transaction, or flush then commit). */
export function endProcessorBatch(ctx: RuleContext, consumer: ConsumerApp): void {
  flushOutputs(ctx, consumer);
  consumer.phase = 'committing';
  const producer = producerOf(ctx, consumer);
  if (consumer.processor?.exactlyOnce && producer?.transactional) {
    endTransaction(ctx, producer, {
      group: consumer.group,
      memberId: consumer.memberId,
      generation: consumer.generation,
      offsets: positionsToCommit(consumer, consumer.positions),
    });
  }
  runProcessorCommit(ctx, consumer);
}

/**
 * Each tick, a processor ending its batch: at-least-once waits for every output to be
 * acknowledged (flush) and then commits the batch's offsets; exactly-once waits for its
 * transaction to end, and after an abort goes back to the last committed offsets.
 */
export function runProcessorCommit(ctx: RuleContext, consumer: ConsumerApp): void {
  if (consumer.phase !== 'committing' || consumer.commitsInFlight > 0 || !consumer.processor) return;
  const producer = producerOf(ctx, consumer);
  if (!producer) return;
  if (!consumer.processor.exactlyOnce) {
    if (producer.pending.size > 0) return;
    sendCommit(ctx, consumer, positionsToCommit(consumer, consumer.positions));
    if (consumer.commitsInFlight === 0) consumer.phase = 'ready';
    return;
  }
  const client = producer.transactional;
  if (client?.state === 'fenced') {
    // Fenced (its transaction timed out and the coordinator bumped the epoch): as Kafka Streams
    // does on a TaskMigratedException, drop what the batch did, take a new epoch and go back to
    // the last committed offsets. No other instance has this transactional.id here.
    rewindToCommitted(ctx, consumer);
    initTransactions(ctx, producer);
    consumer.phase = 'ready';
    return;
  }
  if (!client || client.outcome === null) return;
  if (client.outcome === 'aborted') rewindToCommitted(ctx, consumer);
  client.outcome = null;
  consumer.phase = 'ready';
}

/** After an abort the batch's outputs are gone: read again from the group's committed offsets (or the positions the batch started from). */
function rewindToCommitted(ctx: RuleContext, consumer: ConsumerApp): void {
  const group = ctx.world.groups.get(consumer.group);
  for (const tp of consumer.assignment) {
    const key = partitionKey(tp.topic, tp.partition);
    const committed = group?.offsets.get(key)?.offset ?? group?.startOffsets.get(key);
    if (committed === undefined) continue;
    consumer.positions.set(key, committed);
    consumer.processedUpTo.set(key, committed);
  }
  ctx.log.emit('processor.rewound', address.consumer(consumer.name), address.group(consumer.group), {
    consumer: consumer.name,
    group: consumer.group,
    positions: positionsToCommit(consumer, consumer.positions),
  });
}
