/**
 * Transactions as one partition sees them (Kafka's ProducerStateManager and the log's aborted
 * transaction index): where each producer's open transaction begins, the markers that end them,
 * and the last stable offset (LSO) that read_committed consumers read up to.
 *
 * - A transaction begins in a partition at the offset of its first record there.
 * - It ends with a marker, a control record of its own offset (COMMIT or ABORT), written by the
 *   partition's leader at the coordinator's request (WriteTxnMarkers).
 * - The LSO is the first offset of the earliest transaction still "unstable": open, or ended by
 *   a marker the high watermark has not passed yet (ProducerStateManager.firstUnstableOffset
 *   counts ongoing and unreplicated transactions), and never above the high watermark
 *   (UnifiedLog.lastStableOffset).
 * - An ABORT marker adds [first offset, marker] of its producer to the aborted index, which a
 *   read_committed fetch returns beside the records so the consumer skips them (FetchResponse's
 *   abortedTransactions; the consumer's CompletedFetch drops aborted batches). No consumer ever
 *   returns a marker itself: it leaves a gap in the offsets it sees.
 */
import { address } from '../events.ts';
import { isInLog } from '../log-segments.ts';
import type { ControlType } from '../record-store.ts';
import { appendBatch } from './segments.ts';
import type { AbortedTxn, FetchedRange, IsolationLevel, PartitionState } from '../types.ts';
import type { RuleContext } from './context.ts';

/** The last stable offset: min(high watermark, first offset of the earliest unstable transaction). */
export function lastStableOffset(p: PartitionState): number {
  const lso = p.highWatermark;
  for (const t of p.txns) {
    if (t.firstOffset >= lso) break;
    if (t.markerOffset < 0 || t.markerOffset >= p.highWatermark) return t.firstOffset;
  }
  return lso;
}

/** How far a consumer with `isolation` may read: the high watermark, or the LSO for read_committed (FetchIsolation.TXN_COMMITTED). */
export function readableEnd(p: PartitionState, isolation: IsolationLevel): number {
  return isolation === 'read_committed' ? lastStableOffset(p) : p.highWatermark;
}

/** Whether `producerId` has a transaction open in the partition (written to, no marker yet). */
export function hasOpenTxn(p: PartitionState, producerId: number): boolean {
  return p.txns.some((t) => t.producerId === producerId && t.markerOffset < 0);
}

/**
 * The leader appends the first record of `producerId`'s transaction at `offset`: it is open from
 * here (ProducerAppendInfo records the first offset of the batch that starts it). Transactions
 * ended and replicated are dropped on the way: they hold nothing back any more.
 */
export function beginTxn(p: PartitionState, producerId: number, producerEpoch: number, offset: number, tick: number): void {
  p.txns = [...unstable(p), { producerId, producerEpoch, firstOffset: offset, markerOffset: -1, lastTick: tick }];
}

/** Another batch of `producerId`'s open transaction arrived at `tick`. */
export function touchTxn(p: PartitionState, producerId: number, tick: number): void {
  p.txns = p.txns.map((t) => (t.producerId === producerId && t.markerOffset < 0 ? { ...t, lastTick: tick } : t));
}

function unstable(p: PartitionState) {
  return p.txns.filter((t) => t.markerOffset < 0 || t.markerOffset >= p.highWatermark);
}

/**
 * Writes `producerId`'s marker at the leader's log end. Kafka writes a marker to every partition
 * of the transaction, whether or not this producer wrote there (a partition added but never
 * written to gets one too), so the marker is appended even with no open transaction here.
 * Returns the marker's offset.
 */
export function writeMarker(ctx: RuleContext, p: PartitionState, producerId: number, producerEpoch: number, type: ControlType): number {
  const { world } = ctx;
  const offset = p.logEndOffset;
  const bytes = p.store.writeControl(offset, type, producerId, world.tick);
  p.retainedBytes += bytes;
  p.logEndOffset++;
  // A control batch is a batch like any other: the segment may roll before it.
  const topic = world.topics.get(p.topic);
  if (topic) p.segments = appendBatch(p.segments, { baseOffset: offset, count: 1, bytes, maxTick: world.tick }, topic.logConfig, world.options.tickMs);
  world.counters.recordsRetained++;
  const open = p.txns.find((t) => t.producerId === producerId && t.markerOffset < 0);
  if (open) {
    p.txns = unstable(p).map((t) => (t === open ? { ...t, markerOffset: offset } : t));
    if (type === 'ABORT') p.abortedTxns = [...p.abortedTxns, { producerId, firstOffset: open.firstOffset, lastOffset: offset }];
  }
  // The marker carries the producer's epoch: an older epoch of this producer is fenced from here
  // on (a transactional producer's sequence numbers restart with every epoch).
  const last = p.lastSequence.get(producerId);
  if (!last || last.epoch < producerEpoch) p.lastSequence.set(producerId, { epoch: producerEpoch, sequence: -1 });
  ctx.log.emit('marker.written', address.broker(p.leader), address.partition(p.topic, p.partition), {
    topic: p.topic,
    partition: p.partition,
    offset,
    type,
    producerId,
    producerEpoch,
  });
  return offset;
}

