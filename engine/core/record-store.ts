/**
 * The records of one partition, in columns, a chunk of 4,096 offsets at a time.
 *
 * A store is append-only and shared: a partition's state is (store, logStart, logEnd), and a
 * history snapshot copies only those numbers, never the records. Replaying from a snapshot
 * writes at `logEnd` over whatever a discarded future left there, so every reader bounds
 * itself by its own `logEnd`. Columns rather than record objects keep a million records
 * under a hundred bytes each; chunks let memory go once retention has deleted records from
 * every snapshot that could read them (`release`, called by the timeline).
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
  /** A transaction marker (a control record: Kafka's EndTransactionMarker), or null for a data record. */
  readonly control: ControlType | null;
}

/**
 * The two transaction markers (Kafka's ControlRecordType COMMIT and ABORT). A marker takes an
 * offset in the log like a data record, but no consumer ever returns it: a reader sees a gap.
 */
export type ControlType = 'COMMIT' | 'ABORT';

/** A record as a producer hands it to the broker. */
export interface ProducedRecord {
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: readonly RecordHeader[];
  readonly createdTick: number;
}

/** Kafka's per-record overhead in a v2 batch is a handful of bytes; we count a flat 14. */
const RECORD_OVERHEAD_BYTES = 14;
/** A marker's key (version and type, two shorts) and value (version and coordinator epoch: a short and an int). */
const CONTROL_RECORD_BYTES = 10;

/** Records per chunk: memory is allocated and freed a chunk at a time. */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/** One chunk's columns, indexed by offset within the chunk. */
interface Chunk {
  readonly keys: (string | null)[];
  readonly values: (string | null)[];
  readonly createdTicks: number[];
  readonly producerIds: number[];
  readonly sizes: number[];
  /**
   * Headers by offset within the chunk, made with the chunk's first header (most chunks have none;
   * a processor stamps every output with one, and a map of a million offsets cost a tenth of its run).
   */
  headers?: (readonly RecordHeader[] | undefined)[];
}

function newChunk(): Chunk {
  return { keys: [], values: [], createdTicks: [], producerIds: [], sizes: [] };
}

/** A half-open offset range [from, to) some reader may still read. */
export type OffsetWindow = readonly [from: number, to: number];

export class RecordStore {
  /**
   * Chunks of CHUNK offsets each. A chunk no log, live or checkpointed, can read any more
   * (deleted by retention everywhere) is dropped by `release`, so a long run with retention
   * holds what its logs and checkpoints hold, not everything ever written.
   */
  #chunks: (Chunk | undefined)[] = [];
  /** Transaction markers are rare: kept sparsely by offset. */
  readonly #controls = new Map<number, ControlType>();
  /** A store that branched off another (`branchAt`) reads offsets below `#baseEnd` from it. */
  readonly #base: RecordStore | null;
  readonly #baseEnd: number;

  constructor(base: RecordStore | null = null, baseEnd = 0) {
    this.#base = base;
    this.#baseEnd = base ? baseEnd : 0;
  }

  /**
   * A new store holding this one's records below `end` and nothing else: the log of a new leader
   * whose log ends at `end`, where this store goes on past it with records the new leader never
   * had. Sharing the prefix keeps it O(1); this store stays as it is, so snapshots from before
   * the election still read the records they held.
   */
  branchAt(end: number): RecordStore {
    return new RecordStore(this, end);
  }

  /** The store that really holds `offset` for this store's readers (a branch reads its prefix from its base). */
  owner(offset: number): RecordStore {
    return offset < this.#baseEnd ? (this.#base as RecordStore).owner(offset) : this;
  }

