/**
 * The world at one tick projected to plain data: what the stage draws and nothing more. Runs in
 * the engine worker; the page only ever sees its output, so nothing here may carry a class, a
 * Map or a record store across (every value is structured-clone safe and small).
 */
import {
  describeGroupOffsets,
  ledgerOf,
  listGroups,
  listTopics,
  partitionKey,
  type ConsumerApp,
  type GroupState,
  type PartitionState,
  type TopicPartition,
  type World,
} from '../../../engine/index.ts';
import { splitPartitionKey } from '../../../engine/core/world.ts';
import type { Scene, SceneConsumer, SceneGroup, SceneLedger, SceneOffset, ScenePartition, SceneProducer, SceneRecord, StateRow } from '../protocol.ts';
import { RECORD_BUDGET, recordWindow } from './record-window.ts';
import { MESSAGE_LIMIT, sceneMessages } from './scene-messages.ts';

export { recordWindow, RECORD_BUDGET } from './record-window.ts';
export { stageEvent, stageEvents, STAGE_EVENT_LIMIT } from './stage-events.ts';
export { MESSAGE_LIMIT } from './scene-messages.ts';

/** Duplicated and skipped records a ledger lists, at most (its counts are always complete). */
export const LEDGER_LIST_LIMIT = 200;
/** Characters of a record value the tape shows (the last one an ellipsis when cut). */
export const VALUE_PREVIEW = 24;
/** Characters of a record key the tape shows. */
export const KEY_PREVIEW = 16;

export interface SceneOptions {
  /** Records per partition (see recordWindow). */
  readonly recordBudget?: number;
  /** Messages in flight (see sceneMessages). */
  readonly messageLimit?: number;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byPartition = (a: TopicPartition, b: TopicPartition): number => byName(a.topic, b.topic) || a.partition - b.partition;

/** The world at its current tick as the stage draws it. */
export function sceneOf(world: World, options: SceneOptions = {}): Scene {
  const { messages, omitted } = sceneMessages(world.network, options.messageLimit ?? MESSAGE_LIMIT);
  const groupIds = listGroups(world);
  return {
    tick: world.tick,
    producers: [...world.producers.values()].sort((a, b) => byName(a.name, b.name)).map(
      (p): SceneProducer => ({
        name: p.name,
        topic: p.topic,
        status: p.status,
        console: p.name.startsWith('console-producer#'),
        emitted: p.emitted,
        acked: p.acked,
        failed: p.failed,
      }),
    ),
    topics: sceneTopics(world, options.recordBudget ?? RECORD_BUDGET),
    groups: groupIds.flatMap((id) => {
      const group = world.groups.get(id);
      return group ? [sceneGroup(world, group)] : [];
    }),
    consumers: [...world.consumers.values()].sort((a, b) => byName(a.name, b.name)).map(sceneConsumer),
    messages,
    messagesOmitted: omitted,
    table: groupIds.flatMap((id) => stateRows(world, id)),
  };
}

/** Committed offsets and consumer positions per partition: where the tape must show records. */
function interestingOffsets(world: World): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  const add = (key: string, offset: number): void => {
    const list = byKey.get(key);
    if (list) list.push(offset);
    else byKey.set(key, [offset]);
  };
  for (const id of listGroups(world)) for (const [key, committed] of world.groups.get(id)?.offsets ?? []) add(key, committed.offset);
  for (const c of [...world.consumers.values()].sort((a, b) => byName(a.name, b.name))) for (const [key, position] of c.positions) add(key, position);
  return byKey;
}

function sceneTopics(world: World, budget: number): Scene['topics'] {
  const interesting = interestingOffsets(world);
  return listTopics(world).flatMap((name) => {
    const topic = world.topics.get(name);
    if (!topic) return [];
    const partitions = topic.partitions.map((p) => scenePartition(p, interesting.get(partitionKey(p.topic, p.partition)) ?? [], budget));
    return [{ name, partitions }];
  });
}

function scenePartition(p: PartitionState, interesting: readonly number[], budget: number): ScenePartition {
  const records: SceneRecord[] = [];
  for (const [from, to] of recordWindow(p.logStartOffset, p.logEndOffset, interesting, budget)) {
    // The store is shared with other timelines' futures: read only below this partition's log end.
    for (let offset = from; offset < to; offset++) {
      records.push({ offset, key: preview(p.store.keys[offset] ?? null, KEY_PREVIEW), value: preview(p.store.values[offset] ?? null, VALUE_PREVIEW) });
    }
  }
  return {
    topic: p.topic,
    partition: p.partition,
    logStart: p.logStartOffset,
    logEnd: p.logEndOffset,
    highWatermark: p.highWatermark,
    records,
  };
}

/** `text` cut to `max` characters, the last one an ellipsis; never splits a surrogate pair. */
export function preview(text: string | null, max: number): string | null {
  if (text === null || text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

function offsetsOf(entries: Iterable<[string, number]>): SceneOffset[] {
  return [...entries].map(([key, offset]) => ({ ...splitPartitionKey(key), offset })).sort(byPartition);
}

function sceneGroup(world: World, group: GroupState): SceneGroup {
  return {
    id: group.id,
    state: group.state,
    generation: group.generation,
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      consumer: m.consumer,
      clientId: m.clientId,
      assignment: [...m.assignment].sort(byPartition).map((tp) => ({ topic: tp.topic, partition: tp.partition })),
    })),
    committed: offsetsOf([...group.offsets].map(([key, c]) => [key, c.offset])),
    ledger: sceneLedger(world, group.id),
  };
}

function sceneLedger(world: World, groupId: string): SceneLedger {
  const summary = ledgerOf(world, groupId);
  if (!summary) return { processed: 0, distinct: 0, duplicated: 0, skipped: 0, duplicatedRecords: [], skippedRecords: [] };
  return {
    processed: summary.processed,
    distinct: summary.distinct,
    duplicated: summary.duplicated.length,
    skipped: summary.skipped.length,
    duplicatedRecords: summary.duplicated
      .slice(0, LEDGER_LIST_LIMIT)
      .map((d) => ({ ...splitPartitionKey(d.partition), offset: d.offset, times: d.processings.length })),
    skippedRecords: summary.skipped.slice(0, LEDGER_LIST_LIMIT).map((s) => ({ ...splitPartitionKey(s.partition), offset: s.offset })),
  };
}

function sceneConsumer(c: ConsumerApp): SceneConsumer {
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
    assignment: [...c.assignment].sort(byPartition).map((tp) => ({ topic: tp.topic, partition: tp.partition })),
    positions: offsetsOf(c.positions),
    processing: busy && batch ? { topic: busy.topic, partition: busy.partition, offset: batch.offset } : null,
    pending,
  };
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
