/**
 * Consumer applications: a poll loop per consumer, as a real Kafka application runs it.
 *
 * poll → fetch → (commit, for `before`) → process each record → (commit, for `after`) → poll.
 * Rebalances and graceful stops happen only at a poll boundary (ready, or waiting on a fetch),
 * never mid-batch, because a real consumer only talks to its group inside poll().
 */
import type { CommandError } from '../commands.ts';
import { address } from '../events.ts';
import { numberFor, uuidFor } from '../ids.ts';
import { recordProcessing } from '../ledger.ts';
import type { ConsumerApp, FetchedRange, NetworkMessage, PartitionKey, World } from '../types.ts';
import { findPartition, hopTicks, partitionKey } from '../world.ts';
import { refuse, type RuleContext } from './context.ts';
import { positionsToCommit, sendCommit } from './commits.ts';
import { heartbeat, joinGroup, leaveGroup } from './groups.ts';
import { assignPositions, resetPosition } from './positions.ts';
import { validateTopicName } from './topics.ts';
import { isReturned, readableEnd } from './partition-transactions.ts';
import { crashProducer, restartProducer } from './producers.ts';
import {
  abandonProcessorBatch,
  beginProcessorBatch,
  emitOutput,
  endProcessorBatch,
  flushOutputs,
  processorCanPoll,
  runProcessorCommit,
} from './processor-loop.ts';

export type ConsumerSpec = Pick<
  ConsumerApp,
  | 'name'
  | 'clientId'
  | 'group'
  | 'topics'
  | 'commitMode'
  | 'autoCommitIntervalTicks'
  | 'processTicks'
  | 'maxPollRecords'
  | 'offsetReset'
  | 'assignor'
  | 'console'
  | 'isolation'
  | 'processor'
>;

/**
 * The group Kafka's console consumer joins when given none: `console-consumer-NNNNN` (Kafka
 * draws NNNNN at random; here it is derived from the next console consumer's name and the tick).
 */
export function nextConsoleGroupId(world: World): string {
  return `console-consumer-${numberFor(`console-consumer#${world.counters.consoleConsumers + 1}@${world.tick}`, 100_000)}`;
}

function newMemberId(consumer: ConsumerApp): string {
  return `${consumer.clientId}-${uuidFor(`${consumer.group}/${consumer.name}/${consumer.incarnation}`)}`;
}

/** Starts a consumer application: it joins its group and polls once it has partitions. */
export function startConsumer(ctx: RuleContext, spec: ConsumerSpec): CommandError | null {
  const { world, log } = ctx;
  const existing = world.consumers.get(spec.name);
  if (existing && existing.status !== 'stopped') {
    return refuse('ConsumerExists', `consumer ${spec.name} already exists (${existing.status}); use sim restart ${spec.name}`);
  }
  // Kafka: the broker answers a metadata request for a bad name with INVALID_TOPIC_EXCEPTION and
  // the consumer's poll throws InvalidTopicException; refused here, before the group sees a member.
  for (const topic of spec.topics) {
    const invalid = validateTopicName(topic);
    if (invalid) return invalid;
  }
  const consumer: ConsumerApp = {
    ...spec,
    host: '/127.0.0.1',
    status: 'running',
    incarnation: (existing?.incarnation ?? 0) + 1,
    memberId: null,
    generation: -1,
    assignment: [],
    positions: new Map(),
    processedUpTo: new Map(),
    phase: 'joining',
    fetchCursor: 0,
    fetchEpoch: 0,
    batch: null,
    lastAutoCommitTick: world.tick,
    lastHeartbeatTick: world.tick,
    commitsInFlight: 0,
    awaitingStableOffsets: false,
  };
  consumer.memberId = newMemberId(consumer);
  world.consumers.set(spec.name, consumer);
  log.emit('consumer.started', address.consumer(spec.name), address.group(spec.group), { consumer: spec.name, group: spec.group, topics: spec.topics });
  joinGroup(ctx, consumer);
  return null;
}

/** Asks a consumer to stop gracefully: it finishes its batch, commits, and leaves its group. */
export function stopConsumer(ctx: RuleContext, name: string): CommandError | null {
  const consumer = ctx.world.consumers.get(name);
  if (!consumer || consumer.status !== 'running') return refuse('UnknownConsumer', `no running consumer named ${name}`);
  consumer.status = 'stopping';
  return null;
}

