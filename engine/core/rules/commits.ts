/** Offset commits: a consumer sends them, the coordinator stores or rejects them, the consumer hears back. */
import { address } from '../events.ts';
import type { ConsumerApp, NetworkMessage } from '../types.ts';
import { hopTicks, partitionKey } from '../world.ts';
import type { RuleContext } from './context.ts';
import { commitError, ensureGroup, storeOffsets } from './groups.ts';
import { coordinatorServes } from './coordinators.ts';

type Offsets = { topic: string; partition: number; offset: number }[];

/** Sends a commit of `offsets` for the consumer's group, carrying its member id and generation. */
export function sendCommit(ctx: RuleContext, consumer: ConsumerApp, offsets: Offsets): void {
  const { world, log } = ctx;
  if (consumer.commitMode === 'none' || offsets.length === 0) return;
  consumer.commitsInFlight++;
  const topicIds: Record<string, string> = {};
  for (const o of offsets) topicIds[o.topic] = world.topics.get(o.topic)?.id ?? '';
  log.emit('commit.sent', address.consumer(consumer.name), address.group(consumer.group), { consumer: consumer.name, group: consumer.group, offsets });
  world.network.push({
    kind: 'commit',
    arriveTick: commitArriveTick(ctx, consumer),
    consumer: consumer.name,
    incarnation: consumer.incarnation,
    group: consumer.group,
    memberId: consumer.memberId,
    generation: consumer.generation,
    offsets,
    topicIds,
  });
}

/**
 * A consumer's commits travel on its one connection to the coordinator and arrive in the order
 * sent (TCP): jitter may delay a commit but not let it overtake an earlier one, which would then
 * land last and move the committed offset back.
 */
function commitArriveTick(ctx: RuleContext, consumer: ConsumerApp): number {
  const { world } = ctx;
  let arriveTick = world.tick + hopTicks(world);
  for (const m of world.network) {
    if (m.kind === 'commit' && m.consumer === consumer.name && m.incarnation === consumer.incarnation && m.arriveTick > arriveTick) arriveTick = m.arriveTick;
  }
  return arriveTick;
}

/** The coordinator stores a commit unless it comes from a stale member or generation (CommitFailedException). */
export function handleCommitRequest(ctx: RuleContext, req: Extract<NetworkMessage, { kind: 'commit' }>): void {
  const { world, log } = ctx;
  // Kafka (OffsetMetadataManager.validateOffsetCommit): a member's commit to a group that no longer
  // exists (deleted) is refused with GROUP_ID_NOT_FOUND; only a commit without member id creates one.
  const existing = world.groups.get(req.group);
  // The coordinator's broker is down: the connection breaks and the commit fails
  // (COORDINATOR_NOT_AVAILABLE); the consumer finds the next coordinator and commits again later.
  if (existing && !coordinatorServes(world, existing)) {
    respondToCommit(ctx, req, 'COORDINATOR_NOT_AVAILABLE');
    return;
  }
  const group = req.memberId === null ? ensureGroup(world, req.group) : existing;
  const error = group ? commitError(group, req.memberId, req.generation) : 'GROUP_ID_NOT_FOUND';
  // Offsets of a topic deleted since the commit was sent (perhaps created again under the same
  // name) are dropped (UNKNOWN_TOPIC_ID): stored, they would name offsets of a log that is gone.
  const offsets = req.offsets.filter((o) => world.topics.get(o.topic)?.id === req.topicIds[o.topic]);
  if (error !== null) {
    log.emit('commit.rejected', address.group(req.group), address.consumer(req.consumer), { group: req.group, consumer: req.consumer, error });
  } else if (group && offsets.length > 0) {
    storeOffsets(world, group, offsets);
    log.emit('offsets.committed', address.consumer(req.consumer), address.group(req.group), {
      group: req.group,
      consumer: req.consumer,
      offsets,
    });
  }
  respondToCommit(ctx, req, error);
}

function respondToCommit(ctx: RuleContext, req: Extract<NetworkMessage, { kind: 'commit' }>, error: string | null): void {
  ctx.world.network.push({
    kind: 'commit-response',
    arriveTick: ctx.world.tick + hopTicks(ctx.world),
    consumer: req.consumer,
    incarnation: req.incarnation,
    group: req.group,
    error,
  });
}

/** The offsets a consumer would commit now: one entry per partition it holds a position for. */
export function positionsToCommit(consumer: ConsumerApp, from: Map<string, number>): Offsets {
  const out: Offsets = [];
  for (const tp of consumer.assignment) {
    const offset = from.get(partitionKey(tp.topic, tp.partition));
    if (offset !== undefined) out.push({ topic: tp.topic, partition: tp.partition, offset });
  }
  return out;
}
