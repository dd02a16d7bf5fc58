/**
 * Where each group's coordinator lives. Kafka's coordinator for a group is the leader of the
 * `__consumer_offsets` partition `Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions`
 * (GroupCoordinatorService / `Topic.partitionFor`): the group's members, generation and
 * committed offsets are records in that partition, replicated like any other. When its leader
 * dies, the partition's new leader loads the group from the log and becomes the coordinator:
 * members find it (FindCoordinator) and carry on, and committed offsets survive.
 *
 * The simulator keeps groups in the world rather than in that topic's log, so it models the
 * topic's placement and leadership only: partition p has min(3, brokers) replicas, the brokers
 * from the p-th in id order on (offsets.topic.replication.factor=3 on a cluster of at least three),
 * always in sync, led by the first one the controller has not fenced. While the coordinator's
 * broker is down and not yet fenced, the group's heartbeats and commits go unanswered.
 */
import { address } from '../events.ts';
import type { GroupState, World } from '../types.ts';
import { isActive, isServing } from '../world.ts';
import type { RuleContext } from './context.ts';

/** offsets.topic.num.partitions */
export const OFFSETS_PARTITIONS = 50;

/** Java's `String.hashCode`: s[0]·31^(n-1) + … + s[n-1] over UTF-16 code units, in 32-bit ints. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** The `__consumer_offsets` partition that holds `group` (Kafka's Utils.abs is `n & 0x7fffffff`). */
export function offsetsPartitionFor(group: string): number {
  return (javaStringHash(group) & 0x7fffffff) % OFFSETS_PARTITIONS;
}

/** The replicas of `__consumer_offsets` partition `p`. */
export function offsetsReplicas(world: World, p: number): number[] {
  const ids = world.brokers.map((b) => b.id);
  const rf = Math.min(3, ids.length);
  return Array.from({ length: rf }, (_, i) => ids[(p + i) % ids.length] as number);
}

/** The leader of `__consumer_offsets` partition `p`: its first unfenced replica, or -1. */
export function offsetsLeader(world: World, p: number): number {
  return offsetsReplicas(world, p).find((id) => isActive(world, id)) ?? -1;
}

/** The broker coordinating `group` now, or -1 when its offsets partition has no leader. */
export function coordinatorOf(world: World, group: string): number {
  return offsetsLeader(world, offsetsPartitionFor(group));
}

/** Whether the group's coordinator is up to answer it. */
export function coordinatorServes(world: World, group: GroupState): boolean {
  return group.coordinator >= 0 && isServing(world, group.coordinator);
}

/**
 * Each tick: a group whose offsets partition changed leader moves to the new coordinator, which
 * loads it and starts every member's session timer afresh (it has heard from none of them yet).
 */
export function moveCoordinators(ctx: RuleContext): void {
  const { world, log } = ctx;
  for (const group of world.groups.values()) {
    const next = coordinatorOf(world, group.id);
    if (next === group.coordinator) continue;
    const from = group.coordinator;
    group.coordinator = next;
    if (next >= 0) for (const member of group.members.values()) member.lastHeartbeatTick = world.tick;
    log.emit('coordinator.moved', from >= 0 ? address.broker(from) : address.admin, address.group(group.id), { group: group.id, from, to: next });
  }
}

/**
 * Broker `id` registered again (a restart): as leader of its `__consumer_offsets` partitions it
 * loads their groups afresh, so their members' session timers start now, whether or not the
 * coordinator moved meanwhile (GroupMetadataManager.onLoaded reschedules every member's heartbeat).
 */
export function reloadGroupsOf(ctx: RuleContext, id: number): void {
  for (const group of ctx.world.groups.values()) {
    if (coordinatorOf(ctx.world, group.id) !== id) continue;
    group.coordinator = id;
    for (const member of group.members.values()) member.lastHeartbeatTick = ctx.world.tick;
  }
}