/** Kills a consumer at once: in-memory positions and the batch in hand are lost, nothing is committed. */
export function crashConsumer(ctx: RuleContext, name: string): CommandError | null {
  const consumer = ctx.world.consumers.get(name);
  if (!consumer || (consumer.status !== 'running' && consumer.status !== 'stopping')) {
    return refuse('UnknownConsumer', `no running consumer named ${name}`);
  }
  const lostPositions = positionsToCommit(consumer, consumer.positions);
  consumer.status = 'crashed';
  consumer.batch = null;
  consumer.positions.clear();
  consumer.processedUpTo.clear();
  consumer.assignment = [];
  consumer.commitsInFlight = 0;
  // A processor is one process: its producer dies with it.
  if (consumer.processor) crashProducer(ctx, name);
  // The group is not told: it notices when the session times out.
  ctx.log.emit('consumer.crashed', address.consumer(name), address.consumer(name), { consumer: name, group: consumer.group, lostPositions });
  return null;
}

/** Restarts a crashed or stopped consumer as a new member, resuming from the committed offsets. */
export function restartConsumer(ctx: RuleContext, name: string): CommandError | null {
  const consumer = ctx.world.consumers.get(name);
  if (!consumer) return refuse('UnknownConsumer', `no consumer named ${name}`);
  if (consumer.status === 'running' || consumer.status === 'stopping') return refuse('ConsumerRunning', `consumer ${name} is still running`);
  consumer.incarnation++;
  consumer.memberId = newMemberId(consumer);
  consumer.status = 'running';
  consumer.phase = 'joining';
  consumer.generation = -1;
  consumer.lastAutoCommitTick = ctx.world.tick;
  consumer.lastHeartbeatTick = ctx.world.tick;
  consumer.awaitingStableOffsets = false;
  if (consumer.processor) restartProducer(ctx, name);
  ctx.log.emit('consumer.restarted', address.consumer(name), address.group(consumer.group), { consumer: name, group: consumer.group });
  joinGroup(ctx, consumer);
  return null;
}

/**
 * The coordinator no longer knows this running consumer's member (it expelled it): as Kafka's
 * consumer does on UNKNOWN_MEMBER_ID, it gives up its partitions without committing (they are
 * lost, not revoked: another member may own them already), forgets its member id and joins again.
 */
function joinAfterExpiry(ctx: RuleContext, consumer: ConsumerApp): void {
  if (consumer.processor && consumer.batch) abandonProcessorBatch(ctx, consumer);
  consumer.incarnation++;
  consumer.memberId = newMemberId(consumer);
  consumer.batch = null;
  consumer.positions.clear();
  consumer.processedUpTo.clear();
  consumer.assignment = [];
  consumer.commitsInFlight = 0;
  consumer.phase = 'joining';
  consumer.generation = -1;
  consumer.lastAutoCommitTick = ctx.world.tick;
  joinGroup(ctx, consumer);
}

/** Forgets a consumer that is no longer running (the console consumer once its output was read). */
export function removeConsumer(ctx: RuleContext, name: string): CommandError | null {
  const consumer = ctx.world.consumers.get(name);
  if (!consumer) return refuse('UnknownConsumer', `no consumer named ${name}`);
  if (consumer.status === 'running' || consumer.status === 'stopping') return refuse('ConsumerRunning', `consumer ${name} is still running`);
  ctx.world.consumers.delete(name);
  return null;
}

/** Offsets in `from` that differ from what the group has committed (nothing to say otherwise). */
function changedOffsets(ctx: RuleContext, consumer: ConsumerApp, from: Map<string, number>) {
  const committed = ctx.world.groups.get(consumer.group)?.offsets;
  return positionsToCommit(consumer, from).filter((o) => committed?.get(partitionKey(o.topic, o.partition))?.offset !== o.offset);
}

function isCaughtUp(ctx: RuleContext, consumer: ConsumerApp): boolean {
  return consumer.assignment.every((tp) => {
    const partition = findPartition(ctx.world, tp.topic, tp.partition);
    return !partition || (consumer.positions.get(partitionKey(tp.topic, tp.partition)) ?? 0) >= readableEnd(partition, consumer.isolation);
  });
}

