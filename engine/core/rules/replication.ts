/**
 * Followers copy their leader's log, and the leader's high watermark follows them
 * (Kafka 4.1, /work/shared/reference/kafka-4-replication.md §5-§7):
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
 *
 * Kafka's follower re-sends a caught-up fetch every `replica.fetch.wait.max.ms`; nothing changes
 * meanwhile, so here a caught-up fetch simply waits at the leader until records arrive, which
 * keeps a replicated world quiet when nothing happens. Replication traffic is broker to broker:
 * the client fault injection (`sim` loss rates) does not touch it.
 */
import { address } from '../events.ts';
import type { FollowerState, NetworkMessage, PartitionState, World } from '../types.ts';
import { findPartition, hopTicks } from '../world.ts';
import type { RuleContext } from './context.ts';
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

/** The id of the partition's topic (fetches carry it, as Kafka's carry topic ids). */
function topicIdOf(world: World, partition: PartitionState): string {
  return world.topics.get(partition.topic)?.id ?? '';
}

/** The partition a replica message is about, unless its topic was deleted (and perhaps created again) since it was sent. */
function partitionOf(world: World, m: ReplicaFetch | ReplicaFetchResponse): PartitionState | undefined {
  return world.topics.get(m.topic)?.id === m.topicId ? findPartition(world, m.topic, m.partition) : undefined;
}

function sendFetch(ctx: RuleContext, partition: PartitionState, follower: number, offset: number): void {
  const { world } = ctx;
  world.network.push({
    kind: 'replica-fetch',
    arriveTick: world.tick + hopTicks(world),
    topic: partition.topic,
    topicId: topicIdOf(world, partition),
    partition: partition.partition,
    follower,
    offset,
  });
}

function sendRecords(ctx: RuleContext, partition: PartitionState, follower: number, from: number): void {
  const { world } = ctx;
  world.network.push({
    kind: 'replica-fetch-response',
    arriveTick: world.tick + hopTicks(world),
    topic: partition.topic,
    topicId: topicIdOf(world, partition),
    partition: partition.partition,
    follower,
    from,
    to: partition.logEndOffset,
  });
}

function setFollower(partition: PartitionState, id: number, state: FollowerState): void {
  partition.followers.set(id, state);
}

/** A new partition's followers start fetching from the leader (an empty log: offset 0). */
export function startFollowers(ctx: RuleContext, partition: PartitionState): void {
  for (const id of partition.replicas) {
    if (id === partition.leader) continue;
    setFollower(partition, id, { logEnd: 0, leaderView: 0, state: 'fetching' });
    sendFetch(ctx, partition, id, 0);
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
    setFollower(partition, id, { ...follower, state: 'fetching' });
    sendRecords(ctx, partition, id, follower.leaderView);
  }
}

/** A follower's fetch reached the leader: note its log end, move the high watermark, answer or hold it. */
export function handleReplicaFetch(ctx: RuleContext, req: ReplicaFetch): void {
  const partition = partitionOf(ctx.world, req);
  const follower = partition?.followers.get(req.follower);
  // The topic was deleted, or the broker no longer follows the partition: no one is waiting for the answer.
  if (!partition || !follower) return;
  const behind = partition.logEndOffset > req.offset;
  setFollower(partition, req.follower, { ...follower, leaderView: req.offset, state: behind ? 'fetching' : 'waiting' });
  advanceHighWatermark(ctx, partition);
  if (behind) sendRecords(ctx, partition, req.follower, req.offset);
}

/** The leader's answer reached the follower: it appends the records and fetches again from its new log end. */
export function handleReplicaFetchResponse(ctx: RuleContext, res: ReplicaFetchResponse): void {
  const partition = partitionOf(ctx.world, res);
  const follower = partition?.followers.get(res.follower);
  if (!partition || !follower) return;
  // Retention may have moved the log start past what was sent; the records are still the leader's prefix.
  const to = Math.min(res.to, partition.logEndOffset);
  setFollower(partition, res.follower, { ...follower, logEnd: Math.max(follower.logEnd, to), state: 'fetching' });
  if (to > res.from) {
    ctx.log.emit('replica.fetched', address.broker(partition.leader), address.broker(res.follower), {
      topic: partition.topic,
      partition: partition.partition,
      broker: res.follower,
      from: res.from,
      to,
    });
  }
  sendFetch(ctx, partition, res.follower, Math.max(follower.logEnd, to));
}
