/**
 * The group coordinator (classic protocol, eager rebalancing): membership, session
 * timeouts, rebalances and assignment, committed offsets.
 */
import { assignPartitions } from '../assignors.ts';
import { address } from '../events.ts';
import { LedgerColumns } from '../ledger.ts';
import type { ConsumerApp, GroupState, GroupStateName, MemberState, TopicPartition, World } from '../types.ts';
import { partitionKey } from '../world.ts';
import type { RuleContext } from './context.ts';
import { assignPositions } from './positions.ts';
import { coordinatorOf, coordinatorServes } from './coordinators.ts';

/** The group, created Empty on first use as Kafka's coordinator does. */
export function ensureGroup(world: World, id: string): GroupState {
  let group = world.groups.get(id);
  if (!group) {
    group = {
      id,
      state: 'Empty',
      generation: 0,
      protocol: null,
      members: new Map(),
      offsets: new Map(),
      rebalance: null,
      startOffsets: new Map(),
      ledger: new LedgerColumns(),
      ledgerLength: 0,
      coordinator: coordinatorOf(world, id),
      pendingTxnOffsets: new Map(),
    };
    world.groups.set(id, group);
  }
  return group;
}

function setState(ctx: RuleContext, group: GroupState, to: GroupStateName): void {
  if (group.state === to) return;
  const from = group.state;
  group.state = to;
  ctx.log.emit('group.state.changed', address.group(group.id), address.group(group.id), { group: group.id, from, to });
}

/** Opens a rebalance (or keeps the open one): every member must rejoin before it completes. */
export function requestRebalance(ctx: RuleContext, group: GroupState, reason: string): void {
  if (group.members.size === 0) {
    // The last member left: nothing to rebalance, the group is simply Empty (a new generation).
    group.rebalance = null;
    group.generation++;
    group.protocol = null;
    setState(ctx, group, 'Empty');
    return;
  }
  if (group.state === 'PreparingRebalance') return;
  group.rebalance = { startedTick: ctx.world.tick, reason };
  for (const m of group.members.values()) m.rejoined = false;
  setState(ctx, group, 'PreparingRebalance');
  ctx.log.emit('rebalance.started', address.group(group.id), address.group(group.id), {
    group: group.id,
    reason,
    generation: group.generation,
  });
}

/** A consumer joins its group as a new member; the group rebalances to give it partitions. */
export function joinGroup(ctx: RuleContext, consumer: ConsumerApp): void {
  const { world, log } = ctx;
  const group = ensureGroup(world, consumer.group);
  const memberId = consumer.memberId as string;
  const member: MemberState = {
    memberId,
    clientId: consumer.clientId,
    host: consumer.host,
    consumer: consumer.name,
    topics: consumer.topics,
    assignor: consumer.assignor,
    lastHeartbeatTick: world.tick,
    assignment: [],
    rejoined: true,
  };
  group.members.set(memberId, member);
  log.emit('member.joined', address.consumer(consumer.name), address.group(group.id), { group: group.id, memberId, consumer: consumer.name });
  requestRebalance(ctx, group, `member ${memberId} joined`);
  member.rejoined = true;
}

/** A member leaves on purpose (LeaveGroup): the rest rebalance at once. */
export function leaveGroup(ctx: RuleContext, groupId: string, memberId: string): void {
  const group = ctx.world.groups.get(groupId);
  if (!group?.members.delete(memberId)) return;
  ctx.log.emit('member.left', address.group(groupId), address.group(groupId), { group: groupId, memberId });
  requestRebalance(ctx, group, `member ${memberId} left`);
}

/** Expels members silent for a whole session timeout (a crashed consumer sends no heartbeats). */
export function expireSessions(ctx: RuleContext): void {
  const { world, log } = ctx;
  const timeout = world.options.sessionTimeoutTicks;
  for (const group of world.groups.values()) {
    // A coordinator that is down expels no one: its successor restarts the session timers.
    if (!coordinatorServes(world, group)) continue;
    for (const member of [...group.members.values()]) {
      const silent = world.tick - member.lastHeartbeatTick;
      if (silent < timeout) continue;
      group.members.delete(member.memberId);
      log.emit('member.expired', address.group(group.id), address.group(group.id), {
        group: group.id,
        memberId: member.memberId,
        silentTicks: silent,
      });
      requestRebalance(ctx, group, `member ${member.memberId} expired after the session timeout`);
    }
  }
}

