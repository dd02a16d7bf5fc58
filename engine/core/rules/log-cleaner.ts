/**
 * The log cleaner, for topics whose cleanup.policy holds `compact` (Kafka's LogCleaner,
 * LogCleanerManager and Cleaner, storage/.../internals/log/ in 4.1):
 *
 * - every `logCleanerBackoffTicks` (log.cleaner.backoff.ms), each running broker's cleaner takes
 *   the filthiest of the logs it leads whose dirty ratio is above min.cleanable.dirty.ratio (or
 *   whose oldest dirty segment is older than max.compaction.lag.ms) and cleans it
 *   (grabFilthiestCompactedLog); Kafka's cleaner thread would go on to the next one at once;
 * - it cleans closed segments only, below the first uncleanable offset: the active segment's
 *   base, the last stable offset, and the first segment newer than min.compaction.lag.ms
 *   (cleanableOffsets), at whole segments (calculateCleanableBytes);
 * - it maps the latest offset of every key in the dirty part (buildOffsetMap), then rewrites every
 *   segment from the log start to the end of what it mapped, keeping a record only if it is the
 *   latest of its key, and a tombstone (null value) only until its delete horizon
 *   (shouldRetainRecord); the first cleaning that keeps a tombstone stamps the horizon, now +
 *   delete.retention.ms (KIP-534, MemoryRecords.filterTo);
 * - surviving records keep their offsets: a reader sees the gaps (log-segments.ts `isInLog`).
 *
 * The cleaner's work per run is bounded: its offset map holds `LIMITS.cleanerMapRecords` dirty
 * records (Kafka's is log.cleaner.dedupe.buffer.size, 128 MiB, millions of keys); a longer dirty
 * part is cleaned over several runs, as Kafka's is when its map fills.
 */
import { address } from '../events.ts';
import { LIMITS } from '../limits.ts';
import type { Segment } from '../log-segments.ts';
import type { PartitionState, TopicState } from '../types.ts';
import { isServing } from '../world.ts';
import type { RuleContext } from './context.ts';
import { lastStableOffset } from './partition-transactions.ts';

/**
 * The highest offset (exclusive) the cleaner may clean to: Kafka's last stable offset
 * (UnifiedLog.lastStableOffset). Without transactions it is the high watermark.
 */
export function cleanableEnd(partition: PartitionState): number {
  return lastStableOffset(partition);
}

/** A log the cleaner may clean now, as LogCleanerManager's LogToClean describes it. */
interface LogToClean {
  readonly topic: TopicState;
  readonly partition: PartitionState;
  readonly firstDirtyOffset: number;
  /** The base of the first segment it must not clean. */
  readonly firstUncleanableOffset: number;
  readonly cleanableRatio: number;
}

/** Each broker's cleaner, at every multiple of the backoff: clean the filthiest log it leads, if any is dirty enough. */
export function runLogCleaner(ctx: RuleContext): void {
  const { world } = ctx;
  if (world.tick % world.options.logCleanerBackoffTicks !== 0) return;
  for (const broker of world.brokers) {
    if (!isServing(world, broker.id)) continue;
    const filthiest = grabFilthiestLog(ctx, broker.id);
    if (filthiest) clean(ctx, filthiest);
  }
}

/**
 * The cleanable log with the highest dirty ratio (the first such in topic and partition order
 * on a tie: Kafka's is the first in its map's order), or null.
 */
function grabFilthiestLog(ctx: RuleContext, broker: number): LogToClean | null {
  let best: LogToClean | null = null;
  for (const topic of ctx.world.topics.values()) {
    if (!topic.logConfig.compact) continue;
    for (const partition of topic.partitions) {
      if (partition.leader !== broker) continue;
      const candidate = cleanable(ctx, topic, partition);
      if (candidate && (best === null || candidate.cleanableRatio > best.cleanableRatio)) best = candidate;
    }
  }
  return best;
}

/** Index of the segment holding `offset` among `segments` (the last starting at or below it). */
function segmentIndex(segments: readonly Segment[], offset: number): number {
  let i = 0;
  while (i + 1 < segments.length && (segments[i + 1] as Segment).baseOffset <= offset) i++;
  return i;
}

