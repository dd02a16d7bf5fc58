/**
 * The KRaft controller's handling of brokers and partition leadership (Kafka 4.1
 * `ReplicationControlManager` and `ClusterControlManager`, read at apache/kafka 1eb7644). Every
 * change of a partition's leader or ISR goes through `changePartition`, which asks the partition
 * change rule (partition-change.ts) and applies its answer:
 *
 * - A broker is fenced when its heartbeats stop for `broker.session.timeout.ms` (a crash), or at
 *   once when it shuts down in a controlled way: it leaves every ISR and new leaders are elected
 *   for what it led (`handleBrokerFenced`, `handleBrokerInControlledShutdown`).
 * - A restarted broker registers; after a crash that counts as an unclean shutdown, so it also
 *   leaves every ISR and ELR (`handleBrokerUncleanShutdown`). It then unfences, and partitions
 *   without a leader get one if it may lead them (`handleBrokerUnfenced`).
 * - A leader asks to shrink or grow its ISR (AlterPartition, isr.ts).
 * - Every `leader.imbalance.check.interval` the controller moves leadership back to preferred
 *   replicas (`maybeBalancePartitionLeaders`, auto.leader.rebalance.enable=true), and every
 *   `unclean.leader.election.interval` it tries unclean elections for leaderless partitions of
 *   topics that allow them (`maybeElectUncleanLeaders`). A fence or unfence also elects
 *   uncleanly at once for such topics, so a config change takes effect at either.
 */
import { address } from '../events.ts';
import type { PartitionState, World } from '../types.ts';
import { brokerById, isActive, updateBroker } from '../world.ts';
import type { RuleContext } from './context.ts';
import { shrinkIsrs } from './isr.ts';
import { moveLeadership, type ElectionCause } from './leadership.ts';
import { buildPartitionChange, type ElectionKind, type PartitionChange } from './partition-change.ts';
import { advanceHighWatermark, minInsyncReplicas, resumeFollowers } from './replication.ts';
import { moveCoordinators, reloadGroupsOf } from './coordinators.ts';

/** Whether the topic allows unclean elections (`unclean.leader.election.enable`, false by default). */
export function uncleanAllowed(world: World, topic: string): boolean {
  return world.topics.get(topic)?.configs.get('unclean.leader.election.enable') === 'true';
}

function* allPartitions(world: World): Generator<PartitionState> {
  for (const topic of world.topics.values()) yield* topic.partitions;
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => b[i] === x);
}

/** How the new leader was chosen; `before` is the partition's last known leader list before the change. */
function causeOf(change: PartitionChange, election: ElectionKind, before: readonly number[]): ElectionCause {
  if (change.unclean) return before.length === 1 && before[0] === change.leader ? 'last-known-leader' : 'unclean';
  if (change.fromElr) return 'elr';
  return election === 'preferred' ? 'preferred' : 'clean';
}

export interface ChangeOptions {
  readonly targetIsr?: readonly number[];
  readonly isAcceptableLeader?: (id: number) => boolean;
  /** Defaults to the topic's: unclean when `unclean.leader.election.enable` is true, else online. */
  readonly election?: ElectionKind;
  readonly uncleanShutdown?: number;
}

/** Runs the partition change rule on `partition` and applies the result; returns what changed. */
export function changePartition(ctx: RuleContext, partition: PartitionState, options: ChangeOptions, reason: string): PartitionChange {
  const { world, log } = ctx;
  const election = options.election ?? (uncleanAllowed(world, partition.topic) ? 'unclean' : 'online');
  const change = buildPartitionChange({
    partition,
    targetIsr: options.targetIsr ?? partition.isr,
    minIsr: minInsyncReplicas(world, partition),
    isAcceptableLeader: options.isAcceptableLeader ?? ((id) => isActive(world, id)),
    election,
    uncleanShutdown: options.uncleanShutdown,
  });
  const isrChanged = !sameList(change.isr, partition.isr);
  const elrChanged = !sameList(change.elr, partition.elr) || !sameList(change.lastKnownElr, partition.lastKnownElr);
  if (change.leaderChanged) moveLeadership(ctx, partition, change.leader, causeOf(change, election, partition.lastKnownElr), reason);
  if (isrChanged || elrChanged) {
    const from = partition.isr;
    partition.isr = change.isr;
    partition.elr = change.elr;
    partition.lastKnownElr = change.lastKnownElr;
    // The leader asked for it (AlterPartition), or the controller decided it (a fence, an election, no leader left).
    const source = partition.leader >= 0 ? address.broker(partition.leader) : address.admin;
    log.emit('isr.changed', source, address.partition(partition.topic, partition.partition), {
      topic: partition.topic,
      partition: partition.partition,
      from,
      to: change.isr,
      elr: change.elr,
      lastKnownElr: change.lastKnownElr,
      reason,
    });
  }
  // A smaller ISR may let the high watermark move (the followers it waited for left).
  if ((isrChanged || change.leaderChanged) && partition.leader >= 0) advanceHighWatermark(ctx, partition);
  if (change.leaderChanged) resumeFollowers(ctx, partition);
  return change;
}

