/**
 * A partition's log as Kafka lays it out: segments, each a run of offsets, the last one active
 * (appended to), the others closed. Retention deletes whole closed segments and the log cleaner
 * rewrites them; the records themselves stay in the partition's shared RecordStore.
 *
 * Everything here is immutable: a history snapshot copies a PartitionState shallowly and so shares
 * its `segments`, which must read the same forever. An append replaces the active segment (one
 * small object per batch); a roll adds a closed segment to a `SegmentList`, which shares one
 * array between versions and only ever pushes past the end every version knows (so a snapshot
 * never sees a change, and appending stays O(1) amortized); a cleaning builds new segments whose
 * `kept` offsets read from the same store, so a snapshot taken before it still reads what it held.
 *
 * `isInLog` is the one question every reader asks of a log (consumers, the broker's fetch, the
 * tools, the invariants, the stage): is this offset still there, or did the cleaner remove it?
 */

/** One segment: offsets [baseOffset, endOffset) of the partition's store, or those of them in `kept`. */
export interface Segment {
  readonly baseOffset: number;
  /** The next segment's base offset; for the active segment, the log end. */
  readonly endOffset: number;
  /** Bytes of its records (the simulator's record sizes), what retention.bytes and the cleaner's dirty ratio weigh. */
  readonly bytes: number;
  /** The first batch's largest timestamp, in ticks (LogSegment's rollingBasedTimestamp): what segment.ms counts from. */
  readonly firstBatchTick: number;
  /** The largest record timestamp, in ticks (LogSegment.largestTimestamp): what retention.ms and min.compaction.lag.ms read. */
  readonly largestTick: number;
  /** After a cleaning: the offsets that survived, ascending. Null: never cleaned, every offset is there. */
  readonly kept: readonly number[] | null;
  /** KIP-534: when its tombstones may be removed (ms of world time, tick × tickMs), stamped by the first cleaning that kept one (null: none yet). */
  readonly deleteHorizonMs: number | null;
}

/**
 * Closed segments, oldest first: a view [from, to) of an array shared between versions. A version
 * pushes only when it ends where the array ends; otherwise (another version pushed past it) it
 * copies its own part first, so nothing any version reads is ever written over.
 */
export class SegmentList {
  readonly #items: Segment[];
  readonly #from: number;
  readonly #to: number;

  constructor(items: Segment[] = [], from = 0, to = items.length) {
    this.#items = items;
    this.#from = from;
    this.#to = to;
  }

  get size(): number {
    return this.#to - this.#from;
  }

  at(i: number): Segment {
    return this.#items[this.#from + i] as Segment;
  }

