/**
 * What a group's processing ledger says (`sim ledger --group G`), kept up to date as the stage
 * moves through the timeline instead of recounted for every frame.
 *
 * The engine's `summarizeLedger` walks the whole ledger: fine for one command, but a frame is
 * built for every tick the page plays, so recounting made a frame cost grow with the history
 * (96 frames took 43 ms at tick 1,000 and 1.4 s at tick 50,000). A tally instead remembers how
 * many entries it has counted and moves by the difference: the entries a frame adds when the
 * clock steps forward, or the ones it removes when the clock goes back. This is sound because a
 * group's entries below its `ledgerLength` never change while the history stands; only acting
 * in the past rewrites them, and then the kernel forgets every tally (`LedgerTallies.forget`).
 *
 * Skipped records depend on the committed offsets of the frame, not only on the ledger, so they
 * are counted per frame, from sorted runs of processed offsets: a binary search per partition,
 * never a walk over the history.
 */
import { splitPartitionKey } from '../../../engine/core/world.ts';
import type { LedgerColumns } from '../../../engine/core/ledger.ts';
import type { GroupState, PartitionKey } from '../../../engine/index.ts';
import type { SceneLedger, SceneOffset } from '../protocol.ts';

/** Duplicated and skipped records a ledger lists, at most (its counts are always complete). */
export const LEDGER_LIST_LIMIT = 200;

interface PartitionTally {
  readonly topic: string;
  readonly partition: number;
  /** Times each offset was processed (offsets never processed are absent). */
  readonly times: Map<number, number>;
  /** The processed offsets, ascending, each once: counts in a range are two binary searches. */
  readonly seen: number[];
}

type Duplicate = { readonly tally: PartitionTally; readonly offset: number };

/** The order `sim ledger` prints records in: topic, partition, offset. */
function compare(a: PartitionTally, ao: number, b: PartitionTally, bo: number): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition || ao - bo;
}

