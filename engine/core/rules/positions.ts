/** Where a consumer starts reading: its group's committed offset, or `auto.offset.reset`. */
import { address } from '../events.ts';
import type { ConsumerApp, GroupState, PartitionState } from '../types.ts';
import { findPartition, partitionKey } from '../world.ts';
import type { RuleContext } from './context.ts';

/** Moves `consumer` to the offset its reset policy names, as Kafka does for a missing or out-of-range offset. */
export function resetPosition(ctx: RuleContext, consumer: ConsumerApp, partition: PartitionState, reason: 'no committed offset' | 'out of range'): number {
  const offset = consumer.offsetReset === 'earliest' ? partition.logStartOffset : partition.logEndOffset;
  const key = partitionKey(partition.topic, partition.partition);
  consumer.positions.set(key, offset);
  consumer.processedUpTo.set(key, offset);
  ctx.log.emit('offset.reset', address.partition(partition.topic, partition.partition), address.consumer(consumer.name), {
    group: consumer.group,
    consumer: consumer.name,
    topic: partition.topic,
    partition: partition.partition,
    offset,
    policy: consumer.offsetReset,
    reason,
  });
  return offset;
}

/** Whether `group` holds transactional offsets, not yet committed or aborted, for a partition `consumer` is assigned. */
function hasUnstableOffsets(consumer: ConsumerApp, group: GroupState): boolean {
  if (group.pendingTxnOffsets.size === 0) return false;
  for (const offsets of group.pendingTxnOffsets.values()) {
    if (offsets.some((o) => consumer.assignment.some((tp) => tp.topic === o.topic && tp.partition === o.partition))) return true;
  }
  return false;
}

/**
 * Sets the starting position of every newly assigned partition (Kafka's OffsetFetch after a
 * rebalance). A read_committed consumer asks for stable offsets only (KIP-447's require_stable):
 * while a transaction holds offsets of its partitions, the coordinator answers
 * UNSTABLE_OFFSET_COMMIT and the consumer asks again later, so it never starts from an offset
 * the transaction is about to replace.
 */
export function assignPositions(ctx: RuleContext, consumer: ConsumerApp, group: GroupState): void {
  consumer.positions.clear();
  consumer.processedUpTo.clear();
  consumer.awaitingStableOffsets = consumer.isolation === 'read_committed' && hasUnstableOffsets(consumer, group);
  if (consumer.awaitingStableOffsets) return;
  for (const tp of consumer.assignment) {
    const partition = findPartition(ctx.world, tp.topic, tp.partition);
    if (!partition) continue;
    const key = partitionKey(tp.topic, tp.partition);
    const committed = group.offsets.get(key);
    let position: number;
    if (committed === undefined) position = resetPosition(ctx, consumer, partition, 'no committed offset');
    else if (committed.offset < partition.logStartOffset || committed.offset > partition.logEndOffset) {
      position = resetPosition(ctx, consumer, partition, 'out of range');
    } else {
      position = committed.offset;
      consumer.positions.set(key, position);
      consumer.processedUpTo.set(key, position);
    }
    if (!group.startOffsets.has(key)) group.startOffsets.set(key, position);
  }
}
