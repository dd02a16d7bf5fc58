/**
 * The transaction coordinator (Kafka's TransactionCoordinator and TransactionStateManager).
 *
 * Each transactional.id belongs to the leader of `__transaction_state` partition
 * `Utils.abs(transactionalId.hashCode) % transaction.state.log.num.partitions` (50), placed as
 * the simulator places `__consumer_offsets` (coordinators.ts). Its state is kept in the world,
 * like groups, rather than in that topic's log.
 *
 * - InitProducerId gives a new transactional.id a producer id at epoch 0, and an existing one the
 *   same id at the next epoch: the older instance is fenced (its requests now fail with
 *   PRODUCER_FENCED or INVALID_PRODUCER_EPOCH). An open transaction is aborted first, and the
 *   caller told CONCURRENT_TRANSACTIONS until its markers are written, then it asks again.
 * - A partition joins the open transaction with the producer's first record there (transaction
 *   version 2, KIP-890: the partition leader adds it for the producer; no AddPartitionsToTxn from
 *   the client). Offsets join with AddOffsetsToTxn + TxnOffsetCommit.
 * - EndTxn moves the transaction to PrepareCommit or PrepareAbort, bumping the producer's epoch
 *   (transaction version 2, the default since Kafka 4.0: every commit or abort does) and answers
 *   with the new epoch; the coordinator
 *   then writes a COMMIT or ABORT marker to every partition in it and to the `__consumer_offsets`
 *   partition of every group in it, and completes (CompleteCommit / CompleteAbort) once all are
 *   written. A partition whose leader is down holds its marker, and so the LSO, until it has one.
 * - A transaction open longer than its transaction.timeout.ms is aborted with the producer's
 *   epoch bumped once (abortTimedOutTransactions, checked every
 *   transaction.abort.timed.out.transaction.cleanup.interval.ms; one bump since KAFKA-19367). The
 *   producer's next write gets INVALID_PRODUCER_EPOCH, an abortable error; its EndTxn(ABORT) at
 *   the old epoch is then taken as a retry of the abort that already happened and answered with
 *   the new epoch, so it carries on (transaction version 2's retry rule).
 *
 * Reference: docs/reference/kafka-4-transactions.md §3.
 */
import { address } from '../events.ts';
import type { PendingMarker, TopicPartition, TransactionState, TxnRequest, World } from '../types.ts';
import { findPartition, hopTicks, isServing } from '../world.ts';
import type { RuleContext } from './context.ts';
import { javaStringHash, offsetsLeader } from './coordinators.ts';
import { commitError, storeOffsets } from './groups.ts';
import { beginTxn, hasOpenTxn, touchTxn, writeMarker } from './partition-transactions.ts';
import { advanceHighWatermark, answerWaitingFollowers, leaderServes, minInsyncReplicas } from './replication.ts';

/** Topic.TRANSACTION_STATE_TOPIC_NAME */
export const TRANSACTION_STATE_TOPIC = '__transaction_state';
/** transaction.state.log.num.partitions */
export const TRANSACTION_STATE_PARTITIONS = 50;

/** The `__transaction_state` partition that holds `transactionalId`. */
export function transactionPartitionFor(transactionalId: string): number {
  return (javaStringHash(transactionalId) & 0x7fffffff) % TRANSACTION_STATE_PARTITIONS;
}

/** The broker coordinating `transactionalId` now, or -1. */
export function transactionCoordinatorOf(world: World, transactionalId: string): number {
  return offsetsLeader(world, transactionPartitionFor(transactionalId));
}

function coordinatorServes(world: World, transactionalId: string): boolean {
  const id = transactionCoordinatorOf(world, transactionalId);
  return id >= 0 && isServing(world, id);
}

function update(ctx: RuleContext, meta: TransactionState, change: Partial<TransactionState>): TransactionState {
  const next = { ...meta, ...change, lastUpdateTick: ctx.world.tick };
  ctx.world.transactions.set(meta.transactionalId, next);
  return next;
}

