/** Administrative group operations (kafka-consumer-groups): offset resets and deletion. */
import type { CommandError, OffsetResetSpec } from '../commands.ts';
import { address } from '../events.ts';
import type { World } from '../types.ts';
import { partitionKey } from '../world.ts';
import { refuse, type RuleContext } from './context.ts';
import { ensureGroup, storeOffsets } from './groups.ts';

export interface OffsetResetPlan {
  readonly offsets: readonly { readonly topic: string; readonly partition: number; readonly offset: number }[];
  /** Kafka logs a WARN when it clamps an offset into the log (checkOffsetsRange). */
  readonly warnings: readonly string[];
}

/** Computes a reset without applying it (`--dry-run`), refusing as Kafka does. */
export function planOffsetReset(
  world: World,
  groupId: string,
  topicName: string,
  partitions: readonly number[] | undefined,
  spec: OffsetResetSpec,
): OffsetResetPlan | CommandError {
  const group = world.groups.get(groupId);
  // Kafka: only an Empty (or Dead, or unknown) group may be reset.
  if (group && group.members.size > 0) {
    return refuse('GroupNotInactive', `Assignments can only be reset if the group '${groupId}' is inactive, but the current state is ${group.state}.`);
  }
  const topic = world.topics.get(topicName);
  if (!topic) return refuse('UnknownTopicOrPartitionException', `Topic ${topicName} does not exist.`);
  const chosen = partitions ?? topic.partitions.map((p) => p.partition);
  const offsets: { topic: string; partition: number; offset: number }[] = [];
  const warnings: string[] = [];
  for (const p of chosen) {
    const partition = topic.partitions[p];
    if (!partition) return refuse('UnknownTopicOrPartitionException', `Partition ${p} of topic ${topicName} does not exist.`);
    const key = partitionKey(topicName, p);
    let offset: number;
    if (spec.to === 'earliest') offset = partition.logStartOffset;
    else if (spec.to === 'latest') offset = partition.logEndOffset;
    else if (spec.to === 'offset') offset = spec.offset;
    else {
      const committed = group?.offsets.get(key);
      if (!committed) return refuse('IllegalArgumentException', `Cannot shift offset for partition ${key} since there is no current committed offset`);
      offset = committed.offset + spec.by;
    }
    if (offset > partition.logEndOffset) {
      warnings.push(`New offset (${offset}) is higher than latest offset for topic partition ${key}. Value will be set to ${partition.logEndOffset}`);
      offset = partition.logEndOffset;
    } else if (offset < partition.logStartOffset) {
      warnings.push(`New offset (${offset}) is lower than earliest offset for topic partition ${key}. Value will be set to ${partition.logStartOffset}`);
      offset = partition.logStartOffset;
    }
    offsets.push({ topic: topicName, partition: p, offset });
  }
  return { offsets, warnings };
}

/** Applies a reset (`--execute`): the group's committed offsets become the plan's. */
export function resetOffsets(
  ctx: RuleContext,
  groupId: string,
  topic: string,
  partitions: readonly number[] | undefined,
  spec: OffsetResetSpec,
): CommandError | OffsetResetPlan {
  const plan = planOffsetReset(ctx.world, groupId, topic, partitions, spec);
  if ('code' in plan) return plan;
  storeOffsets(ctx.world, ensureGroup(ctx.world, groupId), plan.offsets);
  ctx.log.emit('group.offsets.reset', address.admin, address.group(groupId), { group: groupId, offsets: plan.offsets });
  return plan;
}

/** Deletes an Empty group with its offsets (GroupNotEmptyException otherwise). */
export function deleteGroup(ctx: RuleContext, groupId: string): CommandError | null {
  const group = ctx.world.groups.get(groupId);
  if (!group) return refuse('GroupIdNotFoundException', 'The group id does not exist.');
  if (group.members.size > 0) return refuse('GroupNotEmptyException', 'The group is not empty.');
  ctx.world.groups.delete(groupId);
  ctx.log.emit('group.deleted', address.admin, address.group(groupId), { group: groupId });
  return null;
}
