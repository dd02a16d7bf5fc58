/**
 * The processing ledger: every time a member of a group processed a record. Kafka itself
 * cannot tell you this; the simulator can, so duplicates and skipped records are counted
 * exactly rather than guessed from offsets.
 *
 * Columns are shared with snapshots the same way record stores are: a group's timeline owns
 * the entries below its `ledgerLength`, and a replay writes over a discarded future.
 */
import type { GroupState, PartitionKey } from './types.ts';
import { splitPartitionKey } from './world.ts';

export class LedgerColumns {
  readonly partitions: PartitionKey[] = [];
  readonly offsets: number[] = [];
  readonly consumers: string[] = [];
  readonly ticks: number[] = [];

  /** Forgets entries at or after `length` (a discarded future). */
  truncate(length: number): void {
    if (this.offsets.length <= length) return;
    this.partitions.length = length;
    this.offsets.length = length;
    this.consumers.length = length;
    this.ticks.length = length;
  }
}

/** Records that `consumer` processed `partition@offset` at `tick`. */
export function recordProcessing(group: GroupState, partition: PartitionKey, offset: number, consumer: string, tick: number): void {
  const i = group.ledgerLength++;
  const l = group.ledger;
  l.partitions[i] = partition;
  l.offsets[i] = offset;
  l.consumers[i] = consumer;
  l.ticks[i] = tick;
}

export interface LedgerEntry {
  readonly consumer: string;
  readonly tick: number;
}

export interface LedgerRecord {
  readonly partition: PartitionKey;
  readonly offset: number;
}

export interface LedgerSummary {
  readonly group: string;
  /** Processing events. */
  readonly processed: number;
  /** Distinct records processed at least once. */
  readonly distinct: number;
  /** Records processed more than once, with every processing of each. */
  readonly duplicated: readonly (LedgerRecord & { readonly processings: readonly LedgerEntry[] })[];
  /** Records below the committed offset, from where the group started, that nobody processed. */
  readonly skipped: readonly LedgerRecord[];
}

function compareRecords(a: LedgerRecord, b: LedgerRecord): number {
  const pa = splitPartitionKey(a.partition);
  const pb = splitPartitionKey(b.partition);
  return pa.topic < pb.topic ? -1 : pa.topic > pb.topic ? 1 : pa.partition - pb.partition || a.offset - b.offset;
}

/**
 * Counts what the ledger of `group` shows: processed, distinct, duplicated and skipped records.
 * `removed` tells offsets the log cleaner took out of the log: nobody could read them, so they
 * are not skipped.
 */
export function summarizeLedger(group: GroupState, removed: (partition: PartitionKey, offset: number) => boolean = () => false): LedgerSummary {
  const l = group.ledger;
  const byRecord = new Map<PartitionKey, Map<number, LedgerEntry[]>>();
  for (let i = 0; i < group.ledgerLength; i++) {
    const partition = l.partitions[i] as PartitionKey;
    const offset = l.offsets[i] as number;
    let offsets = byRecord.get(partition);
    if (!offsets) {
      offsets = new Map<number, LedgerEntry[]>();
      byRecord.set(partition, offsets);
    }
    const entry = { consumer: l.consumers[i] as string, tick: l.ticks[i] as number };
    const seen = offsets.get(offset);
    if (seen) seen.push(entry);
    else offsets.set(offset, [entry]);
  }
  let distinct = 0;
  const duplicated: (LedgerRecord & { processings: LedgerEntry[] })[] = [];
  for (const [partition, offsets] of byRecord) {
    distinct += offsets.size;
    for (const [offset, processings] of offsets) {
      if (processings.length > 1) duplicated.push({ partition, offset, processings });
    }
  }
  const skipped: LedgerRecord[] = [];
  for (const [partition, committed] of group.offsets) {
    const start = group.startOffsets.get(partition) ?? committed.offset;
    const seen = byRecord.get(partition);
    for (let offset = start; offset < committed.offset; offset++) {
      if (!seen?.has(offset) && !removed(partition, offset)) skipped.push({ partition, offset });
    }
  }
  duplicated.sort(compareRecords);
  skipped.sort(compareRecords);
  return { group: group.id, processed: group.ledgerLength, distinct, duplicated, skipped };
}
