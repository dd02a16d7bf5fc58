/** The broker: appends produced records, answers fetches (long-polling empty ones). */
import { address } from '../events.ts';
import type { FetchedRange, NetworkMessage, PartitionState, TopicPartition, TopicState } from '../types.ts';
import { recordsEnd } from '../log-segments.ts';
import { appendBatch } from './segments.ts';
import { LIMITS } from '../limits.ts';
import { findPartition, hopTicks, isServing } from '../world.ts';
import { ledgerAppended } from '../producer-ledger.ts';
import type { RuleContext } from './context.ts';
import { sendProduceResponse } from './produce-response.ts';
import { advanceHighWatermark, answerWaitingFollowers, leaderServes, minInsyncReplicas } from './replication.ts';
import { fetchedRange, readableEnd } from './partition-transactions.ts';
import { admitTransactionalBatch } from './transaction-coordinator.ts';

type ProduceRequest = Extract<NetworkMessage, { kind: 'produce' }>;
type FetchRequest = Extract<NetworkMessage, { kind: 'fetch' }>;

/** Appends a produce request's records to the partition leader's log and answers when acks ask for it. */
export function handleProduce(ctx: RuleContext, req: ProduceRequest): void {
  const { world, log } = ctx;
  const partition = findPartition(world, req.topic, req.partition);
  const respond = (baseOffset: number, error: string | null) => {
    if (req.acks !== 0) sendProduceResponse(ctx, req, baseOffset, error);
  };
  // A broker that is down answers nothing: the producer times out and asks for new metadata.
  if (!isServing(world, req.broker)) return;
  if (!partition) {
    respond(-1, 'UNKNOWN_TOPIC_OR_PARTITION');
    return;
  }
  // ReplicaManager: a broker that does not lead the partition (any more) refuses the write.
  if (partition.leader !== req.broker) {
    respond(-1, 'NOT_LEADER_OR_FOLLOWER');
    return;
  }
  // Idempotence: a retry of a batch already appended is acknowledged, not appended again.
  // "At or below the last sequence" means "already appended" only because batches are appended
  // strictly in sequence order: a batch that overtook an earlier one still being retried is
  // refused (Kafka's OutOfOrderSequenceException), else that earlier one would be taken for a
  // duplicate on arrival and acknowledged without ever being appended. A producer that gave up
  // on a batch bumps its epoch and numbers from 0 again; what is left of older epochs is fenced.
  const entry = partition.lastSequence.get(req.producerId);
  if (req.idempotent && entry && req.producerEpoch < entry.epoch) {
    respond(-1, 'INVALID_PRODUCER_EPOCH');
    return;
  }
  const lastSequence = entry && entry.epoch === req.producerEpoch ? entry.sequence : -1;
  if (req.idempotent && req.firstSequence > lastSequence + 1) {
    respond(-1, 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    return;
  }
  if (req.idempotent && req.firstSequence <= lastSequence) {
    log.emit('records.deduplicated', address.broker(partition.leader), address.partition(req.topic, req.partition), {
      requestId: req.requestId,
      topic: req.topic,
      partition: req.partition,
      count: req.records.length,
    });
    // acks=all: Kafka answers a duplicate once the high watermark passes the original batch. Its
    // offsets are not kept here; the batch is below the log end, so waiting for the high
    // watermark to reach the log end is never too early (and, with one replica, immediate).
    if (req.acks === 'all' && partition.highWatermark < partition.logEndOffset) {
      holdAck(partition, req, -1);
      return;
    }
    respond(-1, null);
    return;
  }
  // Partition.appendRecordsToLeader: with acks=all, a leader whose ISR is smaller than the
  // topic's min.insync.replicas refuses the write before appending (NotEnoughReplicasException,
  // retriable: the producer tries again).
  if (req.acks === 'all' && partition.isr.length < minInsyncReplicas(world, partition)) {
    respond(-1, 'NOT_ENOUGH_REPLICAS');
    return;
  }
  // LogValidator: a compacted topic refuses a record without a key (InvalidRecordException, not retriable).
  if (world.topics.get(req.topic)?.logConfig.compact && req.records.some((r) => r.key === null)) {
    respond(-1, 'INVALID_RECORD');
    return;
  }
  // The simulator's record limit (limits.ts): the broker refuses what would overfill it, as a
  // real broker refuses writes to a full disk; producers retry, then count the records failed.
  if (world.counters.recordsRetained + req.records.length > LIMITS.recordsRetained) {
    respond(-1, 'RECORD_LIMIT_REACHED');
    return;
  }
  // A transactional batch joins its producer's transaction in this partition (transaction
  // version 2: the leader adds the partition for it), unless the producer is fenced or its
  // previous transaction is still being ended.
  if (req.transactionalId !== null) {
    const refused = admitTransactionalBatch(ctx, req.transactionalId, req.producerId, req.producerEpoch, { topic: req.topic, partition: req.partition });
    if (refused !== null) {
      respond(-1, refused);
      return;
    }
  }
  world.counters.recordsRetained += req.records.length;
  const baseOffset = partition.logEndOffset;
  const producer = world.producers.get(req.producer);
  if (producer) ledgerAppended(producer, req.requestId, world.tick, baseOffset, partition.store);
  let bytes = 0;
  let maxTick = -1;
  for (const record of req.records) {
    bytes += partition.store.write(partition.logEndOffset, record, req.producerId);
    if (record.createdTick > maxTick) maxTick = record.createdTick;
    partition.logEndOffset++;
  }
  partition.retainedBytes += bytes;
  const batch = { baseOffset, count: req.records.length, bytes, maxTick };
  partition.segments = appendBatch(partition.segments, batch, (world.topics.get(req.topic) as TopicState).logConfig, world.options.tickMs);
  if (req.idempotent) partition.lastSequence.set(req.producerId, { epoch: req.producerEpoch, sequence: req.firstSequence + req.records.length - 1 });
  log.emit('records.appended', address.broker(partition.leader), address.partition(req.topic, req.partition), {
    requestId: req.requestId,
    topic: req.topic,
    partition: req.partition,
    baseOffset,
    count: req.records.length,
  });
  answerWaitingFollowers(ctx, partition);
  advanceHighWatermark(ctx, partition);
  // acks=1 is answered on the leader's append; acks=all once the high watermark passed the
  // records (at once with one replica), held in the leader's produce purgatory until then.
  if (req.acks === 'all' && partition.highWatermark < partition.logEndOffset) {
    holdAck(partition, req, baseOffset);
    return;
  }
  respond(baseOffset, null);
}

/** An acks=all request waits in the leader's produce purgatory until the high watermark reaches the log end as it is now. */
function holdAck(partition: PartitionState, req: ProduceRequest, baseOffset: number): void {
  partition.pendingAcks = [...partition.pendingAcks, { producer: req.producer, requestId: req.requestId, baseOffset, endOffset: partition.logEndOffset }];
}

/** Reads what a fetch asks for: up to maxRecords across its partitions, in the order it lists them. */
function readFetch(ctx: RuleContext, req: FetchRequest): { ranges: FetchedRange[]; outOfRange: TopicPartition[] } {
  const ranges: FetchedRange[] = [];
  const outOfRange: TopicPartition[] = [];
  let budget = req.maxRecords;
  for (const pos of req.positions) {
    const partition = findPartition(ctx.world, pos.topic, pos.partition);
    // A partition whose leader is down (or which has none) yields nothing until a leader serves it again.
    if (!partition || !leaderServes(ctx.world, partition)) continue;
    if (pos.offset < partition.logStartOffset || pos.offset > partition.logEndOffset) {
      outOfRange.push({ topic: pos.topic, partition: pos.partition });
      continue;
    }
    // Up to `budget` records still in the log (the cleaner leaves gaps) below the high watermark,
    // or for read_committed below the last stable offset, with the aborted transactions in the
    // range (ReplicaManager.readFromLog with FetchIsolation.TXN_COMMITTED).
    const { to, records } = recordsEnd(partition.segments, pos.offset, readableEnd(partition, req.isolation), budget);
    if (to <= pos.offset) continue;
    ranges.push(fetchedRange(partition, pos.offset, to, req.isolation));
    budget -= records;
    if (budget === 0) break;
  }
  return { ranges, outOfRange };
}

function respondToFetch(ctx: RuleContext, req: FetchRequest, ranges: FetchedRange[], outOfRange: TopicPartition[]): void {
  const { world, log } = ctx;
  for (const r of ranges) {
    log.emit('records.fetched', address.partition(r.topic, r.partition), address.consumer(req.consumer), {
      consumer: req.consumer,
      topic: r.topic,
      partition: r.partition,
      from: r.from,
      to: r.to,
    });
  }
  world.network.push({
    kind: 'fetch-response',
    arriveTick: world.tick + hopTicks(world),
    consumer: req.consumer,
    incarnation: req.incarnation,
    fetchEpoch: req.fetchEpoch,
    ranges,
    outOfRange,
  });
}

/** A fetch arrived: answer now if there is data (or an error), else hold it until data or fetch.max.wait. */
export function handleFetch(ctx: RuleContext, req: FetchRequest): void {
  const { ranges, outOfRange } = readFetch(ctx, req);
  if (ranges.length > 0 || outOfRange.length > 0 || req.expireTick <= ctx.world.tick) respondToFetch(ctx, req, ranges, outOfRange);
  else ctx.world.parkedFetches.push(req);
}

/** Each tick: answer held fetches that now have data, or whose wait ran out. */
export function answerParkedFetches(ctx: RuleContext): void {
  const { world } = ctx;
  if (world.parkedFetches.length === 0) return;
  const still: FetchRequest[] = [];
  for (const req of world.parkedFetches) {
    const consumer = world.consumers.get(req.consumer);
    // A fetch from a consumer that died, closed or restarted has no one to answer to (its connection is gone).
    if (
      !consumer ||
      consumer.incarnation !== req.incarnation ||
      consumer.fetchEpoch !== req.fetchEpoch ||
      consumer.status === 'crashed' ||
      consumer.status === 'stopped'
    )
      continue;
    const { ranges, outOfRange } = readFetch(ctx, req);
    if (ranges.length > 0 || outOfRange.length > 0 || req.expireTick <= world.tick) respondToFetch(ctx, req, ranges, outOfRange);
    else still.push(req);
  }
  world.parkedFetches = still;
}
