/**
 * The leader's half of ISR membership (Kafka 4.1 `Partition`, read at apache/kafka 1eb7644); the
 * controller applies what the leader asks (AlterPartition, here at once: controller.ts).
 *
 * - Shrink (`Partition.maybeShrinkIsr`, run every `replica.lag.time.max.ms / 2` by the
 *   "isr-expiration" task): an in-sync follower is out of sync when its log end is not the
 *   leader's and it was last caught up more than `replica.lag.time.max.ms` ago
 *   (`ReplicaState.isCaughtUp`). A follower that stopped fetching (its broker is down or slow)
 *   drops out the same way once records arrive it does not copy.
 * - Expand (`Partition.maybeExpandIsr`, on each follower fetch): a follower outside the ISR rejoins
 *   once its log end reached the high watermark and the offset where the leader's epoch began
 *   (`isFollowerInSync`), if its broker is unfenced (`isReplicaIsrEligible`).
 */
import type { PartitionState, World } from '../types.ts';
import { brokerById } from '../world.ts';
import type { RuleContext } from './context.ts';
import { alterIsr } from './controller.ts';
import { leaderServes } from './replication.ts';

function outOfSync(world: World, partition: PartitionState, id: number): boolean {
  const follower = partition.followers.get(id);
  if (!follower) return true;
  const caughtUp = follower.leaderView === partition.logEndOffset || world.tick - follower.lastCaughtUpTick <= world.options.replicaLagTimeTicks;
  return !caughtUp;
}

/** The periodic check: every live leader drops its out-of-sync followers from the ISR. */
export function shrinkIsrs(ctx: RuleContext): void {
  const { world } = ctx;
  const interval = Math.max(1, Math.floor(world.options.replicaLagTimeTicks / 2));
  if (world.tick % interval !== 0) return;
  for (const topic of world.topics.values()) {
    if (topic.replicationFactor === 1) continue;
    for (const partition of topic.partitions) {
      if (!leaderServes(world, partition)) continue;
      const lagging = partition.isr.filter((id) => id !== partition.leader && outOfSync(world, partition, id));
      if (lagging.length === 0) continue;
      alterIsr(
        ctx,
        partition,
        partition.isr.filter((id) => !lagging.includes(id)),
        `replica${lagging.length === 1 ? '' : 's'} ${lagging.join(', ')} not caught up within replica.lag.time.max.ms`,
      );
    }
  }
}

/** After a follower's fetch: it rejoins the ISR when it holds everything committed in this leader's epoch. */
export function maybeExpandIsr(ctx: RuleContext, partition: PartitionState, id: number): void {
  if (partition.isr.includes(id)) return;
  const follower = partition.followers.get(id);
  const broker = brokerById(ctx.world, id);
  if (!follower || !broker || broker.fenced) return;
  if (follower.leaderView < partition.highWatermark || follower.leaderView < partition.leaderEpochStartOffset) return;
  alterIsr(ctx, partition, [...partition.isr, id], `replica ${id} caught up`);
}