/** Completes each open rebalance once every member rejoined and the rejoin delay passed. */
export function completeRebalances(ctx: RuleContext): void {
  const { world } = ctx;
  for (const group of world.groups.values()) {
    const rebalance = group.rebalance;
    if (!coordinatorServes(world, group)) continue;
    if (!rebalance || world.tick < rebalance.startedTick + world.options.rebalanceDelayTicks) continue;
    if ([...group.members.values()].some((m) => !m.rejoined)) continue;
    completeRebalance(ctx, group);
  }
}

function completeRebalance(ctx: RuleContext, group: GroupState): void {
  const { world, log } = ctx;
  group.rebalance = null;
  group.generation++;
  const members = [...group.members.values()];
  if (members.length === 0) {
    group.protocol = null;
    setState(ctx, group, 'Empty');
    return;
  }
  // The leader is the first member to have joined; its assignor decides (Kafka: the group
  // protocol all members support, which for one assignor each is the leader's choice).
  const assignor = (members[0] as MemberState).assignor;
  const counts = new Map<string, number>();
  for (const m of members) {
    for (const t of m.topics) {
      const topic = world.topics.get(t);
      if (topic) counts.set(t, topic.partitions.length);
    }
  }
  const assignment = assignPartitions(
    assignor,
    members.map((m) => ({ memberId: m.memberId, topics: m.topics, previous: m.assignment })),
    counts,
  );
  group.protocol = assignor;
  const summary: Record<string, TopicPartition[]> = {};
  for (const m of members) {
    m.assignment = assignment.get(m.memberId) ?? [];
    summary[m.memberId] = m.assignment;
    for (const tp of m.assignment) {
      log.emit('partition.assigned', address.group(group.id), address.consumer(m.consumer), {
        group: group.id,
        memberId: m.memberId,
        topic: tp.topic,
        partition: tp.partition,
      });
    }
    const consumer = world.consumers.get(m.consumer);
    if (consumer && consumer.memberId === m.memberId && consumer.status !== 'crashed') {
      consumer.assignment = [...m.assignment];
      consumer.generation = group.generation;
      consumer.phase = 'ready';
      assignPositions(ctx, consumer, group);
    }
  }
  setState(ctx, group, 'Stable');
  log.emit('rebalance.completed', address.group(group.id), address.group(group.id), {
    group: group.id,
    generation: group.generation,
    assignor,
    assignment: summary,
  });
}

/**
 * Records a heartbeat from a live member. Returns 'unknown' when the coordinator answers
 * UNKNOWN_MEMBER_ID (it expelled the member, say while it could not hear from it), which sends
 * the consumer to join again.
 */
export function heartbeat(ctx: RuleContext, consumer: ConsumerApp): 'ok' | 'unknown' | 'unanswered' {
  const group = ctx.world.groups.get(consumer.group);
  // A heartbeat to a coordinator that is down goes unanswered.
  if (!group || !coordinatorServes(ctx.world, group)) return 'unanswered';
  const member = consumer.memberId ? group.members.get(consumer.memberId) : undefined;
  if (!member) return consumer.memberId !== null && consumer.status === 'running' ? 'unknown' : 'unanswered';
  member.lastHeartbeatTick = ctx.world.tick;
  ctx.log.emit('member.heartbeat', address.consumer(consumer.name), address.group(consumer.group), {
    group: consumer.group,
    memberId: member.memberId,
  });
  return 'ok';
}

/** Whether the coordinator accepts a commit from this member and generation (else CommitFailedException). */
export function commitError(group: GroupState, memberId: string | null, generation: number): string | null {
  // Kafka (ClassicGroup.validateOffsetCommit): a commit without member id (an admin client) only while the group is Empty.
  if (memberId === null) return group.state === 'Empty' ? null : 'UNKNOWN_MEMBER_ID';
  if (!group.members.has(memberId)) return 'UNKNOWN_MEMBER_ID';
  if (generation !== group.generation) return 'ILLEGAL_GENERATION';
  return null;
}

/** Stores committed offsets; the first commit of a partition also marks where the group started it. */
export function storeOffsets(world: World, group: GroupState, offsets: readonly { topic: string; partition: number; offset: number }[]): void {
  for (const o of offsets) {
    const key = partitionKey(o.topic, o.partition);
    group.offsets.set(key, { offset: o.offset, tick: world.tick });
    if (!group.startOffsets.has(key)) group.startOffsets.set(key, o.offset);
  }
}