function respond(ctx: RuleContext, req: TxnRequest, error: string | null, meta?: TransactionState): void {
  ctx.world.network.push({
    kind: 'txn-response',
    arriveTick: ctx.world.tick + hopTicks(ctx.world),
    broker: transactionCoordinatorOf(ctx.world, req.transactionalId),
    producer: req.producer,
    requestId: req.requestId,
    op: req.op,
    error,
    producerId: meta?.producerId ?? req.producerId,
    producerEpoch: meta?.producerEpoch ?? req.producerEpoch,
  });
}

/** A transactional producer's request reached the coordinator. */
export function handleTxnRequest(ctx: RuleContext, req: TxnRequest): void {
  // The coordinator's broker is down: the connection fails and the client looks for it again.
  if (!coordinatorServes(ctx.world, req.transactionalId)) {
    respond(ctx, req, 'COORDINATOR_NOT_AVAILABLE');
    return;
  }
  if (req.op === 'init') initProducerId(ctx, req);
  else if (req.op === 'end') endTxn(ctx, req);
  else addOffsets(ctx, req);
}

/** TransactionCoordinator.handleInitProducerId. */
function initProducerId(ctx: RuleContext, req: TxnRequest): void {
  const { world, log } = ctx;
  const meta = world.transactions.get(req.transactionalId);
  if (!meta) {
    const created: TransactionState = {
      transactionalId: req.transactionalId,
      producerId: world.counters.producerId++,
      producerEpoch: 0,
      state: 'Empty',
      timeoutTicks: req.timeoutTicks,
      startTick: -1,
      lastUpdateTick: world.tick,
      partitions: [],
      groups: [],
      pendingPartitions: [],
      pendingGroups: [],
      markerEpoch: -1,
    };
    world.transactions.set(req.transactionalId, created);
    log.emit('producer.initialized', address.broker(transactionCoordinatorOf(world, req.transactionalId)), address.producer(req.producer), {
      transactionalId: req.transactionalId,
      producerId: created.producerId,
      producerEpoch: 0,
    });
    respond(ctx, req, null, created);
    return;
  }
  if (meta.state === 'PrepareCommit' || meta.state === 'PrepareAbort' || meta.state === 'PrepareEpochFence') {
    respond(ctx, req, 'CONCURRENT_TRANSACTIONS');
    return;
  }
  if (meta.state === 'Ongoing') {
    // The previous instance left a transaction open: abort it under a new epoch, which fences that
    // instance, and have this one retry once the markers are written (prepareAbortOrFenceTxn).
    prepareEnd(ctx, meta, false, 'fenced by a new instance');
    respond(ctx, req, 'CONCURRENT_TRANSACTIONS');
    return;
  }
  const next = update(ctx, meta, {
    producerEpoch: meta.producerEpoch + 1,
    state: 'Empty',
    timeoutTicks: req.timeoutTicks,
    startTick: -1,
    partitions: [],
    groups: [],
  });
  log.emit('producer.initialized', address.broker(transactionCoordinatorOf(world, req.transactionalId)), address.producer(req.producer), {
    transactionalId: req.transactionalId,
    producerId: next.producerId,
    producerEpoch: next.producerEpoch,
  });
  respond(ctx, req, null, next);
}

/** The producer's epoch is older than the coordinator's: a newer instance (or a timeout) fenced it. */
function isFenced(meta: TransactionState | undefined, req: { producerId: number; producerEpoch: number }): boolean {
  return !meta || meta.producerId !== req.producerId || req.producerEpoch < meta.producerEpoch;
}