/** Sends a fetch for every assigned partition, starting from a rotating one so none starves. */
function poll(ctx: RuleContext, consumer: ConsumerApp): void {
  const { world, log } = ctx;
  if (consumer.commitMode === 'auto' && world.tick - consumer.lastAutoCommitTick >= consumer.autoCommitIntervalTicks) {
    consumer.lastAutoCommitTick = world.tick;
    sendCommit(ctx, consumer, changedOffsets(ctx, consumer, consumer.positions));
  }
  if (consumer.console && consumer.console.maxMessages === null && isCaughtUp(ctx, consumer)) consumer.console.done = true;
  if (consumer.console?.done) {
    consumer.status = 'stopping';
    beginClose(ctx, consumer);
    return;
  }
  const n = consumer.assignment.length;
  if (n === 0) return;
  if (consumer.processor && !processorCanPoll(ctx, consumer)) return;
  const positions = [];
  for (let i = 0; i < n; i++) {
    const tp = consumer.assignment[(consumer.fetchCursor + i) % n];
    if (!tp) continue;
    positions.push({ topic: tp.topic, partition: tp.partition, offset: consumer.positions.get(partitionKey(tp.topic, tp.partition)) ?? 0 });
  }
  consumer.fetchCursor = (consumer.fetchCursor + 1) % n;
  consumer.fetchEpoch++;
  consumer.phase = 'fetching';
  const arriveTick = world.tick + hopTicks(world);
  log.emit('fetch.sent', address.consumer(consumer.name), address.broker(1), { consumer: consumer.name, positions });
  world.network.push({
    kind: 'fetch',
    arriveTick,
    consumer: consumer.name,
    incarnation: consumer.incarnation,
    fetchEpoch: consumer.fetchEpoch,
    maxRecords: consumer.maxPollRecords,
    isolation: consumer.isolation,
    positions,
    expireTick: arriveTick + world.options.fetchMaxWaitTicks,
  });
}

/** A fetch answer arrived: take the records as the next batch (stale answers are dropped). */
export function handleFetchResponse(ctx: RuleContext, res: Extract<NetworkMessage, { kind: 'fetch-response' }>): void {
  const consumer = ctx.world.consumers.get(res.consumer);
  if (!consumer || consumer.incarnation !== res.incarnation || consumer.fetchEpoch !== res.fetchEpoch) return;
  if (consumer.phase !== 'fetching' || (consumer.status !== 'running' && consumer.status !== 'stopping')) return;
  for (const tp of res.outOfRange) {
    const partition = findPartition(ctx.world, tp.topic, tp.partition);
    if (partition) resetPosition(ctx, consumer, partition, 'out of range');
  }
  const ranges = res.ranges.filter((r) => consumer.positions.get(partitionKey(r.topic, r.partition)) === r.from);
  consumer.phase = 'ready';
  if (ranges.length === 0) {
    commitAfterEmptyPoll(ctx, consumer);
    return;
  }
  for (const r of ranges) {
    consumer.positions.set(partitionKey(r.topic, r.partition), r.to);
    ctx.log.emit('records.delivered', address.partition(r.topic, r.partition), address.consumer(consumer.name), {
      consumer: consumer.name,
      topic: r.topic,
      partition: r.partition,
      from: r.from,
      to: r.to,
    });
  }
  consumer.batch = { ranges, rangeIndex: 0, offset: (ranges[0] as (typeof ranges)[0]).from, busyUntil: -1 };
  if (consumer.processor) beginProcessorBatch(ctx, consumer);
  if (consumer.commitMode === 'before') {
    // At-most-once: the batch's end is committed before any of it is processed.
    consumer.phase = 'committing';
    sendCommit(ctx, consumer, positionsToCommit(consumer, consumer.positions));
    if (consumer.commitsInFlight === 0) consumer.phase = 'processing';
    return;
  }
  consumer.phase = 'processing';
  processBatch(ctx, consumer);
}

/**
 * commit-after and commit-before commit once per poll, as `commitSync()` after `poll()` does. A
 * poll that returned nothing leaves nothing new to commit, except positions the group has never
 * committed (a partition just assigned and reset, still empty): without this, such a consumer
 * never committed at all, its partition showed no offset, and the world was never quiet.
 */
function commitAfterEmptyPoll(ctx: RuleContext, consumer: ConsumerApp): void {
  if (consumer.commitMode !== 'after' && consumer.commitMode !== 'before') return;
  const owed = changedOffsets(ctx, consumer, consumer.positions);
  if (owed.length === 0) return;
  consumer.phase = 'committing';
  sendCommit(ctx, consumer, owed);
  if (consumer.commitsInFlight === 0) consumer.phase = 'ready';
}