/** cleanableOffsets + LogToClean + the choice in grabFilthiestCompactedLog, for one log; null when it is not to be cleaned now. */
function cleanable(ctx: RuleContext, topic: TopicState, partition: PartitionState): LogToClean | null {
  const { tick, options } = ctx.world;
  const config = topic.logConfig;
  const { closed, active } = partition.segments;
  const firstDirtyOffset = Math.max(partition.segments.firstDirtyOffset, partition.logStartOffset);
  const segments = closed.toArray();
  const dirtyFrom = segments.findIndex((s) => s.endOffset > firstDirtyOffset);
  const dirty = dirtyFrom < 0 ? [] : segments.slice(dirtyFrom);
  let uncleanable = Math.min(cleanableEnd(partition), active.baseOffset);
  if (config.minCompactionLagMs > 0) {
    const young = dirty.find((s) => s.largestTick * options.tickMs > tick * options.tickMs - config.minCompactionLagMs);
    if (young) uncleanable = Math.min(uncleanable, young.baseOffset);
  }
  uncleanable = Math.max(firstDirtyOffset, uncleanable);
  // calculateCleanableBytes: cleaning stops at the base of the segment holding the uncleanable offset.
  const all = [...segments, active];
  const firstUncleanableOffset = (all[segmentIndex(all, uncleanable)] as Segment).baseOffset;
  let cleanBytes = 0;
  let cleanableBytes = 0;
  for (const s of all) {
    if (s.baseOffset < firstDirtyOffset) cleanBytes += s.bytes;
    if (s.baseOffset < firstUncleanableOffset && s.endOffset > Math.min(firstDirtyOffset, firstUncleanableOffset)) cleanableBytes += s.bytes;
  }
  const totalBytes = cleanBytes + cleanableBytes;
  if (totalBytes === 0) return null;
  const cleanableRatio = cleanableBytes / totalBytes;
  // maxCompactionDelay: a dirty closed segment whose first batch is older than max.compaction.lag.ms must be cleaned now.
  let earliest = Infinity;
  for (const s of dirty) earliest = Math.min(earliest, s.firstBatchTick);
  const needCompactionNow = earliest * options.tickMs < tick * options.tickMs - config.maxCompactionLagMs;
  if (!((needCompactionNow && cleanableBytes > 0) || cleanableRatio > config.minCleanableDirtyRatio)) return null;
  return { topic, partition, firstDirtyOffset, firstUncleanableOffset, cleanableRatio };
}

/** Cleaner.doClean: map the dirty part's keys, rewrite the segments up to its end, move the checkpoint. */
function clean(ctx: RuleContext, job: LogToClean): void {
  const { world } = ctx;
  const { partition, topic } = job;
  const store = partition.store;
  // The aborted transactions the cleaning may meet, and whether the record at `o` is in one.
  const aborts = partition.abortedTxns.filter((a) => a.firstOffset < job.firstUncleanableOffset);
  const aborted = (o: number) => aborts.length > 0 && aborts.some((a) => a.firstOffset <= o && o <= a.lastOffset && a.producerId === store.producerId(o));
  // buildOffsetMap: the latest offset of each key in [firstDirty, firstUncleanable), until the map is full.
  const latest = new Map<string, number>();
  let latestOffset = -1;
  let mapped = 0;
  for (let o = job.firstDirtyOffset; o < job.firstUncleanableOffset && mapped < LIMITS.cleanerMapRecords; o++, mapped++) {
    const key = store.key(o);
    // Aborted transactional records never enter the map (Cleaner.buildOffsetMap skips aborted
    // batches), so a key's latest committed record survives an aborted write after it.
    if (key === null || aborted(o)) continue;
    latest.set(key, o);
    latestOffset = o;
  }
  const endOffset = latestOffset < 0 ? job.firstDirtyOffset : latestOffset + 1;
  const nowMs = world.tick * world.options.tickMs;
  const horizonMs = nowMs + topic.logConfig.deleteRetentionMs;
  // shouldRetainRecord: past the map, or the latest of its key and not a tombstone past its horizon.
  const retains = (o: number, segment: Segment) => {
    if (o > latestOffset) return true;
    const key = store.key(o);
    // Transaction markers (keyless control records) and aborted records go (a documented
    // simplification: Kafka keeps a marker until a cleaning after delete.retention.ms once its
    // transaction's records are gone).
    if (key === null || aborted(o)) return false;
    const found = latest.get(key);
    if (found !== undefined && o < found) return false;
    return store.value(o) !== null || segment.deleteHorizonMs === null || nowMs < segment.deleteHorizonMs;
  };
  const { closed } = partition.segments;
  const rewritten: Segment[] = [];
  let removed = 0;
  let removedBytes = 0;
  for (let i = 0; i < closed.size && closed.at(i).baseOffset < endOffset; i++) {
    const segment = closed.at(i);
    const kept: number[] = [];
    let bytes = 0;
    let largestTick = -1;
    let tombstone = false;
    const visit = (o: number) => {
      if (!retains(o, segment)) {
        removed++;
        removedBytes += store.sizeBytes(o);
        return;
      }
      kept.push(o);
      bytes += store.sizeBytes(o);
      largestTick = Math.max(largestTick, store.createdTick(o) ?? -1);
      tombstone ||= store.value(o) === null;
    };
    if (segment.kept) for (const o of segment.kept) visit(o);
    else for (let o = segment.baseOffset; o < segment.endOffset; o++) visit(o);
    const deleteHorizonMs = segment.deleteHorizonMs ?? (tombstone ? horizonMs : null);
    rewritten.push({ ...segment, kept, bytes, largestTick, deleteHorizonMs });
  }
  partition.segments = { ...partition.segments, closed: closed.replaceFirst(rewritten.length, rewritten), firstDirtyOffset: endOffset };
  partition.retainedBytes -= removedBytes;
  ctx.log.emit('log.cleaned', address.broker(partition.leader), address.partition(topic.name, partition.partition), {
    topic: topic.name,
    partition: partition.partition,
    from: partition.logStartOffset,
    to: endOffset,
    removed,
  });
}
