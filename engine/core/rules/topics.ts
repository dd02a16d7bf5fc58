/** Topic administration: create, delete, add partitions. Messages are the broker's own (Kafka 4.x KRaft). */
import { address } from '../events.ts';
import { topicIdFor } from '../ids.ts';
import { RecordStore } from '../record-store.ts';
import type { CommandError } from '../commands.ts';
import type { PartitionState, TopicState, World } from '../types.ts';
import { refuse, type RuleContext } from './context.ts';
import { requestRebalance } from './groups.ts';
import { placeReplicas } from './replica-placement.ts';
import { advanceHighWatermark, startFollowers } from './replication.ts';
import { checkTopicConfigs, logConfigOf, withConfigs } from './topic-configs.ts';
import { emptyLog } from '../log-segments.ts';
import { isActive, splitPartitionKey } from '../world.ts';

/**
 * Kafka's topic name rules, wherever a topic is named (Topic.validate in
 * clients/.../common/internals/Topic.java): not empty, not "." or "..", at most 249
 * characters, only ASCII letters, digits, '.', '_' and '-'. The broker applies them to
 * creations and to metadata requests alike; the message is Topic.validate's.
 */
export function validateTopicName(name: string): CommandError | null {
  const invalid = (why: string) => refuse('InvalidTopicException', `Topic name is invalid: ${why}`);
  if (name.length === 0) return invalid('the empty string is not allowed');
  if (name === '.' || name === '..') return invalid(`'${name}' is not allowed`);
  if (name.length > 249) return invalid(`the length of '${name}' is longer than the max allowed length 249`);
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) {
    return invalid(`'${name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'`);
  }
  return null;
}

/** The group coordinator's topic (Topic.GROUP_METADATA_TOPIC_NAME). */
export const OFFSETS_TOPIC = '__consumer_offsets';

/** Topic.INTERNAL_TOPICS: `--exclude-internal` hides them and clients may not append to them, whoever created them. */
const INTERNAL_TOPICS: ReadonlySet<string> = new Set([OFFSETS_TOPIC, '__transaction_state', '__share_group_state']);

export function isInternalTopic(name: string): boolean {
  return INTERNAL_TOPICS.has(name);
}

/**
 * Whether the coordinator has created `__consumer_offsets`: Kafka creates it the first time a
 * group looks for its coordinator (FindCoordinator → AutoTopicCreationManager), not at start-up.
 * The simulator keeps committed offsets in its coordinator, so it has no log for this topic:
 * the shell shows it (internal-topics.ts) and the rules below refuse what would need one.
 */
export function isOffsetsTopicInUse(world: World): boolean {
  return world.groups.size > 0;
}

/** Every topic a client can see: the world's, and the coordinator's once it is in use. */
/** The name metric names would give `name`: '.' and '_' are one character to them. */
function unifiedName(name: string): string {
  return name.replaceAll('.', '_');
}

function hasCollisionChars(name: string): boolean {
  return name.includes('.') || name.includes('_');
}

export function topicExists(world: World, name: string): boolean {
  return world.topics.has(name) || (name === OFFSETS_TOPIC && isOffsetsTopicInUse(world));
}

/**
 * The existing topic `name` would collide with, or null. Metric names replace '.' with '_', so
 * the controller refuses `a_b` beside `a.b` (Topic.hasCollisionChars / unifyCollisionChars;
 * ReplicationControlManager.validateNewTopicNames keeps one name per unified form).
 */
export function collidingTopic(world: World, name: string): string | null {
  if (!name.includes('.') && !name.includes('_')) return null;
  const unified = unifiedName(name);
  const existing = world.collisionNames.get(unified);
  if (existing !== undefined) return existing;
  // The coordinator's topic exists (for the controller) once a group used it, created or not.
  return isOffsetsTopicInUse(world) && unifiedName(OFFSETS_TOPIC) === unified ? OFFSETS_TOPIC : null;
}

/**
 * Why the controller refuses to create `name`, or null. ReplicationControlManager.createTopics
 * records an invalid name, then a collision, then an existing topic, each replacing the one
 * before, so the last that applies is the one reported.
 */
