/**
 * Followers copy their leader's log, and the leader's high watermark follows them
 * (Kafka 4.1: `Partition`, `Replica`, `ReplicaFetcherThread`, read at apache/kafka 1eb7644):
 *
 * - A follower fetches from its log end. The leader records that offset as the follower's log
 *   end (`Partition.updateFollowerFetchState`), answers with the records past it, or holds the
 *   fetch until it has some (replica fetch purgatory), and the follower appends and fetches again.
 * - The high watermark is the smallest log end over the in-sync replicas, the leader's included
 *   (`Partition.maybeIncrementLeaderHW`), so a record is readable by consumers, and an `acks=all`
 *   write acknowledged, only once every in-sync replica has fetched past it; the leader learns
 *   that from the follower's *next* fetch, a round trip after it copied the records.
 * - Since Kafka 3.7 (KAFKA-15583) the high watermark does not advance while the ISR is smaller
 *   than `min.insync.replicas`.
 * - A follower whose log holds records the current leader does not (written under an older
 *   leader) truncates them on its first fetch: the leader answers with where the logs diverge
 *   (the fetch's `divergingEpoch`), the follower cuts its log there and fetches again.
 * - Each fetch also tells the leader whether the follower is caught up
 *   (`Replica.updateFetchStateOrThrow`), which the ISR rules (isr.ts) read.
 *
 * Kafka's follower re-sends a caught-up fetch every `replica.fetch.wait.max.ms`; nothing changes
 * meanwhile, so here a caught-up fetch simply waits at the leader until records arrive, which
 * keeps a replicated world quiet when nothing happens. Replication traffic is broker to broker:
 * the client fault injection (`sim` loss rates) does not touch it. A message to or from a broker
 * that is down is lost with it; each follower's fetch loop is numbered (`session`) so that a new
 * leader or a restart starts a fresh loop and stray messages of the old one are dropped.
 */
import { address } from '../events.ts';
import type { RecordStore } from '../record-store.ts';
import type { FollowerState, NetworkMessage, PartitionState, World } from '../types.ts';
import { brokerById, findPartition, hopTicks, isServing } from '../world.ts';
import type { RuleContext } from './context.ts';
import { maybeExpandIsr } from './isr.ts';
import { sendProduceResponse } from './produce-response.ts';

type ReplicaFetch = Extract<NetworkMessage, { kind: 'replica-fetch' }>;
type ReplicaFetchResponse = Extract<NetworkMessage, { kind: 'replica-fetch-response' }>;

/**
 * The partition's effective `min.insync.replicas`: the topic's (1, Kafka's default, when not
 * set), capped at the replication factor as the leader caps it (`Partition.effectiveMinIsr`), so
 * a value above the replica count never blocks writes by itself.
 */
export function minInsyncReplicas(world: World, partition: PartitionState): number {
  const value = world.topics.get(partition.topic)?.configs.get('min.insync.replicas');
  return Math.min(value === undefined ? 1 : Number(value), partition.replicas.length);
}

/** Whether the partition has a leader that is up: only then does it take writes, serve reads and feed followers. */
export function leaderServes(world: World, partition: PartitionState): boolean {
  return partition.leader >= 0 && isServing(world, partition.leader);
}

/**
 * How far two replica logs hold the same records: the first offset below both ends where the
 * record differs (a store answers with the store that really holds each offset, so two logs
 * agree at an offset exactly when those are the same). Logs that agree somewhere agree below it,
 * so a binary search finds the point.
 */