/** A leader's AlterPartition: the ISR it asks for, leader unchanged. */
export function alterIsr(ctx: RuleContext, partition: PartitionState, targetIsr: readonly number[], reason: string): void {
  changePartition(ctx, partition, { targetIsr }, reason);
}

/** Removes broker `id` from every ISR and elects new leaders for what it led (fencing, controlled shutdown). */
function removeFromIsrs(ctx: RuleContext, id: number, reason: string): void {
  for (const partition of allPartitions(ctx.world)) {
    if (!partition.isr.includes(id)) continue;
    changePartition(
      ctx,
      partition,
      { targetIsr: partition.isr.filter((r) => r !== id), isAcceptableLeader: (r) => r !== id && isActive(ctx.world, r) },
      reason,
    );
  }
}

/** The controller fences broker `id`: it leads nothing and is in no ISR until it registers again. */
export function fenceBroker(ctx: RuleContext, id: number, reason: string): void {
  removeFromIsrs(ctx, id, reason);
  updateBroker(ctx.world, id, { fenced: true, fenceTick: -1 });
  ctx.log.emit('broker.fenced', address.admin, address.broker(id), { broker: id, reason });
}

/**
 * A (re)started broker registers. After a crash that is an unclean shutdown: it leaves every ISR
 * and ELR, since it may have lost records it had not flushed. Then it unfences, and leaderless
 * partitions elect a leader, which may be this broker.
 */
export function registerBroker(ctx: RuleContext, id: number, unclean: boolean): void {
  const { world } = ctx;
  if (unclean) {
    for (const partition of allPartitions(world)) {
      if (!partition.isr.includes(id) && !partition.elr.includes(id)) continue;
      changePartition(
        ctx,
        partition,
        { targetIsr: partition.isr.filter((r) => r !== id), isAcceptableLeader: (r) => r !== id && isActive(world, r), uncleanShutdown: id },
        `broker ${id} registered after an unclean shutdown`,
      );
    }
  }
  updateBroker(world, id, { status: 'running', fenced: false, fenceTick: -1 });
  ctx.log.emit('broker.unfenced', address.admin, address.broker(id), { broker: id });
  reloadGroupsOf(ctx, id);
  for (const partition of allPartitions(world)) {
    if (partition.leader >= 0) {
      resumeFollowers(ctx, partition);
      continue;
    }
    changePartition(ctx, partition, { isAcceptableLeader: (r) => r === id || isActive(world, r) }, `broker ${id} unfenced`);
  }
}

/** Each tick, the controller's timers: fencing for missed heartbeats, ISR expiry, preferred leaders, unclean elections, coordinators. */
export function runController(ctx: RuleContext): void {
  const { world } = ctx;
  for (const broker of world.brokers) {
    if (broker.fenceTick < 0 || broker.fenceTick > world.tick) continue;
    fenceBroker(ctx, broker.id, `broker ${broker.id} missed heartbeats for broker.session.timeout.ms`);
    // A broker restarted meanwhile was waiting for this: its new registration is accepted now.
    if (brokerById(world, broker.id)?.status === 'starting') registerBroker(ctx, broker.id, true);
  }
  shrinkIsrs(ctx);
  if (world.tick % world.options.leaderImbalanceCheckTicks === 0) balanceLeaders(ctx);
  if (world.tick % world.options.uncleanElectionCheckTicks === 0) electUncleanLeaders(ctx);
  moveCoordinators(ctx);
}

/** auto.leader.rebalance.enable: partitions not led by their first replica move back when it is in sync and active. */
function balanceLeaders(ctx: RuleContext): void {
  for (const partition of allPartitions(ctx.world)) {
    if (partition.leader === partition.replicas[0]) continue;
    changePartition(ctx, partition, { election: 'preferred' }, 'leader imbalance check');
  }
}

/** Leaderless partitions of topics that allow unclean elections get any live replica as leader. */
function electUncleanLeaders(ctx: RuleContext): void {
  for (const partition of allPartitions(ctx.world)) {
    if (partition.leader >= 0 || !uncleanAllowed(ctx.world, partition.topic)) continue;
    changePartition(ctx, partition, { election: 'unclean' }, 'unclean leader election check');
  }
}
