/**
 * Read-only questions about the world, in the terms Kafka's tools answer them. The shell
 * formats these; the view draws them. Nothing here changes the world.
 */
import { summarizeLedger, type LedgerSummary } from './ledger.ts';
import type { StoredRecord } from './record-store.ts';
import { isInLog } from './log-segments.ts';
import type { ConsumerApp, GroupState, GroupStateName, PartitionKey, TopicPartition, World } from './types.ts';
import { findPartition, findPartitionByKey, isActive, partitionKey, splitPartitionKey } from './world.ts';
import { transactionsBusyReason } from './rules/transaction-coordinator.ts';
import { readableEnd } from './rules/partition-transactions.ts';
import { isDrivenProducer } from './rules/producers.ts';

/** Topic names in Java String order (what `kafka-topics --list` prints). */
export function listTopics(world: World): string[] {
  return [...world.topics.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Group ids, sorted (Kafka prints them in the coordinator's order; sorted is the simulator's choice). */
export function listGroups(world: World): string[] {
  return [...world.groups.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface GroupOffsetRow {
  readonly topic: string;
  readonly partition: number;
  readonly currentOffset: number | null;
  readonly logEndOffset: number | null;
  readonly lag: number | null;
  readonly consumerId: string | null;
  readonly host: string | null;
  readonly clientId: string | null;
}

const byPartition = (a: TopicPartition, b: TopicPartition) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition);

function offsetRow(world: World, group: GroupState, tp: TopicPartition, owner: { memberId: string; host: string; clientId: string } | null): GroupOffsetRow {
  const committed = group.offsets.get(partitionKey(tp.topic, tp.partition))?.offset ?? null;
  // The admin client's ListOffsets(latest) answers the high watermark (read_uncommitted), not the leader's log end.
  const end = findPartition(world, tp.topic, tp.partition)?.highWatermark ?? null;
  return {
    topic: tp.topic,
    partition: tp.partition,
    currentOffset: committed,
    logEndOffset: end,
    lag: committed !== null && end !== null ? end - committed : null,
    consumerId: owner?.memberId ?? null,
    host: owner?.host ?? null,
    clientId: owner?.clientId ?? null,
  };
}

/**
 * The rows of `kafka-consumer-groups --describe`: members that own partitions (most
 * partitions first), then committed partitions nobody owns. Members without partitions get
 * no row, as in Kafka. Within a member, rows are sorted by partition (Kafka: hash order).
 */
export function describeGroupOffsets(world: World, groupId: string): { state: GroupStateName; rows: GroupOffsetRow[] } | null {
  const group = world.groups.get(groupId);
  if (!group) return null;
  const rows: GroupOffsetRow[] = [];
  const owned = new Set<string>();
  const members = [...group.members.values()].filter((m) => m.assignment.length > 0);
  members.sort((a, b) => b.assignment.length - a.assignment.length);
  for (const m of members) {
    for (const tp of [...m.assignment].sort(byPartition)) {
      owned.add(partitionKey(tp.topic, tp.partition));
      rows.push(offsetRow(world, group, tp, m));
    }
  }
  const unowned: TopicPartition[] = [];
  for (const key of group.offsets.keys()) {
    if (owned.has(key)) continue;
    unowned.push(splitPartitionKey(key));
  }
  for (const tp of unowned.sort(byPartition)) rows.push(offsetRow(world, group, tp, null));
  return { state: group.state, rows };
}

export interface GroupMemberRow {
  readonly memberId: string;
  readonly host: string;
  readonly clientId: string;
  readonly assignment: readonly TopicPartition[];
}

/** The rows of `--describe --members`, in join order; members without partitions are listed too. */
export function describeGroupMembers(world: World, groupId: string): { state: GroupStateName; members: GroupMemberRow[] } | null {
  const group = world.groups.get(groupId);
  if (!group) return null;
  const members = [...group.members.values()].map((m) => ({
    memberId: m.memberId,
    host: m.host,
    clientId: m.clientId,
    assignment: [...m.assignment].sort(byPartition),
  }));
  return { state: group.state, members };
}

/** The row of `--describe --state`. */
export function describeGroupState(world: World, groupId: string) {
  const group = world.groups.get(groupId);
  if (!group) return null;
  const broker = world.brokers[0] ?? { id: 1, host: 'localhost', port: 9092 };
  return {
    coordinator: `${broker.host}:${broker.port}  (${broker.id})`,
    // Kafka shows the protocol only for a Stable classic group.
    assignmentStrategy: group.state === 'Stable' && group.protocol ? group.protocol : '',
    state: group.state,
    members: group.members.size,
  };
}

/** A record as the console consumer prints it. */
export interface ConsumedRecord extends StoredRecord {
  readonly topic: string;
  readonly partition: number;
  /** Kafka CreateTime in epoch milliseconds. */
  readonly timestampMs: number;
}

/** What a console consumer processed, in order, with each record's content. */
export function consoleOutput(world: World, consumerName: string): ConsumedRecord[] {
  const consumer = world.consumers.get(consumerName);
  if (!consumer?.console) return [];
  return consumer.console.records.map(({ topic, partition, offset }) => {
    const p = findPartition(world, topic, partition);
    const record = p ? p.store.read(offset) : { offset, key: null, value: null, headers: [], createdTick: 0, producerId: -1, sizeBytes: 0, control: null };
    return { ...record, topic, partition, timestampMs: world.options.epochMs + record.createdTick * world.options.tickMs };
  });
}

/** Whether the log cleaner removed `offset` from the partition (still inside its log, no longer in it). */
function isRemoved(world: World, key: PartitionKey, offset: number): boolean {
  const p = findPartitionByKey(world, key);
  return p !== undefined && offset >= p.logStartOffset && offset < p.logEndOffset && !isInLog(p.segments, offset);
}

/** The processing ledger of a group, or null when there is no such group. */
export function ledgerOf(world: World, groupId: string): LedgerSummary | null {
  const group = world.groups.get(groupId);
  return group ? summarizeLedger(group, (key, offset) => isRemoved(world, key, offset)) : null;
}

/** Why the world is not quiet yet, or null when it is: what `sim run` waits for. */
export function busyReason(world: World): string | null {
  // Fetches and their answers are left to the consumer checks below: a caught-up consumer
  // polls forever, and with fetch.max.wait at 0 (or a zero-delay network) one of its empty
  // fetches is always on the wire, so counting them made such a world never quiet. A fetch
  // answer that carries records means its consumer is behind, which is reported below.
  const inFlight = world.network.filter((m) => m.kind !== 'fetch' && m.kind !== 'fetch-response').length;
  if (inFlight > 0) return `${inFlight} message(s) in flight`;
  const why = controllerBusyReason(world) ?? transactionsBusyReason(world) ?? abandonedTxnReason(world);
  if (why) return why;
  for (const group of world.groups.values()) {
    if (group.state === 'PreparingRebalance') return `group ${group.id} is rebalancing`;
    for (const m of group.members.values()) {
      const c = world.consumers.get(m.consumer);
      if (!c || c.memberId !== m.memberId || c.status === 'crashed') return `group ${group.id} still waits for the session of ${m.memberId} to time out`;
    }
  }
  for (const p of world.producers.values()) {
    if (p.pending.size > 0) return `producer ${p.name} waits for acknowledgements`;
    const txn = p.status === 'running' ? p.transactional : null;
    if (txn && txn.state !== 'ready' && txn.state !== 'fenced')
      return `producer ${p.name} is ${txn.state === 'initializing' ? 'initializing its transactions' : 'in a transaction'}`;
    if (p.status === 'running' && !isDrivenProducer(p)) return `producer ${p.name} is still producing`;
  }
  for (const c of world.consumers.values()) {
    const why = consumerBusyReason(world, c);
    if (why) return why;
  }
  return null;
}

/** The controller has something due: a crashed broker to fence, a preferred leader or an unclean election to come at its next check. */
/**
 * An open transaction whose producer is gone (crashed, stopped or fenced) still holds the last
 * stable offset back until the coordinator aborts it at its timeout: the world is not quiet yet.
 */
function abandonedTxnReason(world: World): string | null {
  for (const meta of world.transactions.values()) {
    if (meta.state !== 'Ongoing') continue;
    const owner = [...world.producers.values()].find(
      (p) => p.status === 'running' && p.transactional?.id === meta.transactionalId && p.transactional.state !== 'fenced',
    );
    if (!owner || owner.producerEpoch < meta.producerEpoch) {
      return `transaction ${meta.transactionalId} is open until its timeout (tick ${meta.startTick + meta.timeoutTicks})`;
    }
  }
  return null;
}

function controllerBusyReason(world: World): string | null {
  for (const b of world.brokers) {
    if (b.fenceTick >= 0) return `the controller fences broker ${b.id} at tick ${b.fenceTick}`;
  }
  if (world.brokers.length === 1) return null;
  const active = (id: number) => isActive(world, id);
  const next = (every: number) => (Math.floor(world.tick / every) + 1) * every;
  for (const topic of world.topics.values()) {
    for (const p of topic.partitions) {
      const preferred = p.replicas[0] ?? -1;
      if (p.leader !== preferred && p.isr.includes(preferred) && active(preferred)) {
        return `${topic.name}-${p.partition} moves back to its preferred leader ${preferred} at the leader imbalance check (tick ${next(world.options.leaderImbalanceCheckTicks)})`;
      }
      if (p.leader < 0 && topic.configs.get('unclean.leader.election.enable') === 'true' && p.replicas.some(active)) {
        return `${topic.name}-${p.partition} gets an unclean leader at the next check (tick ${next(world.options.uncleanElectionCheckTicks)})`;
      }
    }
  }
  return null;
}

function consumerBusyReason(world: World, c: ConsumerApp): string | null {
  if (c.status === 'stopping') return `consumer ${c.name} is stopping`;
  if (c.status !== 'running') return null;
  if (c.phase === 'joining') return `consumer ${c.name} is joining its group`;
  if (c.awaitingStableOffsets) return `consumer ${c.name} waits for a transaction holding its group's offsets to end`;
  if (c.batch || c.phase === 'processing') return `consumer ${c.name} is processing`;
  if (c.commitsInFlight > 0 || c.phase === 'committing') return `consumer ${c.name} waits for a commit`;
  if (c.console && !c.console.done) return `consumer ${c.name} is reading`;
  const group = world.groups.get(c.group);
  for (const tp of c.assignment) {
    const key = partitionKey(tp.topic, tp.partition);
    const partition = findPartition(world, tp.topic, tp.partition);
    const end = partition ? readableEnd(partition, c.isolation) : 0;
    const position = c.positions.get(key) ?? 0;
    if (position < end) return `consumer ${c.name} is behind on ${key}`;
    const committed = group?.offsets.get(key)?.offset;
    // An exactly-once processor commits inside its transactions (its commit mode is none).
    const commits = c.commitMode === 'auto' || c.commitMode === 'after' || c.commitMode === 'before' || c.processor?.exactlyOnce === true;
    // Nothing consumed since the group started this partition: an application owes no commit yet.
    const untouched = committed === undefined && position === group?.startOffsets.get(key);
    if (commits && committed !== position && !untouched) return `consumer ${c.name} has not committed ${key} yet`;
  }
  return null;
}

/** True when nothing is in flight, no rebalance is pending and every running consumer is caught up and committed. */
export function isQuiet(world: World): boolean {
  return busyReason(world) === null;
}
