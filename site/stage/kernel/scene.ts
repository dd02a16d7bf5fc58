/**
 * The world at one tick projected to plain data: what the stage draws and nothing more. Runs in
 * the engine worker; the page only ever sees its output, so nothing here may carry a class, a
 * Map or a record store across (every value is structured-clone safe and small).
 */
import { isInLog, type LogSegments } from '../../../engine/core/log-segments.ts';
import { abortedIn, fetchedRange, isReturned, lastStableOffset } from '../../../engine/core/rules/partition-transactions.ts';
import {
  describeGroupOffsets,
  listGroups,
  listTopics,
  partitionKey,
  type ConsumerApp,
  type GroupState,
  type PartitionKey,
  type PartitionState,
  type TopicPartition,
  type TopicState,
  type TransactionState,
  type World,
} from '../../../engine/index.ts';
import { isServing, splitPartitionKey } from '../../../engine/core/world.ts';
import { divergenceOf } from '../../../engine/core/rules/replication.ts';
import { summarizeProducerLedger } from '../../../engine/core/producer-ledger.ts';
import { showsCluster } from '../cluster.ts';
import type {
  Scene,
  SceneConsumer,
  SceneGroup,
  SceneOffset,
  ScenePartition,
  SceneProducer,
  SceneRecord,
  SceneReplica,
  SceneTopic,
  SceneTxnState,
  StateRow,
  TableRow,
} from '../protocol.ts';
import { LedgerTallies } from './ledger-tally.ts';
import { RECORD_BUDGET, recordWindow } from './record-window.ts';
import { PARTITION_LIMIT, TABLE_ROW_LIMIT } from './scene-limits.ts';
import { MESSAGE_LIMIT, sceneMessages } from './scene-messages.ts';

export { LEDGER_LIST_LIMIT } from './ledger-tally.ts';
export { recordWindow, RECORD_BUDGET } from './record-window.ts';
export { EVENT_OFFSET_LIMIT, PARTITION_LIMIT, TABLE_ROW_LIMIT } from './scene-limits.ts';
export { stageEvent, stageEvents, STAGE_EVENT_LIMIT } from './stage-events.ts';
export { MESSAGE_LIMIT } from './scene-messages.ts';
/** Producer ledger entries a frame counts through (a few per batch sent); a longer ledger is not counted per frame. */
export const PRODUCER_LEDGER_LIMIT = 30_000;
/** Characters of a record value the tape shows (the last one an ellipsis when cut). */
export const VALUE_PREVIEW = 24;
/** Characters of a record key the tape shows. */
export const KEY_PREVIEW = 16;
/** Records of a compacted topic a frame reads to tabulate it; a longer log gets no table (it would cost a scan per frame). */
export const TABLE_SCAN_LIMIT = 5_000;
/** Rows of a compacted topic's table a frame carries. */
export const TABLE_LIMIT = 60;