export function commonPrefix(a: RecordStore, aEnd: number, b: RecordStore, bEnd: number): number {
  let lo = 0;
  let hi = Math.min(aEnd, bEnd);
  if (a === b || hi === 0 || a.owner(hi - 1) === b.owner(hi - 1)) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a.owner(mid) === b.owner(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where a follower's log stops being its leader's, or null when it is a prefix of it. */
export function divergenceOf(partition: PartitionState, follower: FollowerState): number | null {
  if (follower.store === partition.store && follower.logEnd <= partition.logEndOffset) return null;
  const common = commonPrefix(follower.store, follower.logEnd, partition.store, partition.logEndOffset);
  return common < follower.logEnd ? common : null;
}

/** The id of the partition's topic (fetches carry it, as Kafka's carry topic ids). */
function topicIdOf(world: World, partition: PartitionState): string {
  return world.topics.get(partition.topic)?.id ?? '';
}

/** The follower a replica message is for, unless its topic was deleted since, its fetch loop was replaced, or the broker it arrives at is down. */
function liveFollower(world: World, m: ReplicaFetch | ReplicaFetchResponse): { partition: PartitionState; follower: FollowerState } | null {
  if (world.topics.get(m.topic)?.id !== m.topicId) return null;
  const partition = findPartition(world, m.topic, m.partition);
  const follower = partition?.followers.get(m.follower);
  if (!partition || !follower || follower.session !== m.session) return null;
  // The receiving end must be up; what was sent before its sender died still arrives.
  if (m.kind === 'replica-fetch' ? !leaderServes(world, partition) : !isServing(world, m.follower)) return null;
  return { partition, follower };
}

/** A follower's fetch from its log end; a slow broker's fetches take `slowBrokerTicks` longer. */
function sendFetch(ctx: RuleContext, partition: PartitionState, id: number, follower: FollowerState): void {
  const { world } = ctx;
  const slow = brokerById(world, id)?.slow ? world.options.slowBrokerTicks : 0;
  world.network.push({
    kind: 'replica-fetch',
    arriveTick: world.tick + hopTicks(world) + slow,
    topic: partition.topic,
    topicId: topicIdOf(world, partition),
    partition: partition.partition,
    follower: id,
    session: follower.session,
    offset: follower.logEnd,
  });
}

function sendRecords(ctx: RuleContext, partition: PartitionState, id: number, follower: FollowerState, from: number, truncateTo: number | null): void {
  const { world } = ctx;
  world.network.push({
    kind: 'replica-fetch-response',
    arriveTick: world.tick + hopTicks(world),
    topic: partition.topic,
    topicId: topicIdOf(world, partition),
    partition: partition.partition,
    follower: id,
    session: follower.session,
    from,
    to: truncateTo ?? partition.logEndOffset,
    truncateTo,
  });
}

/** A follower that has not fetched yet: its log is `store` up to `logEnd`; it fetches at the next tick its broker and leader are up. */
export function idleFollower(world: World, store: RecordStore, logEnd: number, session: number, leaderView: number): FollowerState {
  return { logEnd, leaderView, state: 'idle', store, lastCaughtUpTick: world.tick, lastFetchLeaderEnd: 0, lastFetchTick: world.tick, session };
}

/** A new partition's followers start fetching from the leader (an empty log: offset 0). */
export function startFollowers(ctx: RuleContext, partition: PartitionState): void {
  for (const id of partition.replicas) {
    if (id === partition.leader) continue;
    partition.followers.set(id, idleFollower(ctx.world, partition.store, 0, 0, 0));
  }
  resumeFollowers(ctx, partition);
}

/** Puts every idle follower of the partition whose broker is up back to fetching, when its leader is up. */
export function resumeFollowers(ctx: RuleContext, partition: PartitionState): void {
  if (!leaderServes(ctx.world, partition)) return;
  for (const [id, follower] of partition.followers) {
    if (follower.state !== 'idle' || !isServing(ctx.world, id)) continue;
    const next: FollowerState = { ...follower, state: 'fetching' };
    partition.followers.set(id, next);
    sendFetch(ctx, partition, id, next);
  }
}

/** Each tick: followers that were idle (a new leader, a restart) start fetching once both ends are up. */
export function resumeIdleFollowers(ctx: RuleContext): void {
  for (const topic of ctx.world.topics.values()) {
    if (topic.replicationFactor === 1) continue;
    for (const partition of topic.partitions) resumeFollowers(ctx, partition);
  }
}

/**
 * The high watermark after the in-sync replicas' log ends changed: the smallest of them, never
 * lower than before, and held while the ISR is below `min.insync.replicas`. Acknowledges the
 * `acks=all` writes it now covers, in the order they were appended.
 */
export function advanceHighWatermark(ctx: RuleContext, partition: PartitionState): void {
  let hw = partition.logEndOffset;
  for (const id of partition.isr) {
    if (id === partition.leader) continue;
    const follower = partition.followers.get(id);
    if (follower) hw = Math.min(hw, follower.leaderView);
  }
  if (partition.isr.length < minInsyncReplicas(ctx.world, partition)) hw = partition.highWatermark;
  if (hw > partition.highWatermark) {
    const from = partition.highWatermark;
    partition.highWatermark = hw;
    // One replica: every append moves it, which records.appended already says.
    if (partition.replicas.length > 1) {
      ctx.log.emit('high-watermark.moved', address.broker(partition.leader), address.partition(partition.topic, partition.partition), {
        topic: partition.topic,
        partition: partition.partition,
        from,
        to: hw,
      });
    }
  }
  if (partition.pendingAcks.length === 0) return;
  const due = partition.pendingAcks.filter((a) => a.endOffset <= partition.highWatermark);
  if (due.length === 0) return;
  partition.pendingAcks = partition.pendingAcks.filter((a) => a.endOffset > partition.highWatermark);
  for (const ack of due) sendProduceResponse(ctx, { ...ack, topic: partition.topic, partition: partition.partition }, ack.baseOffset, null);
}

/** The leader appended records: waiting followers get them. */
export function answerWaitingFollowers(ctx: RuleContext, partition: PartitionState): void {
  for (const [id, follower] of partition.followers) {
    if (follower.state !== 'waiting' || follower.leaderView >= partition.logEndOffset) continue;
    // A caught-up fetch held here stands for the fetches Kafka's follower re-sends every
    // replica.fetch.wait.max.ms: it was caught up until this append, however long it waited.
    const next: FollowerState = { ...follower, state: 'fetching', lastCaughtUpTick: ctx.world.tick };
    partition.followers.set(id, next);
    sendRecords(ctx, partition, id, next, follower.leaderView, null);
  }
}

/**
 * What the leader learns from a fetch at `offset` (Replica.updateFetchStateOrThrow): the
 * follower's log end, and when it was last caught up: now if it asked from the leader's log end,
 * or at its previous fetch if it has since read everything the leader had then.
 */
function noteFetch(world: World, partition: PartitionState, follower: FollowerState, offset: number, behind: boolean): FollowerState {
  const leaderEnd = partition.logEndOffset;
  let lastCaughtUpTick = follower.lastCaughtUpTick;
  if (offset >= leaderEnd) lastCaughtUpTick = Math.max(lastCaughtUpTick, world.tick);
  else if (offset >= follower.lastFetchLeaderEnd) lastCaughtUpTick = Math.max(lastCaughtUpTick, follower.lastFetchTick);
  return {
    ...follower,
    leaderView: offset,
    state: behind ? 'fetching' : 'waiting',
    lastCaughtUpTick,
    lastFetchLeaderEnd: Math.max(leaderEnd, follower.lastFetchLeaderEnd),
    lastFetchTick: world.tick,
  };
}

/** A follower's fetch reached the leader: truncate a diverged follower, else note its log end, move the high watermark, answer or hold it. */
export function handleReplicaFetch(ctx: RuleContext, req: ReplicaFetch): void {
  const live = liveFollower(ctx.world, req);
  if (!live) return;
  const { partition, follower } = live;
  const diverges = divergenceOf(partition, follower);
  if (diverges !== null) {
    sendRecords(ctx, partition, req.follower, follower, diverges, diverges);
    return;
  }
  const behind = partition.logEndOffset > req.offset;
  const next = noteFetch(ctx.world, partition, follower, req.offset, behind);
  partition.followers.set(req.follower, next);
  maybeExpandIsr(ctx, partition, req.follower);
  advanceHighWatermark(ctx, partition);
  if (behind) sendRecords(ctx, partition, req.follower, next, req.offset, null);
}

/** The leader's answer reached the follower: it truncates or appends, then fetches again from its new log end. */
export function handleReplicaFetchResponse(ctx: RuleContext, res: ReplicaFetchResponse): void {
  const live = liveFollower(ctx.world, res);
  if (!live) return;
  const { partition, follower } = live;
  if (res.truncateTo !== null) {
    const next: FollowerState = { ...follower, logEnd: res.truncateTo, store: partition.store, state: 'fetching' };
    partition.followers.set(res.follower, next);
    ctx.log.emit('replica.truncated', address.broker(res.follower), address.partition(partition.topic, partition.partition), {
      topic: partition.topic,
      partition: partition.partition,
      broker: res.follower,
      from: follower.logEnd,
      to: res.truncateTo,
    });
    sendFetch(ctx, partition, res.follower, next);
    return;
  }
  // Retention may have moved the log start past what was sent; the records are still the leader's prefix.
  const to = Math.min(res.to, partition.logEndOffset);
  const next: FollowerState = { ...follower, logEnd: Math.max(follower.logEnd, to), store: partition.store, state: 'fetching' };
  partition.followers.set(res.follower, next);
  if (to > res.from) {
    ctx.log.emit('replica.fetched', address.broker(partition.leader), address.broker(res.follower), {
      topic: partition.topic,
      partition: partition.partition,
      broker: res.follower,
      from: res.from,
      to,
    });
  }
  sendFetch(ctx, partition, res.follower, next);
}
