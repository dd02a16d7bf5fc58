/** Creating a world, copying it for checkpoints, and the small lookups every rule uses. */
import { resolveOptions, type WorldOptions } from './options.ts';
import { createRng, nextInt } from './random.ts';
import type { BrokerState, ConsumerApp, GroupState, PartitionKey, PartitionState, ProducerApp, TopicState, World, TopicPartition } from './types.ts';

/**
 * The controller's PRNG for a world of `seed`: a stream of its own (the seed mixed with the
 * golden-ratio constant), so placing replicas never shifts the world's other random draws.
 */
export function controllerRngFor(seed: number) {
  return createRng((seed ^ 0x9e3779b9) >>> 0);
}

/** Broker `id` as a local cluster runs it: broker 1 on localhost:9092, broker 2 on 9093, … */
export function brokerNamed(id: number): BrokerState {
  return { id, host: 'localhost', port: 9091 + id, status: 'running', fenced: false, fenceTick: -1, slow: false };
}

/** Broker `id`, or undefined when the cluster has none by that id. */
export function brokerById(world: World, id: number): BrokerState | undefined {
  return world.brokers.find((b) => b.id === id);
}

/** The controller's view: a registered, unfenced broker may lead and be in an ISR (ClusterControlManager.isActive). */
export function isActive(world: World, id: number): boolean {
  const broker = brokerById(world, id);
  return broker !== undefined && !broker.fenced;
}

/** Whether broker `id` is up and serving requests (a crashed, stopped or still-registering broker answers nothing). */
export function isServing(world: World, id: number): boolean {
  return brokerById(world, id)?.status === 'running';
}

/** Replaces broker `id` with `change` applied (brokers are immutable: snapshots share the array). */
export function updateBroker(world: World, id: number, change: Partial<Omit<BrokerState, 'id' | 'host' | 'port'>>): BrokerState {
  let updated: BrokerState | undefined;
  world.brokers = world.brokers.map((b) => (b.id === id ? (updated = { ...b, ...change }) : b));
  return updated as BrokerState;
}

/** A fresh world with one broker and nothing in it. */
export function createWorld(options: Partial<WorldOptions> = {}): World {
  const resolved = resolveOptions(options);
  return {
    options: resolved,
    tick: 0,
    rng: createRng(resolved.seed),
    controllerRng: controllerRngFor(resolved.seed),
    brokers: [brokerNamed(1)],
    topics: new Map(),
    collisionNames: new Map(),
    groups: new Map(),
    transactions: new Map(),
    consumers: new Map(),
    producers: new Map(),
    network: [],
    parkedFetches: [],
    counters: { producerId: 0, requestId: 0, consoleProducers: 0, consoleConsumers: 0, topicsCreated: 0, partitions: 0, recordsRetained: 0 },
    faults: {
      requestLossRate: resolved.requestLossRate,
      responseLossRate: resolved.responseLossRate,
      jitterTicks: resolved.jitterTicks,
    },
  };
}

/** `topic-partition`, the key Kafka prints for a TopicPartition. */
export function partitionKey(topic: string, partition: number): PartitionKey {
  return `${topic}-${partition}`;
}

/** Splits a `topic-partition` key into its parts (the partition is the last dash-separated number). */
export function splitPartitionKey(key: PartitionKey): TopicPartition {
  const dash = key.lastIndexOf('-');
  return { topic: key.slice(0, dash), partition: Number(key.slice(dash + 1)) };
}

/** The partition a `topic-partition` key names, or undefined when it no longer exists. */
export function findPartitionByKey(world: World, key: PartitionKey): PartitionState | undefined {
  const { topic, partition } = splitPartitionKey(key);
  return findPartition(world, topic, partition);
}

/** The partition, or undefined when the topic or partition does not exist. */
export function findPartition(world: World, topic: string, partition: number): PartitionState | undefined {
  return world.topics.get(topic)?.partitions[partition];
}

/** Ticks one hop takes now: the configured delay plus jitter drawn from the world's PRNG. */
export function hopTicks(world: World): number {
  const jitter = world.faults.jitterTicks;
  return world.options.networkDelayTicks + (jitter > 0 ? nextInt(world.rng, jitter + 1) : 0);
}

function clonePartition(p: PartitionState): PartitionState {
  return { ...p, lastSequence: new Map(p.lastSequence), followers: new Map(p.followers) };
}

function cloneTopic(t: TopicState): TopicState {
  return { ...t, partitions: t.partitions.map(clonePartition) };
}

function cloneGroup(g: GroupState): GroupState {
  return {
    ...g,
    members: cloneMap(g.members, (m) => ({ ...m, assignment: [...m.assignment] })),
    offsets: new Map(g.offsets),
    startOffsets: new Map(g.startOffsets),
    pendingTxnOffsets: new Map(g.pendingTxnOffsets),
  };
}

function cloneConsumer(c: ConsumerApp): ConsumerApp {
  return {
    ...c,
    assignment: [...c.assignment],
    positions: new Map(c.positions),
    processedUpTo: new Map(c.processedUpTo),
    batch: c.batch ? { ...c.batch } : null,
    console: c.console ? { ...c.console, records: [...c.console.records] } : null,
  };
}

function cloneProducer(p: ProducerApp): ProducerApp {
  return {
    ...p,
    nextSequence: new Map(p.nextSequence),
    pending: cloneMap(p.pending, (r) => ({ ...r })),
    leaders: new Map(p.leaders),
    transactional: p.transactional ? { ...p.transactional } : null,
    outbox: [...p.outbox],
  };
}

function cloneMap<K, V>(map: Map<K, V>, cloneValue: (v: V) => V): Map<K, V> {
  const out = new Map<K, V>();
  for (const [k, v] of map) out.set(k, cloneValue(v));
  return out;
}

/**
 * Roughly how many objects a copy of `world` makes (a partition, a member, a committed offset,
 * a message in flight each count one): what a checkpoint costs in memory, in units of about
 * 250 bytes (measured). Records are not counted: copies share them.
 */
export function worldWeight(world: World): number {
  let n = 16 + world.network.length + world.parkedFetches.length;
  for (const t of world.topics.values()) n += 1 + t.partitions.length;
  for (const g of world.groups.values()) n += 1 + g.members.size + g.offsets.size + g.startOffsets.size + g.pendingTxnOffsets.size;
  n += world.transactions.size;
  for (const c of world.consumers.values()) n += 2 + c.assignment.length + c.positions.size + c.processedUpTo.size;
  for (const p of world.producers.values()) n += 2 + p.pending.size + p.nextSequence.size + p.leaders.size;
  return n;
}

/**
 * A copy that shares nothing mutable with `world` except the append-only record and ledger
 * stores (see record-store.ts for why that sharing is safe). Messages in flight are
 * immutable and shared as they are.
 */
export function cloneWorld(world: World): World {
  return {
    ...world,
    rng: { ...world.rng },
    controllerRng: { ...world.controllerRng },
    topics: cloneMap(world.topics, cloneTopic),
    collisionNames: new Map(world.collisionNames),
    groups: cloneMap(world.groups, cloneGroup),
    transactions: new Map(world.transactions),
    consumers: cloneMap(world.consumers, cloneConsumer),
    producers: cloneMap(world.producers, cloneProducer),
    network: [...world.network],
    parkedFetches: [...world.parkedFetches],
    counters: { ...world.counters },
    faults: { ...world.faults },
  };
}