export interface SceneOptions {
  /** Records per partition (see recordWindow). */
  readonly recordBudget?: number;
  /** Messages in flight (see sceneMessages). */
  readonly messageLimit?: number;
  /** Partitions drawn, over all topics (see scene-limits.ts). */
  readonly partitionLimit?: number;
  /** Rows of the state table (see scene-limits.ts). */
  readonly tableRowLimit?: number;
  /**
   * Ledger counts kept from frame to frame. The kernel passes its own, so a frame costs the
   * ledger entries since the last frame, not the whole history; without one, every call counts
   * from scratch (right for any world, but as slow as the history is long).
   */
  readonly ledgers?: LedgerTallies;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byPartition = (a: TopicPartition, b: TopicPartition): number => byName(a.topic, b.topic) || a.partition - b.partition;

/** The world at its current tick as the stage draws it. */
export function sceneOf(world: World, options: SceneOptions = {}): Scene {
  const { messages, omitted } = sceneMessages(world.network, options.messageLimit ?? MESSAGE_LIMIT);
  const groupIds = listGroups(world);
  // Maps keep insertion order: the order the coordinator created the groups in.
  const creationOrder = new Map([...world.groups.keys()].map((id, i) => [id, i]));
  const ledgers = options.ledgers ?? new LedgerTallies();
  const { topics, partitionsOmitted } = sceneTopics(world, options.recordBudget ?? RECORD_BUDGET, options.partitionLimit ?? PARTITION_LIMIT);
  const drawn = drawnPartitions(topics, partitionsOmitted);
  const cluster = showsCluster(world);
  return {
    tick: world.tick,
    brokers: world.brokers.map((b) => ({
      id: b.id,
      status: b.status,
      fenced: b.fenced,
      slow: b.slow,
      leads: topics.reduce((n, t) => n + t.partitions.filter((p) => p.leader === b.id).length, 0),
    })),
    producers: [...world.producers.values()]
      .sort((a, b) => byName(a.name, b.name))
      .map((p): SceneProducer => ({
        name: p.name,
        topic: p.topic,
        status: p.status,
        console: p.name.startsWith('console-producer#'),
        emitted: p.emitted,
        acked: p.acked,
        failed: p.failed,
        lost: cluster && p.ledgerLength <= PRODUCER_LEDGER_LIMIT ? summarizeProducerLedger(world, p).lost.length : null,
        transactionalId: p.transactional?.id ?? null,
        transaction: p.transactional ? p.transactional.state : null,
      })),
    topics,
    partitionsOmitted,
    groups: groupIds.flatMap((id) => {
      const group = world.groups.get(id);
      return group ? [sceneGroup(group, ledgers, drawn, creationOrder.get(id) ?? 0)] : [];
    }),
    consumers: [...world.consumers.values()].sort((a, b) => byName(a.name, b.name)).map((c) => sceneConsumer(c, drawn)),
    messages,
    messagesOmitted: omitted,
    table: stateTable(world, groupIds, options.tableRowLimit ?? TABLE_ROW_LIMIT),
  };
}

/** Committed offsets and consumer positions of one partition: where its tape must show records. */
function interestingOffsets(groups: readonly GroupState[], consumers: readonly ConsumerApp[], key: PartitionKey): number[] {
  const offsets: number[] = [];
  for (const g of groups) {
    const committed = g.offsets.get(key);
    if (committed) offsets.push(committed.offset);
  }
  for (const c of consumers) {
    const position = c.positions.get(key);
    if (position !== undefined) offsets.push(position);
  }
  return offsets;
}

/** The first `limit` partitions (topics in name order, partitions in order) and how many were left out. */
function sceneTopics(world: World, budget: number, limit: number): { topics: SceneTopic[]; partitionsOmitted: number } {
  const groups = listGroups(world).flatMap((id) => world.groups.get(id) ?? []);
  const consumers = [...world.consumers.values()].sort((a, b) => byName(a.name, b.name));
  const topics: SceneTopic[] = [];
  // Which producer ids are transactional, and their coordinators' state: once per frame, not per partition.
  const coordinators = transactionsByProducer(world);
  let room = Math.max(0, limit);
  let partitionsOmitted = 0;
  for (const name of listTopics(world)) {
    const topic = world.topics.get(name);
    if (!topic) continue;
    const kept = topic.partitions.slice(0, room);
    partitionsOmitted += topic.partitions.length - kept.length;
    room -= kept.length;
    // A topic with no partition left to draw is left out whole: its label alone would say nothing.
    if (kept.length === 0 && topic.partitions.length > 0) continue;
    // Looked up per drawn partition, so a frame of a world of 20,000 partitions costs 64 lookups.
    const partitions = kept.map((p) =>
      scenePartition(world, p, interestingOffsets(groups, consumers, partitionKey(p.topic, p.partition)), budget, coordinators),
    );
    topics.push({ name, partitions, table: compactedTable(topic) });
  }
  return { topics, partitionsOmitted };
}

/** Each replica's log as its broker holds it, in replica order. */
function sceneReplicas(world: World, p: PartitionState): SceneReplica[] {
  return p.replicas.map((broker): SceneReplica => {
    const down = !isServing(world, broker);
    const flags = { broker, inIsr: p.isr.includes(broker), inElr: p.elr.includes(broker), down };
    if (broker === p.leader) return { ...flags, logEnd: p.logEndOffset, leader: true, divergesAt: null };
    const follower = p.followers.get(broker);
    return { ...flags, logEnd: follower?.logEnd ?? 0, leader: false, divergesAt: follower ? divergenceOf(p, follower) : null };
  });
}

/** The transactions of transactional producers, by producer id (the coordinator's view). */
function transactionsByProducer(world: World): Map<number, TransactionState> {
  const out = new Map<number, TransactionState>();
  for (const t of world.transactions.values()) out.set(t.producerId, t);
  return out;
}

/** Where the transaction of the record at `offset` stands, or null when its producer is not transactional. */
function txnStateOf(p: PartitionState, offset: number, coordinators: ReadonlyMap<number, TransactionState>): SceneTxnState | null {
  const producerId = p.store.producerId(offset);
  const meta = coordinators.get(producerId);
  if (!meta) return null;
  if (abortedIn(p, offset, offset + 1).some((a) => a.producerId === producerId)) return 'aborted';
  const txn = p.txns.find((t) => t.producerId === producerId && t.firstOffset <= offset && (t.markerOffset < 0 || offset <= t.markerOffset));
  if (!txn || txn.markerOffset >= 0) return 'committed';
  if (meta.state === 'PrepareCommit') return 'committing';
  if (meta.state === 'PrepareAbort') return 'aborting';
  return 'open';
}

/** Segment starts after the log start within [from, to), ascending. */
function segmentStartsIn(segments: LogSegments, logStart: number, from: number, to: number, out: number[]): void {
  const closed = segments.closed;
  for (let i = Math.max(0, closed.indexOf(from)); i < closed.size; i++) {
    const base = closed.at(i).baseOffset;
    if (base >= to) return;
    if (base > logStart && base >= from) out.push(base);
  }
  const active = segments.active.baseOffset;
  if (active > logStart && active >= from && active < to) out.push(active);
}

function scenePartition(
  world: World,
  p: PartitionState,
  interesting: readonly number[],
  budget: number,
  coordinators: ReadonlyMap<number, TransactionState>,
): ScenePartition {
  const records: SceneRecord[] = [];
  const segmentStarts: number[] = [];
  const cleaned: [number, number][] = [];
  for (const [from, to] of recordWindow(p.logStartOffset, p.logEndOffset, interesting, budget)) {
    segmentStartsIn(p.segments, p.logStartOffset, from, to, segmentStarts);
    // The store is shared with other timelines' futures: read only below this partition's log end.
    for (let offset = from; offset < to; offset++) {
      // An offset the log cleaner removed is a gap on the tape.
      if (!isInLog(p.segments, offset)) {
        const last = cleaned[cleaned.length - 1];
        if (last && last[1] === offset) last[1] = offset + 1;
        else cleaned.push([offset, offset + 1]);
        continue;
      }
      const marker = p.store.control(offset);
      records.push({
        offset,
        key: preview(p.store.key(offset), KEY_PREVIEW),
        value: preview(p.store.value(offset), VALUE_PREVIEW),
        marker,
        txn: marker === null && coordinators.size > 0 ? txnStateOf(p, offset, coordinators) : null,
      });
    }
  }
  return {
    topic: p.topic,
    partition: p.partition,
    logStart: p.logStartOffset,
    logEnd: p.logEndOffset,
    highWatermark: p.highWatermark,
    leader: p.leader,
    leaderEpoch: p.leaderEpoch,
    replicas: sceneReplicas(world, p),
    isr: [...p.isr],
    elr: [...p.elr],
    lastKnownElr: [...p.lastKnownElr],
    lastStable: lastStableOffset(p),
    segmentStarts,
    cleaned,
    records,
  };
}

/**
 * A compacted topic as a table: replaying its log from the beginning, as a read_committed
 * consumer returns it, each key keeps its latest value and a tombstone (null) deletes it. Null
 * when the topic is not compacted or holds more than TABLE_SCAN_LIMIT records.
 */
function compactedTable(topic: TopicState): TableRow[] | null {
  if (!topic.logConfig.compact) return null;
  let size = 0;
  for (const p of topic.partitions) size += p.logEndOffset - p.logStartOffset;
  if (size > TABLE_SCAN_LIMIT) return null;
  const rows = new Map<string, TableRow>();
  for (const p of topic.partitions) {
    const range = fetchedRange(p, p.logStartOffset, lastStableOffset(p), 'read_committed');
    for (let offset = range.from; offset < range.to; offset++) {
      if (!isReturned(range, offset)) continue;
      const key = p.store.key(offset);
      if (key === null) continue;
      const value = p.store.value(offset);
      rows.delete(key);
      if (value !== null) rows.set(key, { key: preview(key, KEY_PREVIEW) ?? '', value: preview(value, VALUE_PREVIEW) ?? '', partition: p.partition, offset });
    }
  }
  return [...rows.values()].slice(-TABLE_LIMIT);
}

/** `text` cut to `max` characters, the last one an ellipsis; never splits a surrogate pair. */
export function preview(text: string | null, max: number): string | null {
  if (text === null || text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * What a scene keeps of the per-partition lists of groups and consumers once partitions were
 * left out: a group reading 20,000 partitions commits 20,000 offsets and its member owns 20,000
 * partitions, and carrying all of them would make every frame as big as the world again.
 */
interface Drawn {
  /** Offsets (committed offsets, positions) by topic then partition: of the drawn partitions only, when some were left out. */
  offsets<V>(byKey: ReadonlyMap<PartitionKey, V>, offsetOf: (value: V) => number): SceneOffset[];
  /** An assignment by topic then partition: its first PARTITION_LIMIT partitions only, when some were left out. */
  assignment(list: Iterable<TopicPartition>): TopicPartition[];
}

const copy = (tp: TopicPartition): TopicPartition => ({ topic: tp.topic, partition: tp.partition });

function drawnPartitions(topics: readonly SceneTopic[], omitted: number): Drawn {
  if (omitted === 0) {
    return {
      offsets: (byKey, offsetOf) => [...byKey].map(([key, v]) => ({ ...splitPartitionKey(key), offset: offsetOf(v) })).sort(byPartition),
      assignment: (list) => [...list].sort(byPartition).map(copy),
    };
  }
  // Already in topic, partition order.
  const drawn = topics.flatMap((t) => t.partitions.map((p) => ({ key: partitionKey(p.topic, p.partition), topic: p.topic, partition: p.partition })));
  return {
    offsets: (byKey, offsetOf) =>
      drawn.flatMap(({ key, topic, partition }) => {
        const v = byKey.get(key);
        return v === undefined ? [] : [{ topic, partition, offset: offsetOf(v) }];
      }),
    // Drawn partitions come first in this order, so the cut keeps every drawn partition a member
    // owns; and a box shows only the start of its list (assignmentSummary, cut to the box's
    // width), which the cut list still begins with.
    assignment: (list) => smallest(list, PARTITION_LIMIT, byPartition).map(copy),
  };
}

/** The `k` smallest items of `items` by `compare`, sorted: one pass, without sorting them all. */
export function smallest<T>(items: Iterable<T>, k: number, compare: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  if (k <= 0) return out;
  for (const item of items) {
    if (out.length === k && compare(item, out[k - 1] as T) >= 0) continue;
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(out[mid] as T, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, item);
    if (out.length > k) out.pop();
  }
  return out;
}

function sceneGroup(group: GroupState, ledgers: LedgerTallies, drawn: Drawn, colour: number): SceneGroup {
  return {
    id: group.id,
    state: group.state,
    generation: group.generation,
    colour,
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      consumer: m.consumer,
      clientId: m.clientId,
      assignment: drawn.assignment(m.assignment),
    })),
    committed: drawn.offsets(group.offsets, (c) => c.offset),
    ledger: ledgers.sceneLedger(group),
  };
}

