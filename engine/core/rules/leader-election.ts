/**
 * `kafka-leader-election` (Admin.electLeaders), as the controller answers it
 * (ReplicationControlManager.electLeaders / electLeader, apache/kafka 1eb7644): per partition,
 * ELECTION_NOT_NEEDED when it already has its preferred leader (preferred) or any leader
 * (unclean); otherwise the partition change rule runs that election, and a change that changes
 * nothing is PREFERRED_LEADER_NOT_AVAILABLE or ELIGIBLE_LEADERS_NOT_AVAILABLE. With no
 * partitions named, every partition is tried and those that needed no election are left out.
 */
import type { TopicPartition, World } from '../types.ts';
import type { RuleContext } from './context.ts';
import { changePartition } from './controller.ts';

export type ElectionOutcome =
  'NONE' | 'ELECTION_NOT_NEEDED' | 'PREFERRED_LEADER_NOT_AVAILABLE' | 'ELIGIBLE_LEADERS_NOT_AVAILABLE' | 'UNKNOWN_TOPIC_OR_PARTITION';

export interface ElectionResult extends TopicPartition {
  readonly outcome: ElectionOutcome;
  /** The error's message where Kafka gives one of its own (UNKNOWN_TOPIC_OR_PARTITION). */
  readonly message: string | null;
}

function electOne(ctx: RuleContext, election: 'preferred' | 'unclean', topic: string, p: number): ElectionResult {
  const t = ctx.world.topics.get(topic);
  if (!t) return { topic, partition: p, outcome: 'UNKNOWN_TOPIC_OR_PARTITION', message: `No such topic as ${topic}` };
  const partition = t.partitions[p];
  if (!partition) return { topic, partition: p, outcome: 'UNKNOWN_TOPIC_OR_PARTITION', message: `No such partition as ${topic}-${p}` };
  if ((election === 'preferred' && partition.leader === partition.replicas[0]) || (election === 'unclean' && partition.leader >= 0)) {
    return { topic, partition: p, outcome: 'ELECTION_NOT_NEEDED', message: null };
  }
  const before = JSON.stringify([partition.leader, partition.isr, partition.elr, partition.lastKnownElr]);
  changePartition(ctx, partition, { election }, `kafka-leader-election --election-type ${election}`);
  const after = JSON.stringify([partition.leader, partition.isr, partition.elr, partition.lastKnownElr]);
  if (before !== after) return { topic, partition: p, outcome: 'NONE', message: null };
  return { topic, partition: p, outcome: election === 'preferred' ? 'PREFERRED_LEADER_NOT_AVAILABLE' : 'ELIGIBLE_LEADERS_NOT_AVAILABLE', message: null };
}

export function electLeaders(ctx: RuleContext, election: 'preferred' | 'unclean', partitions: readonly TopicPartition[] | 'all'): ElectionResult[] {
  if (partitions !== 'all') return partitions.map((tp) => electOne(ctx, election, tp.topic, tp.partition));
  const results: ElectionResult[] = [];
  for (const topic of allTopicNames(ctx.world)) {
    for (const partition of (ctx.world.topics.get(topic)?.partitions ?? []).map((p) => p.partition)) {
      const result = electOne(ctx, election, topic, partition);
      if (result.outcome !== 'ELECTION_NOT_NEEDED') results.push(result);
    }
  }
  return results;
}

function allTopicNames(world: World): string[] {
  return [...world.topics.keys()];
}