/** TransactionCoordinator.handleEndTransaction. */
function endTxn(ctx: RuleContext, req: TxnRequest): void {
  const meta = ctx.world.transactions.get(req.transactionalId);
  if (isFenced(meta, req)) {
    respond(ctx, req, 'PRODUCER_FENCED');
    return;
  }
  const m = meta as TransactionState;
  const same = req.commit ? 'Commit' : 'Abort';
  // Transaction version 2: an EndTxn at the epoch just before the current one, for the outcome the
  // transaction already reached, is a retry (its answer was lost, or the coordinator aborted on a
  // timeout first): answered with the current epoch (TransactionCoordinator.handleEndTransaction).
  if (req.producerEpoch === m.producerEpoch - 1 && (m.state === `Complete${same}` || m.state === `Prepare${same}`)) {
    respond(ctx, req, m.state === `Complete${same}` ? null : 'CONCURRENT_TRANSACTIONS', m);
    return;
  }
  if (req.producerEpoch !== m.producerEpoch) {
    respond(ctx, req, 'PRODUCER_FENCED');
    return;
  }
  if (m.state === 'Ongoing') {
    const next = prepareEnd(ctx, m, req.commit, req.commit ? 'committed by the producer' : 'aborted by the producer');
    respond(ctx, req, null, next);
  } else {
    respond(ctx, req, 'INVALID_TXN_STATE');
  }
}

/**
 * Moves the transaction to PrepareCommit / PrepareAbort with the producer's epoch bumped (by the
 * producer's EndTxn under transaction version 2, or by a fence), and writes what markers it can
 * now. The markers carry the new epoch, so whatever the old epoch still has on the wire is refused.
 */
function prepareEnd(ctx: RuleContext, meta: TransactionState, commit: boolean, reason: string): TransactionState {
  const epoch = meta.producerEpoch + 1;
  const next = update(ctx, meta, {
    state: commit ? 'PrepareCommit' : 'PrepareAbort',
    producerEpoch: epoch,
    pendingPartitions: meta.partitions.map((tp) => ({ ...tp, offset: -1 })),
    pendingGroups: meta.groups,
    markerEpoch: epoch,
  });
  ctx.log.emit('transaction.ending', address.broker(transactionCoordinatorOf(ctx.world, meta.transactionalId)), address.admin, {
    transactionalId: meta.transactionalId,
    producerId: meta.producerId,
    producerEpoch: epoch,
    result: commit ? 'COMMIT' : 'ABORT',
    reason,
    partitions: meta.partitions,
    groups: meta.groups,
  });
  return writeMarkers(ctx, next);
}

/** AddOffsetsToTxn, then TxnOffsetCommit to the group's coordinator (KIP-447: checked against the member's generation). */
function addOffsets(ctx: RuleContext, req: TxnRequest): void {
  const { world, log } = ctx;
  const meta = world.transactions.get(req.transactionalId);
  const o = req.offsets;
  if (!o) {
    respond(ctx, req, 'INVALID_REQUEST');
    return;
  }
  if (isFenced(meta, req)) {
    respond(ctx, req, 'PRODUCER_FENCED');
    return;
  }
  const m = meta as TransactionState;
  if (m.state === 'PrepareCommit' || m.state === 'PrepareAbort') {
    respond(ctx, req, 'CONCURRENT_TRANSACTIONS');
    return;
  }
  const group = world.groups.get(o.group);
  if (group && (group.coordinator < 0 || !isServing(world, group.coordinator))) {
    respond(ctx, req, 'COORDINATOR_NOT_AVAILABLE');
    return;
  }
  const error = group ? commitError(group, o.memberId, o.generation) : 'GROUP_ID_NOT_FOUND';
  if (error !== null || !group) {
    log.emit('commit.rejected', address.group(o.group), address.producer(req.producer), { group: o.group, consumer: req.producer, error: error ?? '' });
    respond(ctx, req, error);
    return;
  }
  joinTxn(ctx, m, null, o.group);
  const pending = new Map((group.pendingTxnOffsets.get(m.producerId) ?? []).map((x) => [`${x.topic}-${x.partition}`, x]));
  for (const x of o.offsets) pending.set(`${x.topic}-${x.partition}`, x);
  group.pendingTxnOffsets.set(m.producerId, [...pending.values()]);
  log.emit('offsets.pending', address.producer(req.producer), address.group(o.group), {
    group: o.group,
    transactionalId: req.transactionalId,
    offsets: o.offsets,
  });
  respond(ctx, req, null);
}