/** Processes records of the batch in hand, each taking `processTicks`; finishes the batch per commit mode. */
export function processBatch(ctx: RuleContext, consumer: ConsumerApp): void {
  const { world, log } = ctx;
  const batch = consumer.batch;
  if (!batch) return;
  // With processTicks 0 a whole range is processed here in one go: its partition key is built
  // once, not once per record. The ledger keeps every key string it is given (a million equal
  // strings cost 24 MB) and building them was a tenth of a million-record run (bench/).
  let keyedRange: FetchedRange | undefined;
  let key: PartitionKey = '';
  for (;;) {
    if (batch.busyUntil >= 0) {
      if (world.tick < batch.busyUntil) {
        if (consumer.processor) flushOutputs(ctx, consumer);
        return;
      }
      const busy = batch.ranges[batch.rangeIndex] as FetchedRange;
      finishRecord(ctx, consumer, partitionKey(busy.topic, busy.partition));
      batch.busyUntil = -1;
    }
    const range = batch.ranges[batch.rangeIndex];
    if (!range || consumer.console?.done) break;
    if (batch.offset >= range.to) {
      batch.rangeIndex++;
      batch.offset = batch.ranges[batch.rangeIndex]?.from ?? 0;
      continue;
    }
    // A transaction marker, an offset the log cleaner removed, or under read_committed an aborted
    // record: the consumer never returns it to the application, which sees a gap in the offsets.
    if (!isReturned(range, batch.offset)) {
      consumer.processedUpTo.set(partitionKey(range.topic, range.partition), ++batch.offset);
      continue;
    }
    if (consumer.processTicks === 0) {
      if (range !== keyedRange) {
        keyedRange = range;
        key = partitionKey(range.topic, range.partition);
      }
      finishRecord(ctx, consumer, key);
      continue;
    }
    batch.busyUntil = world.tick + consumer.processTicks;
    log.emit('processing.started', address.consumer(consumer.name), address.consumer(consumer.name), {
      consumer: consumer.name,
      group: consumer.group,
      topic: range.topic,
      partition: range.partition,
      offset: batch.offset,
    });
  }
  consumer.batch = null;
  if (consumer.processor) {
    endProcessorBatch(ctx, consumer);
  } else if (consumer.commitMode === 'after') {
    // At-least-once: commit only once every record of the batch was processed.
    consumer.phase = 'committing';
    sendCommit(ctx, consumer, positionsToCommit(consumer, consumer.positions));
    if (consumer.commitsInFlight === 0) consumer.phase = 'ready';
  } else {
    consumer.phase = 'ready';
  }
}

/** Finishes the record at the batch's offset; `key` is its range's partition key. */
function finishRecord(ctx: RuleContext, consumer: ConsumerApp, key: PartitionKey): void {
  const batch = consumer.batch as NonNullable<ConsumerApp['batch']>;
  const range = batch.ranges[batch.rangeIndex] as NonNullable<ConsumerApp['batch']>['ranges'][0];
  const offset = batch.offset++;
  consumer.processedUpTo.set(key, offset + 1);
  const group = ctx.world.groups.get(consumer.group);
  if (group) recordProcessing(group, key, offset, consumer.name, ctx.world.tick);
  if (consumer.processor) emitOutput(ctx, consumer, range, offset);
  if (consumer.console) {
    consumer.console.records.push({ topic: range.topic, partition: range.partition, offset });
    if (consumer.console.maxMessages !== null && consumer.console.records.length >= consumer.console.maxMessages) consumer.console.done = true;
  }
  // Source and destination are the same address: build the string once (one per record adds up).
  const at = address.consumer(consumer.name);
  ctx.log.emit('record.processed', at, at, {
    consumer: consumer.name,
    group: consumer.group,
    topic: range.topic,
    partition: range.partition,
    offset,
  });
}

/** Graceful close: commit what the mode owes (auto: positions; close: what was processed), then leave. */
function beginClose(ctx: RuleContext, consumer: ConsumerApp): void {
  const owed =
    consumer.commitMode === 'auto'
      ? changedOffsets(ctx, consumer, consumer.positions)
      : consumer.commitMode === 'close'
        ? changedOffsets(ctx, consumer, consumer.processedUpTo)
        : [];
  consumer.phase = 'committing';
  sendCommit(ctx, consumer, owed);
  if (consumer.commitsInFlight === 0) finishClose(ctx, consumer);
}

function finishClose(ctx: RuleContext, consumer: ConsumerApp): void {
  if (consumer.memberId) leaveGroup(ctx, consumer.group, consumer.memberId);
  consumer.status = 'stopped';
  consumer.memberId = null;
  consumer.assignment = [];
  consumer.positions.clear();
  consumer.phase = 'joining';
  const producer = consumer.processor ? ctx.world.producers.get(consumer.name) : undefined;
  if (producer?.status === 'running') producer.status = 'stopped';
  ctx.log.emit('consumer.stopped', address.consumer(consumer.name), address.group(consumer.group), { consumer: consumer.name, group: consumer.group });
}