  /** Writes `record` at `offset` (which is the writer's log end) and returns its size in bytes. */
  write(offset: number, record: ProducedRecord, producerId: number): number {
    const size = RECORD_OVERHEAD_BYTES + (record.key?.length ?? 0) + (record.value?.length ?? 0);
    const c = offset >>> CHUNK_BITS;
    const chunk = this.#chunks[c] ?? (this.#chunks[c] = newChunk());
    const i = offset & MASK;
    chunk.keys[i] = record.key;
    chunk.values[i] = record.value;
    chunk.createdTicks[i] = record.createdTick;
    chunk.producerIds[i] = producerId;
    chunk.sizes[i] = size;
    if (record.headers.length > 0) (chunk.headers ??= [])[i] = record.headers;
    else if (chunk.headers) chunk.headers[i] = undefined;
    if (this.#controls.size > 0) this.#controls.delete(offset);
    return size;
  }

  /**
   * Writes a transaction marker of `producerId` at `offset` (the writer's log end) and returns its
   * size. A control batch carries one record with a 4-byte key (version, type) and a 6-byte value
   * (version, coordinator epoch): counted as the record overhead plus those 10 bytes.
   */
  writeControl(offset: number, type: ControlType, producerId: number, createdTick: number): number {
    this.write(offset, { key: null, value: null, headers: [], createdTick }, producerId);
    this.#controls.set(offset, type);
    const chunk = this.#chunks[offset >>> CHUNK_BITS] as Chunk;
    const size = RECORD_OVERHEAD_BYTES + CONTROL_RECORD_BYTES;
    chunk.sizes[offset & MASK] = size;
    return size;
  }

  /** The marker at `offset`, or null when the record there is data. */
  control(offset: number): ControlType | null {
    if (offset < this.#baseEnd) return (this.#base as RecordStore).control(offset);
    return this.#controls.size > 0 ? (this.#controls.get(offset) ?? null) : null;
  }

  /** Forgets everything at or after `offset` (a discarded future), freeing its memory. */
  truncate(offset: number): void {
    const c = offset >>> CHUNK_BITS;
    if (this.#chunks.length <= c) return;
    const i = offset & MASK;
    const chunk = this.#chunks[c];
    if (chunk && chunk.keys.length > i) {
      chunk.keys.length = i;
      chunk.values.length = i;
      chunk.createdTicks.length = i;
      chunk.producerIds.length = i;
      chunk.sizes.length = i;
      if (chunk.headers && chunk.headers.length > i) chunk.headers.length = i;
    }
    this.#chunks.length = i === 0 ? c : c + 1;
    for (const o of this.#controls.keys()) if (o >= offset) this.#controls.delete(o);
  }

  /**
   * Frees every chunk below `below` that none of `windows` reaches into: records that neither
   * the live log nor any checkpoint can read. Returns how many chunks it freed.
   */
  release(below: number, windows: readonly OffsetWindow[]): number {
    let freed = 0;
    const last = Math.min(this.#chunks.length, below >>> CHUNK_BITS);
    for (let c = 0; c < last; c++) {
      if (this.#chunks[c] === undefined) continue;
      const from = c << CHUNK_BITS;
      const to = from + CHUNK;
      if (windows.some(([s, e]) => s < to && e > from)) continue;
      this.#chunks[c] = undefined;
      freed++;
      if (this.#controls.size > 0) for (const o of this.#controls.keys()) if (o >= from && o < to) this.#controls.delete(o);
    }
    return freed;
  }

  /** Chunks holding records now (what `release` saves is visible here). */
  get chunkCount(): number {
    let n = 0;
    for (const chunk of this.#chunks) if (chunk !== undefined) n++;
    return n;
  }

  /** The record at `offset`; the caller guarantees it is inside its own log. */
  read(offset: number): StoredRecord {
    if (offset < this.#baseEnd) return (this.#base as RecordStore).read(offset);
    const chunk = this.#chunks[offset >>> CHUNK_BITS];
    const i = offset & MASK;
    return {
      offset,
      key: chunk?.keys[i] ?? null,
      value: chunk?.values[i] ?? null,
      headers: chunk?.headers?.[i] ?? [],
      createdTick: chunk?.createdTicks[i] ?? 0,
      producerId: chunk?.producerIds[i] ?? -1,
      sizeBytes: chunk?.sizes[i] ?? 0,
      control: this.#controls.size > 0 ? (this.#controls.get(offset) ?? null) : null,
    };
  }

  key(offset: number): string | null {
    if (offset < this.#baseEnd) return (this.#base as RecordStore).key(offset);
    return this.#chunks[offset >>> CHUNK_BITS]?.keys[offset & MASK] ?? null;
  }

  value(offset: number): string | null {
    if (offset < this.#baseEnd) return (this.#base as RecordStore).value(offset);
    return this.#chunks[offset >>> CHUNK_BITS]?.values[offset & MASK] ?? null;
  }

  producerId(offset: number): number {
    if (offset < this.#baseEnd) return (this.#base as RecordStore).producerId(offset);
    return this.#chunks[offset >>> CHUNK_BITS]?.producerIds[offset & MASK] ?? -1;
  }

  /** The tick the record at `offset` was created, or undefined when there is none. */
  createdTick(offset: number): number | undefined {
    if (offset < this.#baseEnd) return (this.#base as RecordStore).createdTick(offset);
    return this.#chunks[offset >>> CHUNK_BITS]?.createdTicks[offset & MASK];
  }

  sizeBytes(offset: number): number {
    if (offset < this.#baseEnd) return (this.#base as RecordStore).sizeBytes(offset);
    return this.#chunks[offset >>> CHUNK_BITS]?.sizes[offset & MASK] ?? 0;
  }
}