function nameProblem(world: World, name: string): CommandError | null {
  if (topicExists(world, name)) return refuse('TopicExistsException', `Topic '${name}' already exists.`);
  const colliding = collidingTopic(world, name);
  if (colliding !== null) return refuse('InvalidTopicException', `Topic '${name}' collides with existing topic: ${colliding}`);
  return validateTopicName(name);
}

/** What the simulator cannot do to `__consumer_offsets` once groups keep their offsets in it. */
export function offsetsTopicNotSimulated(action: string): CommandError {
  return refuse(
    'NotSimulated',
    `Streamlab does not simulate ${action} ${OFFSETS_TOPIC} once a group has used it: the simulator keeps committed offsets in its coordinator, not in this topic's log.`,
  );
}

/**
 * A new partition on `replicas`: the first leads, and the unfenced ones are in sync (an empty log
 * is caught up everywhere; ReplicationControlManager.createTopic leaves fenced brokers out of the ISR).
 */
function newPartition(world: World, topic: string, partition: number, replicas: readonly number[]): PartitionState {
  const isr = replicas.filter((id) => isActive(world, id));
  return {
    topic,
    partition,
    store: new RecordStore(),
    logStartOffset: 0,
    logEndOffset: 0,
    highWatermark: 0,
    retainedBytes: 0,
    segments: emptyLog(),
    leader: replicas[0] ?? -1,
    leaderEpoch: 0,
    replicas,
    isr,
    elr: [],
    lastKnownElr: [],
    lastSequence: new Map(),
    followers: new Map(),
    pendingAcks: [],
    leaderEpochStartOffset: 0,
    txns: [],
    abortedTxns: [],
  };
}

/** Replicas for `partitions` new partitions on the cluster's brokers; the placer prefers unfenced brokers (a crashed one counts as unfenced until its session times out). */
function place(world: World, partitions: number, replicationFactor: number): number[][] | CommandError {
  return placeReplicas(world.controllerRng, {
    unfenced: world.brokers.filter((b) => !b.fenced).map((b) => b.id),
    fenced: world.brokers.filter((b) => b.fenced).map((b) => b.id),
    partitions,
    replicationFactor,
  });
}

export interface CreateTopicRequest {
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor?: number | undefined;
  readonly configs?: readonly (readonly [string, string])[] | undefined;
}

/** Creates a topic; subscribed groups rebalance to pick up its partitions. */
export function createTopic(ctx: RuleContext, req: CreateTopicRequest): CommandError | null {
  const { world, log } = ctx;
  const rf = req.replicationFactor ?? 1;
  const configs = req.configs ?? [];
  const problem =
    nameProblem(world, req.topic) ??
    (!Number.isInteger(req.partitions) || req.partitions < 1 ? refuse('InvalidPartitionsException', 'Number of partitions must be larger than 0.') : null);
  if (problem) return problem;
  const checked = checkTopicConfigs(configs);
  if (!Array.isArray(checked)) return checked;
  const placed = place(world, req.partitions, rf);
  if (!Array.isArray(placed)) return placed;
  world.counters.topicsCreated++;
  const configMap = new Map(checked);
  const topic: TopicState = withConfigs(
    {
      name: req.topic,
      id: topicIdFor(`${req.topic}#${world.counters.topicsCreated}`),
      partitions: placed.map((replicas, p) => newPartition(world, req.topic, p, replicas)),
      replicationFactor: rf,
      configs: configMap,
      retentionMs: null,
      retentionBytes: null,
      logConfig: logConfigOf(configMap),
    },
    configMap,
  );
  world.topics.set(req.topic, topic);
  for (const partition of topic.partitions) startFollowers(ctx, partition);
  if (hasCollisionChars(req.topic)) world.collisionNames.set(unifiedName(req.topic), req.topic);
  log.emit('topic.created', address.admin, address.topic(req.topic), {
    topic: req.topic,
    partitions: req.partitions,
    configs: Object.fromEntries(configMap),
  });
  rebalanceSubscribers(ctx, req.topic, `topic ${req.topic} was created`);
  return null;
}