/** The first index of `sorted` whose value is ≥ `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index of a sorted list of records at or after (tally, offset). */
function duplicateIndex(list: readonly Duplicate[], tally: PartitionTally, offset: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const d = list[mid] as Duplicate;
    if (compare(d.tally, d.offset, tally, offset) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The counts of one group's ledger over its first `length` entries. */
export class LedgerTally {
  #length = 0;
  #distinct = 0;
  readonly #partitions = new Map<PartitionKey, PartitionTally>();
  /** Records processed more than once, in print order. */
  readonly #duplicates: Duplicate[] = [];

  /** Entries counted. */
  get length(): number {
    return this.#length;
  }

  /**
   * Counts exactly the first `target` entries of `columns`: forwards by adding the new entries,
   * backwards by taking entries off, or from scratch when that is shorter.
   */
  moveTo(columns: LedgerColumns, target: number): void {
    // Columns shorter than what was counted were truncated: what was counted may be gone.
    if (columns.offsets.length < this.#length || target < this.#length - target) this.#clear();
    while (this.#length < target) {
      const i = this.#length++;
      this.#add(columns.partitions[i] as PartitionKey, columns.offsets[i] as number);
    }
    while (this.#length > target) {
      const i = --this.#length;
      this.#remove(columns.partitions[i] as PartitionKey, columns.offsets[i] as number);
    }
  }

  /** The ledger as a scene carries it, with the skips counted against `group`'s committed offsets. */
  scene(group: GroupState): SceneLedger {
    const duplicatedRecords = this.#duplicates.slice(0, LEDGER_LIST_LIMIT).map(({ tally, offset }) => ({
      topic: tally.topic,
      partition: tally.partition,
      offset,
      times: tally.times.get(offset) ?? 0,
    }));
    const { skipped, skippedRecords } = this.#skips(group);
    return { processed: this.#length, distinct: this.#distinct, duplicated: this.#duplicates.length, skipped, duplicatedRecords, skippedRecords };
  }

  /** Offsets from where the group started each partition up to its committed offset that nobody processed. */
  #skips(group: GroupState): { skipped: number; skippedRecords: SceneOffset[] } {
    let skipped = 0;
    const withSkips: { key: PartitionKey; tp: { topic: string; partition: number }; from: number; to: number }[] = [];
    for (const [key, committed] of group.offsets) {
      const from = group.startOffsets.get(key) ?? committed.offset;
      const to = committed.offset;
      if (from >= to) continue;
      const seen = this.#partitions.get(key)?.seen ?? [];
      const missing = to - from - (lowerBound(seen, to) - lowerBound(seen, from));
      if (missing === 0) continue;
      skipped += missing;
      withSkips.push({ key, tp: splitPartitionKey(key), from, to });
    }
    withSkips.sort((a, b) => (a.tp.topic < b.tp.topic ? -1 : a.tp.topic > b.tp.topic ? 1 : a.tp.partition - b.tp.partition));
    const skippedRecords: SceneOffset[] = [];
    for (const { key, tp, from, to } of withSkips) {
      if (skippedRecords.length >= LEDGER_LIST_LIMIT) break;
      for (const offset of gaps(this.#partitions.get(key)?.seen ?? [], from, to, LEDGER_LIST_LIMIT - skippedRecords.length)) {
        skippedRecords.push({ topic: tp.topic, partition: tp.partition, offset });
      }
    }
    return { skipped, skippedRecords };
  }

  #clear(): void {
    this.#length = 0;
    this.#distinct = 0;
    this.#partitions.clear();
    this.#duplicates.length = 0;
  }

  #tally(key: PartitionKey): PartitionTally {
    let tally = this.#partitions.get(key);
    if (!tally) this.#partitions.set(key, (tally = { ...splitPartitionKey(key), times: new Map(), seen: [] }));
    return tally;
  }

  #add(key: PartitionKey, offset: number): void {
    const tally = this.#tally(key);
    const times = (tally.times.get(offset) ?? 0) + 1;
    tally.times.set(offset, times);
    if (times === 1) {
      this.#distinct++;
      // Offsets are mostly processed in order: appending is the common case.
      const last = tally.seen[tally.seen.length - 1];
      if (last === undefined || last < offset) tally.seen.push(offset);
      else tally.seen.splice(lowerBound(tally.seen, offset), 0, offset);
    } else if (times === 2) {
      this.#duplicates.splice(duplicateIndex(this.#duplicates, tally, offset), 0, { tally, offset });
    }
  }

  #remove(key: PartitionKey, offset: number): void {
    const tally = this.#tally(key);
    const times = (tally.times.get(offset) ?? 0) - 1;
    if (times > 0) tally.times.set(offset, times);
    else tally.times.delete(offset);
    if (times === 0) {
      this.#distinct--;
      tally.seen.splice(lowerBound(tally.seen, offset), 1);
    } else if (times === 1) {
      this.#duplicates.splice(duplicateIndex(this.#duplicates, tally, offset), 1);
    }
  }
}

/**
 * Up to `limit` offsets in [from, to) missing from `seen` (ascending, distinct), in order. Runs
 * of consecutive processed offsets are jumped over by binary search (in a run, seen[i] − i is
 * constant), so a long history costs a logarithm, not a walk.
 */
export function gaps(seen: readonly number[], from: number, to: number, limit: number): number[] {
  const out: number[] = [];
  let offset = from;
  let i = lowerBound(seen, from);
  while (offset < to && out.length < limit) {
    if (i >= seen.length || (seen[i] as number) > offset) {
      out.push(offset++);
      continue;
    }
    // seen[i] === offset: skip to the end of the run that starts here.
    const base = (seen[i] as number) - i;
    let lo = i;
    let hi = seen.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((seen[mid] as number) - mid === base) lo = mid;
      else hi = mid - 1;
    }
    offset = (seen[lo] as number) + 1;
    i = lo + 1;
  }
  return out;
}

/**
 * The tallies of every group the kernel has drawn, keyed by the group's ledger columns (a group
 * deleted and created again gets new columns, so it can never be confused with the old one).
 */
export class LedgerTallies {
  #tallies = new WeakMap<LedgerColumns, LedgerTally>();

  /** The scene ledger of `group` as it stands in the world being drawn. */
  sceneLedger(group: GroupState): SceneLedger {
    let tally = this.#tallies.get(group.ledger);
    if (!tally) this.#tallies.set(group.ledger, (tally = new LedgerTally()));
    tally.moveTo(group.ledger, group.ledgerLength);
    return tally.scene(group);
  }

  /** The history was rewritten (an action in the past): counted entries may no longer exist. */
  forget(): void {
    this.#tallies = new WeakMap();
  }
}
