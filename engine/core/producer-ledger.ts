/**
 * The producer ledger: every batch a producer application sent, where the brokers appended it
 * (perhaps more than once: a retry after a lost answer), and whether it was acknowledged. Kafka
 * cannot tell a producer whether an acknowledged record survived a leader failure; the simulator
 * can, by asking the partition's log now whether it still holds each append (a log that an
 * election truncated answers with other records, or none, at those offsets).
 *
 * Columns, append-only and shared with snapshots like the processing ledger (ledger.ts): a
 * producer's timeline owns the entries below its `ledgerLength`, and a replay writes over a
 * discarded future.
 */
import type { RecordStore } from './record-store.ts';
import type { ProducerApp, World } from './types.ts';
import { splitPartitionKey } from './world.ts';

const SENT = 0;
const APPENDED = 1;
const ACKED = 2;

export class ProducerLedgerColumns {
  readonly kinds: number[] = [];
  readonly requestIds: number[] = [];
  readonly ticks: number[] = [];
  /** SENT: records in the batch; APPENDED, ACKED: the base offset. */
  readonly values: number[] = [];
  /** SENT: the batch's `topic-partition`. */
  readonly partitions: (string | null)[] = [];
  /** SENT: the topic's id; APPENDED: null. */
  readonly topicIds: (string | null)[] = [];
  /** APPENDED: the store the records were written to. */
  readonly stores: (RecordStore | null)[] = [];

  truncate(length: number): void {
    if (this.kinds.length <= length) return;
    for (const column of [this.kinds, this.requestIds, this.ticks, this.values, this.partitions, this.topicIds, this.stores]) column.length = length;
  }
}

function push(
  producer: ProducerApp,
  kind: number,
  requestId: number,
  tick: number,
  value: number,
  partition: string | null,
  topicId: string | null,
  store: RecordStore | null,
): void {
  const i = producer.ledgerLength++;
  const l = producer.ledger;
  l.kinds[i] = kind;
  l.requestIds[i] = requestId;
  l.ticks[i] = tick;
  l.values[i] = value;
  l.partitions[i] = partition;
  l.topicIds[i] = topicId;
  l.stores[i] = store;
}

/** The producer sent a new batch (its first attempt). */
export function ledgerSent(producer: ProducerApp, requestId: number, tick: number, count: number, partition: string, topicId: string): void {
  push(producer, SENT, requestId, tick, count, partition, topicId, null);
}

/** A broker appended the batch at `baseOffset` of `store`. */
export function ledgerAppended(producer: ProducerApp, requestId: number, tick: number, baseOffset: number, store: RecordStore): void {
  push(producer, APPENDED, requestId, tick, baseOffset, null, null, store);
}

/** The producer heard the batch was written. */
export function ledgerAcked(producer: ProducerApp, requestId: number, tick: number): void {
  push(producer, ACKED, requestId, tick, 0, null, null, null);
}

export interface ProducerLedgerRecord {
  /** `topic-partition@offset` where it was (first) written, or its partition alone if it never was. */
  readonly partition: string;
  readonly offset: number;
}

export interface ProducerLedgerSummary {
  readonly producer: string;
  readonly sent: number;
  readonly acknowledged: number;
  readonly inLog: number;
  /** Acknowledged, and no longer in the partition's log. */
  readonly lost: readonly (ProducerLedgerRecord & { readonly ackedTick: number })[];
  /** In the partition's log more than once. */
  readonly duplicated: readonly (ProducerLedgerRecord & { readonly copies: readonly number[] })[];
}

interface Batch {
  readonly partition: string;
  readonly topicId: string;
  readonly count: number;
  readonly appends: { readonly baseOffset: number; readonly store: RecordStore }[];
  ackedTick: number;
}

/** Whether the partition's log, as it is now, holds the record written at `offset` of `store`. */
function stillInLog(world: World, batch: Batch, offset: number, store: RecordStore): boolean {
  const dash = batch.partition.lastIndexOf('-');
  const topic = world.topics.get(batch.partition.slice(0, dash));
  if (!topic || topic.id !== batch.topicId) return false;
  const p = topic.partitions[Number(batch.partition.slice(dash + 1))];
  return p !== undefined && offset < p.logEndOffset && p.store.owner(offset) === store.owner(offset);
}

/** Whether the batch's topic (the same one: not deleted since) still exists; records of a deleted topic are not counted lost. */
function topicLives(world: World, batch: Batch): boolean {
  const dash = batch.partition.lastIndexOf('-');
  return world.topics.get(batch.partition.slice(0, dash))?.id === batch.topicId;
}

/** What happened to every record `producer` sent, judged against the logs of `world` now. */
export function summarizeProducerLedger(world: World, producer: ProducerApp): ProducerLedgerSummary {
  const l = producer.ledger;
  const batches = new Map<number, Batch>();
  for (let i = 0; i < producer.ledgerLength; i++) {
    const requestId = l.requestIds[i] as number;
    const kind = l.kinds[i];
    if (kind === SENT) {
      batches.set(requestId, {
        partition: l.partitions[i] as string,
        topicId: l.topicIds[i] as string,
        count: l.values[i] as number,
        appends: [],
        ackedTick: -1,
      });
      continue;
    }
    const batch = batches.get(requestId);
    if (!batch) continue;
    if (kind === APPENDED) batch.appends.push({ baseOffset: l.values[i] as number, store: l.stores[i] as RecordStore });
    else if (batch.ackedTick < 0) batch.ackedTick = l.ticks[i] as number;
  }
  let sent = 0;
  let acknowledged = 0;
  let inLog = 0;
  const lost: (ProducerLedgerRecord & { ackedTick: number })[] = [];
  const duplicated: (ProducerLedgerRecord & { copies: number[] })[] = [];
  for (const batch of batches.values()) {
    sent += batch.count;
    const acked = batch.ackedTick >= 0;
    if (acked) acknowledged += batch.count;
    for (let i = 0; i < batch.count; i++) {
      const copies = batch.appends.filter((a) => stillInLog(world, batch, a.baseOffset + i, a.store)).map((a) => a.baseOffset + i);
      if (copies.length > 0) inLog++;
      if (copies.length > 1) duplicated.push({ partition: batch.partition, offset: copies[0] as number, copies });
      if (acked && copies.length === 0 && topicLives(world, batch)) {
        const first = batch.appends[0];
        lost.push({ partition: batch.partition, offset: first ? first.baseOffset + i : -1, ackedTick: batch.ackedTick });
      }
    }
  }
  const order = (a: ProducerLedgerRecord, b: ProducerLedgerRecord) => {
    const pa = splitPartitionKey(a.partition);
    const pb = splitPartitionKey(b.partition);
    return pa.topic < pb.topic ? -1 : pa.topic > pb.topic ? 1 : pa.partition - pb.partition || a.offset - b.offset;
  };
  lost.sort(order);
  duplicated.sort(order);
  return { producer: producer.name, sent, acknowledged, inLog, lost, duplicated };
}
