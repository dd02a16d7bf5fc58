/**
 * `__consumer_offsets`: Kafka stores committed offsets in an internal topic that its group
 * coordinator creates the first time a group looks for it (AutoTopicCreationManager: 50
 * partitions, compacted), so a fresh cluster lists no topics. The simulator keeps offsets in its
 * coordinator instead and shows the topic from then on, so listings read as on a real cluster.
 *
 * There is only ever one: a `__consumer_offsets` created by hand before any group is the
 * coordinator's topic (as in Kafka, where the coordinator then finds it and uses it), and once
 * the coordinator's exists, creating it is TopicExistsException (rules/topics.ts).
 */
import { isOffsetsTopicInUse, OFFSETS_TOPIC } from '../../core/rules/topics.ts';
import type { World } from '../../core/types.ts';
import { isActive } from '../../core/world.ts';
import { OFFSETS_PARTITIONS, offsetsLeader, offsetsReplicas } from '../../core/rules/coordinators.ts';

export { isInternalTopic } from '../../core/rules/topics.ts';

/** Internal topics the coordinator has made that are not among the world's own topics. */
export function internalTopicNames(world: World): string[] {
  return isOffsetsTopicInUse(world) && !world.topics.has(OFFSETS_TOPIC) ? [OFFSETS_TOPIC] : [];
}

/** What `kafka-topics --describe` prints for the coordinator's `__consumer_offsets`. */
export function describeInternalTopic(world: World, name: string): string[] {
  const lines = [
    `Topic: ${name}\tTopicId: 6zn8ZFhaRnqtIAXp1GxmGA\tPartitionCount: ${OFFSETS_PARTITIONS}\tReplicationFactor: ${offsetsReplicas(world, 0).length}\tConfigs: compression.type=producer,cleanup.policy=compact,segment.bytes=104857600`,
  ];
  for (let p = 0; p < OFFSETS_PARTITIONS; p++) {
    const replicas = offsetsReplicas(world, p);
    const leader = offsetsLeader(world, p);
    lines.push(
      `\tTopic: ${name}\tPartition: ${p}\tLeader: ${leader < 0 ? 'none' : leader}\tReplicas: ${replicas.join(',')}\tIsr: ${replicas.filter((id) => isActive(world, id)).join(',')}\tElr: \tLastKnownElr: `,
    );
  }
  return lines;
}
