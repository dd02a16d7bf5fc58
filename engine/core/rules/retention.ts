/**
 * Retention: `retention.ms` and `retention.bytes` delete the oldest records and advance the
 * log start offset. Kafka deletes whole segments; the simulator deletes record by record, so
 * a lesson sees exactly which records went (a documented difference).
 */
import { address } from '../events.ts';
import type { PartitionState, TopicState } from '../types.ts';
import { partitionKey } from '../world.ts';
import type { RuleContext } from './context.ts';
import { resetPosition } from './positions.ts';
import { dropTxnsBelow } from './partition-transactions.ts';

type Reason = 'retention.ms' | 'retention.bytes';

/** Which limit, if any, the oldest retained record is past. */
function expiryOf(ctx: RuleContext, topic: TopicState, partition: PartitionState): Reason | null {
  const { world } = ctx;
  const offset = partition.logStartOffset;
  if (topic.retentionBytes !== null && partition.retainedBytes > topic.retentionBytes) return 'retention.bytes';
  if (topic.retentionMs === null) return null;
  const ageMs = (world.tick - (partition.store.createdTick(offset) ?? world.tick)) * world.options.tickMs;
  return ageMs > topic.retentionMs ? 'retention.ms' : null;
}

/** Each tick: delete expired records of every topic with a retention limit. */
export function enforceRetention(ctx: RuleContext): void {
  const { world, log } = ctx;
  for (const topic of world.topics.values()) {
    if (topic.retentionMs === null && topic.retentionBytes === null) continue;
    for (const partition of topic.partitions) {
      const from = partition.logStartOffset;
      let reason: Reason | null = null;
      for (;;) {
        // Kafka never deletes past the high watermark (UnifiedLog.deleteOldSegments only looks at
        // segments below it): records not yet on every in-sync replica stay. With one replica
        // the high watermark is the log end.
        const why = partition.logStartOffset < partition.highWatermark ? expiryOf(ctx, topic, partition) : null;
        if (!why) break;
        reason ??= why;
        partition.retainedBytes -= partition.store.sizeBytes(partition.logStartOffset);
        partition.logStartOffset++;
      }
      if (!reason) continue;
      world.counters.recordsRetained -= partition.logStartOffset - from;
      dropTxnsBelow(partition, partition.logStartOffset);
      log.emit('records.deleted', address.broker(partition.leader), address.partition(topic.name, partition.partition), {
        topic: topic.name,
        partition: partition.partition,
        from,
        to: partition.logStartOffset,
        reason,
      });
      resetFallenBehind(ctx, partition);
    }
  }
}

/** Consumers positioned below the new log start get OFFSET_OUT_OF_RANGE and reset by their policy. */
function resetFallenBehind(ctx: RuleContext, partition: PartitionState): void {
  const key = partitionKey(partition.topic, partition.partition);
  for (const consumer of ctx.world.consumers.values()) {
    const position = consumer.positions.get(key);
    if (position !== undefined && position < partition.logStartOffset) resetPosition(ctx, consumer, partition, 'out of range');
  }
}