function sceneConsumer(c: ConsumerApp, drawn: Drawn): SceneConsumer {
  const batch = c.batch;
  const busy = batch && batch.busyUntil >= 0 ? batch.ranges[batch.rangeIndex] : undefined;
  const pending: { topic: string; partition: number; from: number; to: number }[] = [];
  if (batch) {
    batch.ranges.forEach((r, i) => {
      if (i < batch.rangeIndex) return;
      // The record in `processing` is not pending any more; the range under way starts after it.
      const from = i === batch.rangeIndex ? Math.max(r.from, batch.offset + (busy ? 1 : 0)) : r.from;
      if (from < r.to) pending.push({ topic: r.topic, partition: r.partition, from, to: r.to });
    });
  }
  return {
    name: c.name,
    group: c.group,
    status: c.status,
    phase: c.phase,
    memberId: c.memberId,
    console: c.console !== null,
    assignment: drawn.assignment(c.assignment),
    positions: drawn.offsets(c.positions, (position) => position),
    processing: busy && batch ? { topic: busy.topic, partition: busy.partition, offset: batch.offset } : null,
    pending,
  };
}

/**
 * The state table: every group's rows, groups in name order, the first `limit` rows only (the
 * rows beyond are left out: a table of thousands of rows per frame is no summary, and it would
 * make every frame as big as the world).
 */
function stateTable(world: World, groupIds: readonly string[], limit: number): StateRow[] {
  const table: StateRow[] = [];
  for (const id of groupIds) {
    if (table.length >= limit) break;
    for (const row of stateRows(world, id)) {
      if (table.length >= limit) break;
      table.push(row);
    }
  }
  return table;
}

/** The rows `kafka-consumer-groups --describe --group G` prints (that tool formats the same query). */
function stateRows(world: World, groupId: string): StateRow[] {
  const described = describeGroupOffsets(world, groupId);
  if (!described) return [];
  return described.rows.map((r) => ({
    group: groupId,
    topic: r.topic,
    partition: r.partition,
    committed: r.currentOffset,
    logEnd: r.logEndOffset,
    lag: r.lag,
    member: r.clientId,
  }));
}
