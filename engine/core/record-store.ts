/**
 * The records of one partition, in columns. Offsets index the columns directly.
 *
 * A store is append-only and shared: a partition's state is (store, logStart, logEnd), and a
 * history snapshot copies only those numbers, never the records. Replaying from a snapshot
 * writes at `logEnd` over whatever a discarded future left there, so every reader bounds
 * itself by its own `logEnd`. Columns rather than record objects keep a million records
 * under a hundred bytes each.
 */
export interface RecordHeader {
  readonly key: string;
  readonly value: string | null;
}

/** One record as a reader sees it. */
export interface StoredRecord {
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: readonly RecordHeader[];
  /** The tick the producer created it (Kafka's CreateTime, converted by the world's tickMs). */
  readonly createdTick: number;
  readonly producerId: number;
  /** Bytes it counts for `retention.bytes`: key and value UTF-16 length plus a record overhead. */
  readonly sizeBytes: number;
}

/** A record as a producer hands it to the broker. */
export interface ProducedRecord {
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: readonly RecordHeader[];
  readonly createdTick: number;
}

/** Kafka's per-record overhead in a v2 batch is a handful of bytes; we count a flat 14. */
const RECORD_OVERHEAD_BYTES = 14;

export class RecordStore {
  readonly keys: (string | null)[] = [];
  readonly values: (string | null)[] = [];
  readonly createdTicks: number[] = [];
  readonly producerIds: number[] = [];
  readonly sizes: number[] = [];
  /** Headers are rare: kept sparsely by offset. */
  readonly headers = new Map<number, readonly RecordHeader[]>();

  /** Writes `record` at `offset` (which is the writer's log end) and returns its size in bytes. */
  write(offset: number, record: ProducedRecord, producerId: number): number {
    const size = RECORD_OVERHEAD_BYTES + (record.key?.length ?? 0) + (record.value?.length ?? 0);
    this.keys[offset] = record.key;
    this.values[offset] = record.value;
    this.createdTicks[offset] = record.createdTick;
    this.producerIds[offset] = producerId;
    this.sizes[offset] = size;
    if (record.headers.length > 0) this.headers.set(offset, record.headers);
    else if (this.headers.size > 0) this.headers.delete(offset);
    return size;
  }

  /** Forgets everything at or after `offset` (a discarded future), freeing its memory. */
  truncate(offset: number): void {
    if (this.keys.length <= offset) return;
    this.keys.length = offset;
    this.values.length = offset;
    this.createdTicks.length = offset;
    this.producerIds.length = offset;
    this.sizes.length = offset;
    for (const o of this.headers.keys()) if (o >= offset) this.headers.delete(o);
  }

  /** The record at `offset`; the caller guarantees it is inside its own log. */
  read(offset: number): StoredRecord {
    return {
      offset,
      key: this.keys[offset] ?? null,
      value: this.values[offset] ?? null,
      headers: this.headers.get(offset) ?? [],
      createdTick: this.createdTicks[offset] ?? 0,
      producerId: this.producerIds[offset] ?? -1,
      sizeBytes: this.sizes[offset] ?? 0,
    };
  }
}
