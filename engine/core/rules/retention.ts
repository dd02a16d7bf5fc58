/**
 * Retention: for topics whose cleanup.policy holds `delete`, `retention.bytes` then `retention.ms`
 * delete the oldest whole segments and advance the log start offset, as Kafka's
 * UnifiedLog.deleteOldSegments does (deleteRetentionSizeBreachedSegments, then
 * deleteRetentionMsBreachedSegments). A segment goes only with every older one, and only once
 * all of it is below the high watermark (deletableSegments); the active segment counts too when
 * it is not empty: if every segment is to go, a new empty active segment is rolled at the log end
 * first, so an expired active segment is deleted with the rest (deleteSegments). Kafka checks
 * every log.retention.check.interval.ms (5 minutes); the simulator checks every tick.
 */
import { address } from '../events.ts';
import type { Segment } from '../log-segments.ts';
import type { PartitionState, TopicState } from '../types.ts';
import { partitionKey } from '../world.ts';
import type { RuleContext } from './context.ts';
import { resetPosition } from './positions.ts';
import { dropTxnsBelow } from './partition-transactions.ts';
import { roll } from './segments.ts';

type Reason = 'retention.ms' | 'retention.bytes';

/** Each tick: delete the expired segments of every topic with a retention limit and the delete policy. */
export function enforceRetention(ctx: RuleContext): void {
  const { world } = ctx;
  for (const topic of world.topics.values()) {
    if (!topic.logConfig.delete || (topic.retentionMs === null && topic.retentionBytes === null)) continue;
    for (const partition of topic.partitions) {
      const before = partition.logStartOffset;
      deleteBySize(ctx, topic, partition);
      deleteByTime(ctx, topic, partition);
      if (partition.logStartOffset === before) continue;
      dropTxnsBelow(partition, partition.logStartOffset);
      resetFallenBehind(ctx, partition);
    }
  }
}

/** deleteRetentionSizeBreachedSegments: while the log is over retention.bytes by at least the oldest segment's size, that segment goes. */
function deleteBySize(ctx: RuleContext, topic: TopicState, partition: PartitionState): void {
  const limit = topic.retentionBytes;
  if (limit === null || partition.retainedBytes < limit) return;
  let over = partition.retainedBytes - limit;
  deleteOldSegments(ctx, topic, partition, 'retention.bytes', (segment) => {
    if (over - segment.bytes < 0) return false;
    over -= segment.bytes;
    return true;
  });
}

/** deleteRetentionMsBreachedSegments: a segment whose largest timestamp is more than retention.ms old goes. */
function deleteByTime(ctx: RuleContext, topic: TopicState, partition: PartitionState): void {
  const limit = topic.retentionMs;
  if (limit === null) return;
  const { tick, options } = ctx.world;
  deleteOldSegments(ctx, topic, partition, 'retention.ms', (segment) => (tick - segment.largestTick) * options.tickMs > limit);
}

/** UnifiedLog.deletableSegments then deleteSegments: the oldest segments `expired` accepts, in order, below the high watermark. */
function deleteOldSegments(ctx: RuleContext, topic: TopicState, partition: PartitionState, reason: Reason, expired: (segment: Segment) => boolean): void {
  const { closed, active } = partition.segments;
  let count = 0;
  for (; count <= closed.size; count++) {
    const segment = count < closed.size ? closed.at(count) : active;
    const isLastAndEmpty = count === closed.size && segment.bytes === 0;
    // The next segment's base offset, or the log end for the active one.
    if (partition.highWatermark < segment.endOffset || isLastAndEmpty || !expired(segment)) break;
  }
  if (count === 0) return;
  // We must always have an active segment: deleting them all rolls a new one at the log end first.
  if (count > closed.size) partition.segments = roll(partition.segments);
  const segments = partition.segments;
  let bytes = 0;
  for (let i = 0; i < count; i++) bytes += segments.closed.at(i).bytes;
  const from = partition.logStartOffset;
  const to = segments.closed.at(count - 1).endOffset;
  partition.segments = { ...segments, closed: segments.closed.dropFirst(count) };
  partition.logStartOffset = to;
  partition.retainedBytes -= bytes;
  ctx.world.counters.recordsRetained -= to - from;
  ctx.log.emit('records.deleted', address.broker(partition.leader), address.partition(topic.name, partition.partition), {
    topic: topic.name,
    partition: partition.partition,
    from,
    to,
    reason,
  });
}

/** Consumers positioned below the new log start get OFFSET_OUT_OF_RANGE and reset by their policy. */
function resetFallenBehind(ctx: RuleContext, partition: PartitionState): void {
  const key = partitionKey(partition.topic, partition.partition);
  for (const consumer of ctx.world.consumers.values()) {
    const position = consumer.positions.get(key);
    if (position !== undefined && position < partition.logStartOffset) resetPosition(ctx, consumer, partition, 'out of range');
  }
}