/**
 * The aborted transactions a read_committed fetch of [from, to) must carry (those that overlap it,
 * TransactionIndex.collectAbortedTxns). Entries are appended as their markers are, so they are
 * sorted by last offset: a binary search skips every one that ended before `from`, and a reader
 * near the log end pays for the recent ones only, however many aborts the partition has seen.
 */
export function abortedIn(p: PartitionState, from: number, to: number): readonly AbortedTxn[] {
  const all = p.abortedTxns;
  if (all.length === 0) return NONE;
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((all[mid] as AbortedTxn).lastOffset < from) lo = mid + 1;
    else hi = mid;
  }
  let out: AbortedTxn[] | null = null;
  for (let i = lo; i < all.length; i++) {
    const a = all[i] as AbortedTxn;
    if (a.firstOffset < to) (out ??= []).push(a);
  }
  return out ?? NONE;
}

const NONE: readonly AbortedTxn[] = Object.freeze([]);

/** Offsets [from, to) of `p` as a fetch hands them to a consumer with `isolation`: read_committed gets the aborted transactions in them. */
export function fetchedRange(p: PartitionState, from: number, to: number, isolation: IsolationLevel): FetchedRange {
  const aborted = isolation === 'read_committed' ? abortedIn(p, from, to) : NONE;
  return { topic: p.topic, partition: p.partition, store: p.store, segments: p.segments, from, to, aborted };
}

/**
 * Whether a consumer returns the record at `offset` of a fetched range: never one the log cleaner
 * removed, never a marker, and under read_committed (the range then carries its aborted
 * transactions) never an aborted record.
 */
export function isReturned(range: FetchedRange, offset: number): boolean {
  if (!isInLog(range.segments, offset)) return false;
  if (range.store.control(offset) !== null) return false;
  if (range.aborted.length === 0) return true;
  const producerId = range.store.producerId(offset);
  return !range.aborted.some((a) => a.producerId === producerId && a.firstOffset <= offset && offset <= a.lastOffset);
}

/**
 * The log was cut at `cut` (an election or a truncation): transactions that began there or later
 * are gone with their records, and an aborted entry whose marker was cut loses it (its records,
 * if any are left, are open again as far as the log can tell, as Kafka rebuilds producer state
 * from what the log holds).
 */
export function truncateTxns(p: PartitionState, cut: number): void {
  if (p.txns.length > 0) {
    p.txns = p.txns.filter((t) => t.firstOffset < cut).map((t) => (t.markerOffset >= cut ? { ...t, markerOffset: -1 } : t));
  }
  if (p.abortedTxns.some((a) => a.lastOffset >= cut)) {
    const cutAborts = p.abortedTxns.filter((a) => a.lastOffset >= cut && a.firstOffset < cut);
    p.abortedTxns = p.abortedTxns.filter((a) => a.lastOffset < cut);
    const reopened = cutAborts.filter((a) => !p.txns.some((t) => t.producerId === a.producerId && t.markerOffset < 0));
    if (reopened.length > 0) {
      const reopen = (a: AbortedTxn) => ({ producerId: a.producerId, producerEpoch: -1, firstOffset: a.firstOffset, markerOffset: -1, lastTick: -1 });
      p.txns = [...p.txns, ...reopened.map(reopen)].sort((a, b) => a.firstOffset - b.firstOffset);
    }
  }
}

/** Retention moved the log start: index entries wholly below it can no longer matter to any fetch. */
export function dropTxnsBelow(p: PartitionState, logStart: number): void {
  if (p.abortedTxns.length > 0 && (p.abortedTxns[0] as AbortedTxn).lastOffset < logStart) p.abortedTxns = p.abortedTxns.filter((a) => a.lastOffset >= logStart);
}