/** A commit answer arrived: continue whatever waited on it (processing, the next poll, or leaving). */
export function handleCommitResponse(ctx: RuleContext, res: Extract<NetworkMessage, { kind: 'commit-response' }>): void {
  const consumer = ctx.world.consumers.get(res.consumer);
  if (!consumer || consumer.incarnation !== res.incarnation || consumer.status === 'crashed' || consumer.status === 'stopped') return;
  consumer.commitsInFlight = Math.max(0, consumer.commitsInFlight - 1);
  ctx.log.emit('commit.acknowledged', address.group(res.group), address.consumer(consumer.name), {
    group: res.group,
    consumer: consumer.name,
    error: res.error,
  });
  if (consumer.phase !== 'committing' || consumer.commitsInFlight > 0) return;
  if (consumer.status === 'stopping' && !consumer.batch) {
    finishClose(ctx, consumer);
  } else if (consumer.batch) {
    // commit-before: a refused commit (CommitFailedException) drops the batch rather than risk processing it twice.
    if (res.error) {
      consumer.batch = null;
      consumer.phase = 'ready';
    } else {
      consumer.phase = 'processing';
      processBatch(ctx, consumer);
    }
  } else {
    consumer.phase = 'ready';
  }
}

/** Rejoins an open rebalance at a poll boundary: auto-commit first, then give up every partition (eager). */
function rejoin(ctx: RuleContext, consumer: ConsumerApp): void {
  const member = ctx.world.groups.get(consumer.group)?.members.get(consumer.memberId as string);
  if (!member) return;
  if (consumer.commitMode === 'auto') {
    // Kafka's onJoinPrepare auto-commits synchronously before it rejoins. Sent and left behind,
    // the commit could arrive after the rebalance completed, be refused (ILLEGAL_GENERATION), and
    // the partitions' new owners would redo everything since the last commit. So wait for the
    // answer (phase committing); the next poll boundary rejoins, with nothing left owed.
    const owed = changedOffsets(ctx, consumer, consumer.positions);
    if (owed.length > 0) {
      consumer.phase = 'committing';
      sendCommit(ctx, consumer, owed);
      return;
    }
  }
  for (const tp of consumer.assignment) {
    ctx.log.emit('partition.revoked', address.consumer(consumer.name), address.group(consumer.group), {
      group: consumer.group,
      memberId: member.memberId,
      topic: tp.topic,
      partition: tp.partition,
    });
  }
  consumer.assignment = [];
  consumer.positions.clear();
  consumer.processedUpTo.clear();
  consumer.phase = 'joining';
  member.rejoined = true;
  ctx.log.emit('member.rejoined', address.consumer(consumer.name), address.group(consumer.group), { group: consumer.group, memberId: member.memberId });
}

/** Each tick, every live consumer: heartbeat, then whatever its poll loop is doing. */
export function runConsumers(ctx: RuleContext): void {
  const { world } = ctx;
  for (const consumer of world.consumers.values()) {
    if (consumer.status !== 'running' && consumer.status !== 'stopping') continue;
    if (world.tick - consumer.lastHeartbeatTick >= world.options.heartbeatIntervalTicks) {
      consumer.lastHeartbeatTick = world.tick;
      if (heartbeat(ctx, consumer) === 'unknown') joinAfterExpiry(ctx, consumer);
    }
    if (consumer.phase === 'processing') processBatch(ctx, consumer);
    if (consumer.processor && consumer.phase === 'committing') runProcessorCommit(ctx, consumer);
    if (consumer.phase === 'processing' || consumer.phase === 'committing') continue;
    // A poll boundary: ready, waiting on a fetch, or waiting on a rebalance.
    if (consumer.status === 'stopping') {
      beginClose(ctx, consumer);
      continue;
    }
    const group = world.groups.get(consumer.group);
    const member = consumer.memberId ? group?.members.get(consumer.memberId) : undefined;
    if (group?.state === 'PreparingRebalance' && member && !member.rejoined) rejoin(ctx, consumer);
    else if (consumer.phase === 'ready' && consumer.awaitingStableOffsets) {
      // OffsetFetch again (the answer was UNSTABLE_OFFSET_COMMIT): positions once the transaction ended.
      if (group && consumer.generation === group.generation) assignPositions(ctx, consumer, group);
    } else if (consumer.phase === 'ready') poll(ctx, consumer);
  }
}