/** Deletes a topic with its records and every group's committed offsets for it. */
export function deleteTopic(ctx: RuleContext, name: string): CommandError | null {
  const { world, log } = ctx;
  // Kafka 4.x would delete it, and every group's committed offsets with it.
  if (name === OFFSETS_TOPIC && isOffsetsTopicInUse(world)) return offsetsTopicNotSimulated('deleting');
  if (!world.topics.has(name)) return refuse('UnknownTopicOrPartitionException', 'This server does not host this topic-partition.');
  world.topics.delete(name);
  world.collisionNames.delete(unifiedName(name));
  const ofTopic = (key: string) => splitPartitionKey(key).topic === name;
  for (const group of world.groups.values()) {
    for (const key of [...group.offsets.keys()]) if (ofTopic(key)) group.offsets.delete(key);
    for (const key of [...group.startOffsets.keys()]) if (ofTopic(key)) group.startOffsets.delete(key);
  }
  // Consumers forget their positions in the deleted log (Kafka's consumer drops a partition
  // whose topic left the metadata): kept, they were committed, or fetched, against a topic
  // created again under the same name, past its log end.
  for (const consumer of world.consumers.values()) {
    for (const key of [...consumer.positions.keys()]) if (ofTopic(key)) consumer.positions.delete(key);
    for (const key of [...consumer.processedUpTo.keys()]) if (ofTopic(key)) consumer.processedUpTo.delete(key);
  }
  log.emit('topic.deleted', address.admin, address.topic(name), { topic: name });
  rebalanceSubscribers(ctx, name, `topic ${name} was deleted`);
  return null;
}

/** Adds partitions (Kafka never removes them); keyed records may map elsewhere from now on. */
export function alterPartitions(ctx: RuleContext, name: string, partitions: number): CommandError | null {
  const { world, log } = ctx;
  if (name === OFFSETS_TOPIC && isOffsetsTopicInUse(world)) return offsetsTopicNotSimulated('adding partitions to');
  const topic = world.topics.get(name);
  if (!topic) return refuse('UnknownTopicOrPartitionException', 'This server does not host this topic-partition.');
  const current = topic.partitions.length;
  if (partitions === current) return refuse('InvalidPartitionsException', `Topic already has ${current} partition(s).`);
  if (partitions < current) {
    return refuse('InvalidPartitionsException', `The topic ${name} currently has ${current} partition(s); ${partitions} would not be an increase.`);
  }
  // CreatePartitions places the new partitions as a create does, with the topic's replication factor.
  const placed = place(world, partitions - current, topic.replicationFactor);
  if (!Array.isArray(placed)) return placed;
  placed.forEach((replicas, i) => {
    const partition = newPartition(world, name, current + i, replicas);
    topic.partitions.push(partition);
    startFollowers(ctx, partition);
  });
  log.emit('partitions.added', address.admin, address.topic(name), { topic: name, from: current, to: partitions });
  rebalanceSubscribers(ctx, name, `topic ${name} now has ${partitions} partitions`);
  return null;
}

/** Groups with a member subscribed to `topic` see the metadata change and rebalance, as Kafka's consumers do. */
function rebalanceSubscribers(ctx: RuleContext, topic: string, reason: string): void {
  for (const group of ctx.world.groups.values()) {
    if ([...group.members.values()].some((m) => m.topics.includes(topic))) requestRebalance(ctx, group, reason);
  }
}

/**
 * `kafka-configs --alter` of a topic: one IncrementalAlterConfigs request, SET then DELETE, whose
 * resulting configs the controller validates together (one bad value refuses it all). Retention
 * and min.insync.replicas apply from the next tick on; a lower min.insync.replicas may let the
 * high watermark move at once.
 */
export function alterTopicConfigs(ctx: RuleContext, name: string, set: readonly (readonly [string, string])[], remove: readonly string[]): CommandError | null {
  const { world, log } = ctx;
  const topic = world.topics.get(name);
  if (!topic) return refuse('UnknownTopicOrPartitionException', 'This server does not host this topic-partition.');
  const merged = new Map(topic.configs);
  for (const [k, v] of set) merged.set(k, v);
  for (const k of remove) merged.delete(k);
  const checked = checkTopicConfigs([...merged]);
  if (!Array.isArray(checked)) return checked;
  const next = withConfigs(topic, new Map(checked));
  world.topics.set(name, next);
  log.emit('topic.configured', address.admin, address.topic(name), { topic: name, configs: Object.fromEntries(next.configs) });
  for (const partition of next.partitions) advanceHighWatermark(ctx, partition);
  return null;
}