/** Adds a partition or a group to the producer's transaction, opening it if it was not. */
function joinTxn(ctx: RuleContext, meta: TransactionState, tp: TopicPartition | null, group: string | null): void {
  const open = meta.state === 'Ongoing';
  const partitions = tp && !meta.partitions.some((p) => p.topic === tp.topic && p.partition === tp.partition) ? [...meta.partitions, tp] : meta.partitions;
  const groups = group !== null && !meta.groups.includes(group) ? [...meta.groups, group] : meta.groups;
  if (open && partitions === meta.partitions && groups === meta.groups) return;
  update(ctx, meta, {
    state: 'Ongoing',
    startTick: open ? meta.startTick : ctx.world.tick,
    partitions: open ? partitions : tp ? [tp] : [],
    groups: open ? groups : group !== null ? [group] : [],
  });
  if (!open) {
    ctx.log.emit('transaction.started', address.broker(transactionCoordinatorOf(ctx.world, meta.transactionalId)), address.admin, {
      transactionalId: meta.transactionalId,
      producerId: meta.producerId,
      producerEpoch: meta.producerEpoch,
    });
  }
}

/**
 * The leader of a partition appends a transactional batch (transaction version 2: it adds the
 * partition to the producer's transaction for it). The error the produce request gets, or null.
 */
export function admitTransactionalBatch(
  ctx: RuleContext,
  transactionalId: string,
  producerId: number,
  producerEpoch: number,
  tp: TopicPartition,
): string | null {
  const { world } = ctx;
  if (!coordinatorServes(world, transactionalId)) return 'COORDINATOR_NOT_AVAILABLE';
  const meta = world.transactions.get(transactionalId);
  if (isFenced(meta, { producerId, producerEpoch })) return 'INVALID_PRODUCER_EPOCH';
  const m = meta as TransactionState;
  if (m.state === 'PrepareCommit' || m.state === 'PrepareAbort' || m.state === 'PrepareEpochFence') return 'CONCURRENT_TRANSACTIONS';
  joinTxn(ctx, m, tp, null);
  const partition = findPartition(world, tp.topic, tp.partition);
  if (partition && !hasOpenTxn(partition, producerId)) beginTxn(partition, producerId, producerEpoch, partition.logEndOffset, world.tick);
  else if (partition) touchTxn(partition, producerId, world.tick);
  return null;
}

