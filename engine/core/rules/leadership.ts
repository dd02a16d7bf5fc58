/**
 * A partition changing leader (Kafka 4.1 `Partition.makeLeader` / `makeFollower`, read at
 * apache/kafka 1eb7644). The partition's log is its leader's: the new leader's log becomes the
 * partition's, and what the old leader held past it is gone from the partition's history — for
 * records below the old high watermark only after an unclean election, for the rest (such as
 * `acks=1` writes no follower copied yet) after any election. The old leader and every other
 * replica follow the new one, truncating what they hold that it does not on their first fetch.
 */
import { address } from '../events.ts';
import type { RecordStore } from '../record-store.ts';
import type { FollowerState, PartitionState, TopicState, World } from '../types.ts';
import { isServing } from '../world.ts';
import { logBytes, truncateLog, type LogSegments } from '../log-segments.ts';
import { appendBatch } from './segments.ts';
import type { RuleContext } from './context.ts';
import { sendProduceResponse } from './produce-response.ts';
import { commonPrefix, idleFollower } from './replication.ts';
import { truncateTxns } from './partition-transactions.ts';

/** How a leader came to lead, as the events and the stage name it. */
export type ElectionCause = 'clean' | 'unclean' | 'preferred' | 'elr' | 'last-known-leader';

/** Bytes that `store` holds for offsets [from, to). */
function bytesOf(store: RecordStore, from: number, to: number): number {
  let n = 0;
  for (let o = from; o < to; o++) n += store.sizeBytes(o);
  return n;
}

/**
 * The new leader's segments: the old ones cut back to where the logs agree (Kafka's truncateTo),
 * then the new leader's own records past that as one batch (they were appended to its log).
 */
function newLeaderSegments(world: World, partition: PartitionState, oldStore: RecordStore, cut: number): LogSegments {
  const from = Math.max(cut, partition.logStartOffset);
  const kept = truncateLog(partition.segments, from, (o) => oldStore.sizeBytes(o));
  const end = partition.logEndOffset;
  if (end <= from) return kept;
  let maxTick = -1;
  for (let o = from; o < end; o++) maxTick = Math.max(maxTick, partition.store.createdTick(o) ?? -1);
  const config = (world.topics.get(partition.topic) as TopicState).logConfig;
  return appendBatch(kept, { baseOffset: from, count: end - from, bytes: bytesOf(partition.store, from, end), maxTick }, config, world.options.tickMs);
}

/**
 * The idempotence state the new log implies: each producer's last sequence counts back over its
 * records that left the log and on over those the new leader brings (sequences are consecutive
 * within an epoch, so counting is enough; Kafka rebuilds the same from the log's batches). A
 * producer whose records reach back past its epoch's start is forgotten.
 */
function rewindSequences(partition: PartitionState, oldStore: RecordStore, cut: number, oldEnd: number, newStore: RecordStore, newEnd: number): void {
  if (partition.lastSequence.size === 0) return;
  const delta = new Map<number, number>();
  for (let o = cut; o < oldEnd; o++) delta.set(oldStore.producerId(o), (delta.get(oldStore.producerId(o)) ?? 0) - 1);
  for (let o = cut; o < newEnd; o++) delta.set(newStore.producerId(o), (delta.get(newStore.producerId(o)) ?? 0) + 1);
  for (const [producerId, entry] of [...partition.lastSequence]) {
    const d = delta.get(producerId) ?? 0;
    if (d === 0) continue;
    const sequence = entry.sequence + d;
    if (sequence < -1) partition.lastSequence.delete(producerId);
    else partition.lastSequence.set(producerId, { epoch: entry.epoch, sequence });
  }
}

/**
 * Makes `next` the partition's leader (or none, -1) in a new leader epoch. The old leader's
 * produce purgatory answers NOT_LEADER_OR_FOLLOWER if it is still up (a crashed one answers
 * nothing; its producers time out and retry).
 */
export function moveLeadership(ctx: RuleContext, partition: PartitionState, next: number, cause: ElectionCause, reason: string): void {
  const { world, log } = ctx;
  const previous = partition.leader;
  const oldStore = partition.store;
  const oldEnd = partition.logEndOffset;
  partition.leaderEpoch++;
  const pending = partition.pendingAcks;
  partition.pendingAcks = [];
  if (previous >= 0 && isServing(world, previous)) {
    for (const ack of pending) sendProduceResponse(ctx, { ...ack, topic: partition.topic, partition: partition.partition }, -1, 'NOT_LEADER_OR_FOLLOWER');
  }
  // Every replica starts a new fetch loop: the old leader keeps its log as a follower.
  const followers = new Map<number, FollowerState>();
  for (const [id, f] of partition.followers) followers.set(id, { ...f, state: 'idle', session: f.session + 1 });
  if (previous >= 0) {
    const session = Math.max(0, ...[...partition.followers.values()].map((f) => f.session)) + 1;
    followers.set(previous, idleFollower(world, oldStore, oldEnd, session, partition.highWatermark));
  }
  const where = address.partition(partition.topic, partition.partition);
  if (next < 0) {
    partition.leader = -1;
    partition.followers = followers;
    log.emit('partition.offline', address.admin, where, {
      topic: partition.topic,
      partition: partition.partition,
      previous,
      epoch: partition.leaderEpoch,
      reason,
    });
    return;
  }
  const incoming = followers.get(next) as FollowerState;
  followers.delete(next);
  // The new leader's log: its own store up to its log end, branched so that its appends never
  // overwrite records another replica or an older snapshot still reads.
  const newEnd = incoming.logEnd;
  const cut = commonPrefix(oldStore, oldEnd, incoming.store, newEnd);
  if (cut < oldEnd || incoming.store !== oldStore) {
    const newStore = incoming.store.branchAt(newEnd);
    rewindSequences(partition, oldStore, cut, oldEnd, newStore, newEnd);
    world.counters.recordsRetained += Math.max(newEnd, partition.logStartOffset) - Math.max(oldEnd, partition.logStartOffset);
    partition.store = newStore;
    partition.logEndOffset = newEnd;
    if (partition.logStartOffset > newEnd) partition.logStartOffset = newEnd;
    partition.segments = newLeaderSegments(world, partition, oldStore, cut);
    partition.retainedBytes = logBytes(partition.segments);
    // Transactions that began past the cut are gone with their records; markers past it too.
    truncateTxns(partition, Math.min(cut, newEnd));
    if (cut < oldEnd) {
      log.emit('log.truncated', address.broker(next), where, {
        topic: partition.topic,
        partition: partition.partition,
        from: oldEnd,
        to: cut,
        belowHighWatermark: cut < partition.highWatermark,
      });
    }
  }
  partition.highWatermark = Math.min(partition.highWatermark, cut, newEnd);
  partition.leader = next;
  partition.leaderEpochStartOffset = newEnd;
  // Partition.makeLeader resets what it knows of the followers: in-sync ones count as caught up now.
  for (const [id, f] of followers) {
    followers.set(id, {
      ...f,
      leaderView: Math.min(f.logEnd, partition.highWatermark),
      lastCaughtUpTick: world.tick,
      lastFetchLeaderEnd: 0,
      lastFetchTick: world.tick,
    });
  }
  partition.followers = followers;
  log.emit('leader.elected', address.admin, where, {
    topic: partition.topic,
    partition: partition.partition,
    leader: next,
    previous,
    epoch: partition.leaderEpoch,
    cause,
    reason,
  });
}
