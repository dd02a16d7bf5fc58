/**
 * `__consumer_offsets`: Kafka stores committed offsets in an internal topic that appears in
 * `kafka-topics --list` once the first group used the coordinator. The simulator keeps
 * offsets in its coordinator instead, and shows the topic so listings read as on a real cluster.
 */
import type { World } from '../../core/types.ts';

const OFFSETS_TOPIC = '__consumer_offsets';
/** offsets.topic.num.partitions */
const OFFSETS_PARTITIONS = 50;

/** Internal topics that exist in `world`. */
export function internalTopicNames(world: World): string[] {
  return world.groups.size > 0 ? [OFFSETS_TOPIC] : [];
}

export function isInternalTopic(name: string): boolean {
  return name === OFFSETS_TOPIC;
}

/** What `kafka-topics --describe` prints for an internal topic. */
export function describeInternalTopic(name: string): string[] {
  const lines = [
    `Topic: ${name}\tTopicId: 6zn8ZFhaRnqtIAXp1GxmGA\tPartitionCount: ${OFFSETS_PARTITIONS}\tReplicationFactor: 1\tConfigs: compression.type=producer,cleanup.policy=compact,segment.bytes=104857600`,
  ];
  for (let p = 0; p < OFFSETS_PARTITIONS; p++) {
    lines.push(`\tTopic: ${name}\tPartition: ${p}\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: `);
  }
  return lines;
}