/** Writes the markers of a preparing transaction whose partitions' leaders (and groups' coordinators) serve; completes it when none is left. */
function writeMarkers(ctx: RuleContext, meta: TransactionState): TransactionState {
  const { world, log } = ctx;
  if (meta.state !== 'PrepareCommit' && meta.state !== 'PrepareAbort') return meta;
  if (!coordinatorServes(world, meta.transactionalId)) return meta;
  const commit = meta.state === 'PrepareCommit';
  const type = commit ? 'COMMIT' : 'ABORT';
  const partitions: PendingMarker[] = [];
  for (const m of meta.pendingPartitions) {
    const p = findPartition(world, m.topic, m.partition);
    if (!p) continue; // a deleted topic needs no marker
    // Still in the log where it was written (an election may have cut it away since)?
    const inLog = m.offset >= 0 && m.offset < p.logEndOffset && p.store.control(m.offset) === type && p.store.producerId(m.offset) === meta.producerId;
    if (inLog) {
      if (p.highWatermark <= m.offset) partitions.push(m);
      continue;
    }
    // WriteTxnMarkers appends with acks=all: a leader that is down, or whose ISR is below
    // min.insync.replicas, refuses, and the coordinator tries again.
    if (!leaderServes(world, p) || p.isr.length < minInsyncReplicas(world, p)) {
      partitions.push({ ...m, offset: -1 });
      continue;
    }
    const offset = writeMarker(ctx, p, meta.producerId, meta.markerEpoch, type);
    answerWaitingFollowers(ctx, p);
    advanceHighWatermark(ctx, p);
    if (p.highWatermark <= offset) partitions.push({ ...m, offset });
  }
  const groups = meta.pendingGroups.filter((id) => {
    const group = world.groups.get(id);
    if (!group) return false;
    if (group.coordinator < 0 || !isServing(world, group.coordinator)) return true;
    const offsets = group.pendingTxnOffsets.get(meta.producerId);
    group.pendingTxnOffsets.delete(meta.producerId);
    if (commit && offsets && offsets.length > 0) {
      storeOffsets(world, group, offsets);
      log.emit('offsets.committed', address.producer(meta.transactionalId), address.group(id), { group: id, consumer: meta.transactionalId, offsets });
    }
    return false;
  });
  const next = update(ctx, meta, { pendingPartitions: partitions, pendingGroups: groups });
  if (partitions.length > 0 || groups.length > 0) return next;
  // The start time stays through Complete* (TransactionMetadata keeps txnStartTimestamp; describe shows it).
  const done = update(ctx, next, { state: commit ? 'CompleteCommit' : 'CompleteAbort', partitions: [], groups: [] });
  log.emit('transaction.completed', address.broker(transactionCoordinatorOf(world, meta.transactionalId)), address.admin, {
    transactionalId: meta.transactionalId,
    producerId: meta.producerId,
    result: commit ? 'COMMIT' : 'ABORT',
  });
  return done;
}

/**
 * `kafka-transactions abort`: an ABORT marker for `producerId` written straight to one partition
 * (Admin.abortTransaction sends WriteTxnMarkers to its leader); the coordinator is not told. A
 * marker at an epoch older than the partition has seen is refused (INVALID_PRODUCER_EPOCH).
 */
export function abortInPartition(ctx: RuleContext, tp: TopicPartition, producerId: number, producerEpoch: number): string | null {
  const p = findPartition(ctx.world, tp.topic, tp.partition);
  if (!p) return 'UNKNOWN_TOPIC_OR_PARTITION';
  if (!leaderServes(ctx.world, p)) return 'NOT_LEADER_OR_FOLLOWER';
  const seen = p.lastSequence.get(producerId);
  if (seen && producerEpoch < seen.epoch) return 'INVALID_PRODUCER_EPOCH';
  writeMarker(ctx, p, producerId, producerEpoch, 'ABORT');
  answerWaitingFollowers(ctx, p);
  advanceHighWatermark(ctx, p);
  return null;
}

/**
 * Each tick: markers still owed go out where leaders serve again, and every
 * `transactionAbortCheckTicks` the coordinator aborts transactions open past their timeout.
 */
export function runTransactionCoordinators(ctx: RuleContext): void {
  const { world } = ctx;
  if (world.transactions.size === 0) return;
  const check = world.tick % world.options.transactionAbortCheckTicks === 0;
  for (const meta of [...world.transactions.values()]) {
    if (meta.state === 'PrepareCommit' || meta.state === 'PrepareAbort') writeMarkers(ctx, meta);
    else if (check && meta.state === 'Ongoing' && world.tick - meta.startTick > meta.timeoutTicks && coordinatorServes(world, meta.transactionalId)) {
      prepareEnd(ctx, meta, false, 'transaction.timeout.ms passed');
    }
  }
}

/** Why the coordinators are busy (markers owed, or an open transaction that will time out), or null: `sim run` waits for it. */
export function transactionsBusyReason(world: World): string | null {
  for (const meta of world.transactions.values()) {
    if (meta.state === 'PrepareCommit' || meta.state === 'PrepareAbort') return `transaction ${meta.transactionalId} waits to write its markers`;
  }
  return null;
}