  /** The list with `segment` added at the end. */
  push(segment: Segment): SegmentList {
    if (this.#items.length === this.#to && this.#from < 1024) {
      this.#items.push(segment);
      return new SegmentList(this.#items, this.#from, this.#to + 1);
    }
    // Copying also lets go of segments dropped from the front long ago (amortized O(1): at most once per 1,024 drops).
    const items = this.#items.slice(this.#from, this.#to);
    items.push(segment);
    return new SegmentList(items, 0, items.length);
  }

  /** The list without its first `n` segments. */
  dropFirst(n: number): SegmentList {
    return new SegmentList(this.#items, Math.min(this.#to, this.#from + n), this.#to);
  }

  /** The list with its first `n` segments replaced by `segments`. */
  replaceFirst(n: number, segments: readonly Segment[]): SegmentList {
    const items = [...segments, ...this.#items.slice(this.#from + n, this.#to)];
    return new SegmentList(items, 0, items.length);
  }

  /** The list of the segments that start below `offset` (the rest went with a truncated log). */
  takeBelow(offset: number): SegmentList {
    const n = this.indexOf(offset - 1) + 1;
    return new SegmentList(this.#items, this.#from, this.#from + Math.max(0, n));
  }

  /** The index of the segment holding `offset` (the last one starting at or below it), or -1. */
  indexOf(offset: number): number {
    let lo = this.#from;
    let hi = this.#to - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#items[mid] as Segment).baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? -1 : found - this.#from;
  }

  toArray(): Segment[] {
    return this.#items.slice(this.#from, this.#to);
  }
}

/** A partition's segments: the closed ones, the active one, and the cleaner's checkpoint. */
export interface LogSegments {
  readonly closed: SegmentList;
  readonly active: Segment;
  /**
   * The cleaner's checkpoint (Kafka's cleaner-offset-checkpoint): the first offset it has not
   * cleaned. Every offset at or above it is in the log; below it, a cleaned segment says.
   */
  readonly firstDirtyOffset: number;
}

/** An empty segment starting at `baseOffset`. */
export function emptySegment(baseOffset: number): Segment {
  return { baseOffset, endOffset: baseOffset, bytes: 0, firstBatchTick: -1, largestTick: -1, kept: null, deleteHorizonMs: null };
}

/** A log with one empty active segment at `baseOffset`. */
export function emptyLog(baseOffset = 0): LogSegments {
  return { closed: new SegmentList(), active: emptySegment(baseOffset), firstDirtyOffset: baseOffset };
}

/**
 * Whether the record at `offset` is still in the log: not removed by the cleaner. The caller
 * already knows that `offset` lies in [log start, log end). Constant time unless the offset lies
 * in the cleaned part of the log (then two binary searches).
 */
export function isInLog(segments: LogSegments, offset: number): boolean {
  if (offset >= segments.firstDirtyOffset) return true;
  const i = segments.closed.indexOf(offset);
  const kept = i < 0 ? null : segments.closed.at(i).kept;
  return kept === null || hasOffset(kept, offset);
}

/**
 * Where a read from `from` that returns at most `max` records ends, below `limit`: the offset
 * after its last record (or `limit` when fewer are left), and how many records it holds.
 */
export function recordsEnd(segments: LogSegments, from: number, limit: number, max: number): { to: number; records: number } {
  if (from >= segments.firstDirtyOffset) {
    const to = Math.max(from, Math.min(limit, from + max));
    return { to, records: to - from };
  }
  let records = 0;
  let o = from;
  for (; o < limit && records < max; o++) if (isInLog(segments, o)) records++;
  // Removed offsets right after the last record are passed too, up to the next record.
  while (o < limit && !isInLog(segments, o)) o++;
  return { to: o, records };
}

function hasOffset(sorted: readonly number[], offset: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = sorted[mid] as number;
    if (at === offset) return true;
    if (at < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Every segment, the active one last. */
export function allSegments(segments: LogSegments): Segment[] {
  const out = segments.closed.toArray();
  out.push(segments.active);
  return out;
}

/** The log cut back to end at `offset` (an election truncated it): segments past it go, the one holding it becomes active. */
export function truncateLog(segments: LogSegments, offset: number, sizeOf: (offset: number) => number): LogSegments {
  const firstDirtyOffset = Math.min(segments.firstDirtyOffset, offset);
  const bytesBelow = (s: Segment) => {
    let n = 0;
    for (let o = s.baseOffset; o < offset; o++) if (s.kept === null || hasOffset(s.kept, o)) n += sizeOf(o);
    return n;
  };
  const active = segments.active;
  if (offset >= active.baseOffset) {
    return { ...segments, active: { ...active, endOffset: offset, bytes: offset === active.endOffset ? active.bytes : bytesBelow(active) }, firstDirtyOffset };
  }
  const i = segments.closed.indexOf(offset);
  if (i < 0) return { ...emptyLog(offset), firstDirtyOffset };
  const holder = segments.closed.at(i);
  // Its timestamps stay as they were: a slight overestimate, as Kafka's recovery also makes from its time index.
  const cut: Segment = { ...holder, endOffset: offset, kept: holder.kept?.filter((o) => o < offset) ?? null, bytes: bytesBelow(holder) };
  const below = segments.closed.takeBelow(holder.baseOffset);
  // Kafka appends on to the truncated segment; a cleaned one stays closed here and a new active
  // segment starts at the cut, so an active segment is never a cleaned one.
  if (cut.kept !== null) return { closed: below.push(cut), active: emptySegment(offset), firstDirtyOffset };
  return { closed: below, active: cut, firstDirtyOffset };
}

/** The sum of every segment's bytes: the log's size (UnifiedLog.size). */
export function logBytes(segments: LogSegments): number {
  let n = segments.active.bytes;
  for (let i = 0; i < segments.closed.size; i++) n += segments.closed.at(i).bytes;
  return n;
}
