/**
 * A partition drawn as a log tape: one cell per record, offsets growing to the right, the log
 * end as an empty dashed slot where the next record will be appended. Records below the log
 * start are gone (deleted by retention) and are not drawn. When the log is longer than the tape,
 * runs of offsets are elided into a "…N" gap that says how many offsets it hides; the offsets
 * someone is looking at (committed offsets, positions, the record being processed, the ledger's
 * duplicates and skips) and the records at the log end stay visible.
 *
 * Transactions and compaction show on the tape too: a transaction marker is a cell of its own
 * (a control record takes an offset), a transactional record carries its transaction's state
 * (open, committing, aborting, committed, aborted), the last stable offset is a line of its own
 * when it is behind the high watermark, segment boundaries are ticks between cells, and offsets
 * the log cleaner removed are a gap of their own kind.
 */
import { select, type Selection } from 'd3-selection';
import type { SceneGroup, ScenePartition, SceneRecord, SceneTxnState } from '../protocol.ts';
import { gapSlots, METRICS } from './metrics.ts';
import { fadeIn, leaving, moveAttr, setAttr, setText, staying, type Motion } from './motion.ts';
import type { PartitionLayout, StageLayout } from './stage-layout.ts';

/** A record's cell or an elided run of offsets, in tape slots from the left. */
export type TapeItem =
  | {
      readonly kind: 'record';
      readonly offset: number;
      readonly key: string | null;
      readonly value: string | null;
      readonly marker: 'COMMIT' | 'ABORT' | null;
      readonly txn: SceneTxnState | null;
      readonly slot: number;
    }
  /**
   * Offsets [from, to) are not drawn; the gap takes `slots` slots. `cleaned` of them are gone (the
   * log cleaner removed them); the others exist and are only elided.
   */
  | { readonly kind: 'gap'; readonly from: number; readonly to: number; readonly slot: number; readonly slots: number; readonly cleaned: number };

export interface TapeCells {
  readonly items: readonly TapeItem[];
  /** The slot of the log end (the next offset to be written), right of every item. */
  readonly endSlot: number;
}

/** Slots needed to draw `kept` (ascending offsets) of a log [logStart, logEnd): a slot per record, and each gap's slots. */
export function tapeCost(kept: readonly number[], logStart: number, logEnd: number, cellWidth: number = METRICS.cellWidth): number {
  let slots = kept.length;
  let next = logStart;
  for (const offset of kept) {
    if (offset > next) slots += gapSlots(offset - next, cellWidth);
    next = offset + 1;
  }
  if (logEnd > next) slots += gapSlots(logEnd - next, cellWidth);
  return slots;
}

/**
 * Which records of a partition to draw in `capacity` slots (the log end slot not counted), and
 * where. Keeps everything when it fits. Otherwise keeps the record at the log end and the records
 * nearest each interesting offset (in priority order, most important first), grows a window
 * around each (the log end's window grows leftwards only, twice as fast) while everything fits,
 * then spends what room is left closing small gaps, then on the records next to those already
 * kept, the log end's first.
 */
export function tapeCells(partition: ScenePartition, interesting: readonly number[], capacity: number, cellWidth: number = METRICS.cellWidth): TapeCells {
  const { logStart, logEnd } = partition;
  const records = partition.records.filter((r) => r.offset >= logStart && r.offset < logEnd);
  const offsets = records.map((r) => r.offset);
  const kept =
    tapeCost(offsets, logStart, logEnd, cellWidth) <= capacity ? offsets : chooseOffsets(offsets, interesting, capacity, logStart, logEnd, cellWidth);
  return placeItems(records, new Set(kept), logStart, logEnd, cellWidth, partition.cleaned);
}

function chooseOffsets(
  offsets: readonly number[],
  interesting: readonly number[],
  capacity: number,
  logStart: number,
  logEnd: number,
  cellWidth: number,
): number[] {
  if (offsets.length === 0) return [];
  const tail = offsets.length - 1;
  const fits = (indices: Iterable<number>) => tapeCost(sortedOffsets(offsets, indices), logStart, logEnd, cellWidth) <= capacity;
  const anchors: number[] = [];
  for (const index of [tail, ...interesting.map((o) => nearestIndex(offsets, o))]) {
    if (anchors.includes(index) || !fits([...anchors, index])) continue;
    anchors.push(index);
  }
  let best = new Set(anchors);
  for (let r = 1; r <= offsets.length; r++) {
    const grown = windows(anchors, tail, r, offsets.length);
    if (!fits(grown)) break;
    best = grown;
  }
  // Spend the rest: first on closing small gaps between kept records (a "…2" between two cells is
  // harder to read than the two cells, and costs almost as much); then one record at a time next
  // to a kept run, the log end's run first, then the anchors' runs in priority order.
  for (;;) {
    const closing = smallGaps(best, offsets).find((hidden) => fits([...best, ...hidden]));
    if (closing) {
      best = new Set([...best, ...closing]);
      continue;
    }
    const candidates = anchors.flatMap((a) => {
      let lo = a;
      let hi = a;
      while (best.has(lo - 1)) lo--;
      while (best.has(hi + 1)) hi++;
      return a === tail ? [lo - 1] : [hi + 1, lo - 1];
    });
    const next = candidates.find((i) => i >= 0 && i < offsets.length && !best.has(i) && fits([...best, i]));
    if (next === undefined) break;
    best = new Set(best).add(next);
  }
  return sortedOffsets(offsets, best);
}

/** Runs of at most SMALL_GAP records (indices) between two kept ones, when the scene holds every offset of the run. */
function smallGaps(kept: ReadonlySet<number>, offsets: readonly number[]): number[][] {
  const sorted = [...kept].sort((a, b) => a - b);
  const gaps: number[][] = [];
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1] as number;
    const b = sorted[k] as number;
    const hidden = b - a - 1;
    // Contiguous offsets only: the run hides no offset the scene left out.
    if (hidden >= 1 && hidden <= SMALL_GAP && (offsets[b] as number) - (offsets[a] as number) === hidden + 1) {
      gaps.push(Array.from({ length: hidden }, (_, i) => a + 1 + i));
    }
  }
  return gaps.sort((x, y) => x.length - y.length);
}

/** Gaps hiding this many records or fewer are closed first when there is room. */
const SMALL_GAP = 2;

/** Indices within `radius` of each anchor; the tail anchor's window reaches twice as far, leftwards. */
function windows(anchors: readonly number[], tail: number, radius: number, length: number): Set<number> {
  const out = new Set<number>();
  for (const a of anchors) {
    const from = a === tail ? a - 2 * radius : a - radius;
    const to = a === tail ? a : a + radius;
    for (let i = Math.max(0, from); i <= Math.min(length - 1, to); i++) out.add(i);
  }
  return out;
}

function sortedOffsets(offsets: readonly number[], indices: Iterable<number>): number[] {
  return [...indices].sort((a, b) => a - b).map((i) => offsets[i] as number);
}

/** Index of the record at `offset`, else of the first record after it, else the last record. */
function nearestIndex(offsets: readonly number[], offset: number): number {
  const index = offsets.findIndex((o) => o >= offset);
  return index === -1 ? offsets.length - 1 : index;
}

/** How many offsets of [from, to) lie in the cleaned runs. */
export function cleanedIn(cleaned: readonly (readonly [number, number])[], from: number, to: number): number {
  let n = 0;
  for (const [a, b] of cleaned) n += Math.max(0, Math.min(b, to) - Math.max(a, from));
  return n;
}

function placeItems(
  records: readonly SceneRecord[],
  kept: ReadonlySet<number>,
  logStart: number,
  logEnd: number,
  cellWidth: number,
  cleaned: readonly (readonly [number, number])[],
): TapeCells {
  const items: TapeItem[] = [];
  let slot = 0;
  let next = logStart;
  const gapTo = (to: number) => {
    if (to <= next) return;
    const slots = gapSlots(to - next, cellWidth);
    items.push({ kind: 'gap', from: next, to, slot, slots, cleaned: cleanedIn(cleaned, next, to) });
    slot += slots;
  };
  for (const r of records) {
    if (!kept.has(r.offset)) continue;
    gapTo(r.offset);
    items.push({ kind: 'record', offset: r.offset, key: r.key, value: r.value, marker: r.marker, txn: r.txn, slot });
    slot++;
    next = r.offset + 1;
  }
  gapTo(logEnd);
  return { items, endSlot: slot };
}

/**
 * Where an offset's left edge falls on the tape, in slots: the cell of a drawn record, the log end
 * slot, a proportional place inside a gap, the tape's start for offsets below the log start.
 */
export function slotOfOffset(cells: TapeCells, offset: number): number {
  for (const item of cells.items) {
    if (item.kind === 'record') {
      if (item.offset === offset) return item.slot;
      if (item.offset > offset) return item.slot;
    } else {
      if (offset < item.from) return item.slot;
      if (offset < item.to) return item.slot + (item.slots * (offset - item.from)) / (item.to - item.from);
    }
  }
  return cells.endSlot;
}

/** The slot of a drawn record, or null when its offset is elided or gone. */
export function slotOfRecord(cells: TapeCells, offset: number): number | null {
  for (const item of cells.items) if (item.kind === 'record' && item.offset === offset) return item.slot;
  return null;
}

/** Small fixed palette: records with the same key share a colour; key-less records have their own. */
export const KEY_COLOURS = 6;

/** The palette index of a key (a stable string hash), or 'none' for a key-less record. */
export function keyColour(key: string | null): number | 'none' {
  if (key === null) return 'none';
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return ((h % KEY_COLOURS) + KEY_COLOURS) % KEY_COLOURS;
}

/** The offset label of a cell when it fits the cell at the tape's font size, else ''. */
export function cellLabel(offset: number, cellWidth: number, charWidth: number): string {
  const text = String(offset);
  return text.length * charWidth <= cellWidth - 3 ? text : '';
}

/** The words of a gap: `…N`, how many offsets it hides; `✂N` when the cleaner removed them all. */
export function gapLabel(from: number, to: number, cleaned = 0): string {
  return cleaned === to - from ? `✂${to - from}` : `…${to - from}`;
}

/** The classes a record's cell adds for its transaction: a marker's type, or its transaction's state. */
export function txnClass(r: Pick<RecordItem, 'marker' | 'txn'>): string {
  if (r.marker !== null) return ` control control-${r.marker.toLowerCase()}`;
  return r.txn === null ? '' : ` txn-${r.txn}`;
}

/** What a cell says instead of its offset when the offset does not fit: a marker's letter. */
export function markerLetter(marker: 'COMMIT' | 'ABORT' | null): string {
  return marker === 'COMMIT' ? 'C' : marker === 'ABORT' ? 'A' : '';
}

// ---------------------------------------------------------------------------------------------
// The D3 join: one g.partition-row per partition, holding the label and the g.tape of cells.

type RowSel = Selection<SVGGElement, PartitionLayout, SVGGElement, unknown>;
type RecordItem = Extract<TapeItem, { kind: 'record' }>;
type GapItem = Extract<TapeItem, { kind: 'gap' }>;

/** Draws every partition row and its tape; returns the rows so markers can be drawn into them. */
export function drawTapes(layer: Selection<SVGGElement, unknown, null, undefined>, layout: StageLayout, motion: Motion): RowSel {
  const partitions = layout.topics.flatMap((t) => t.partitions);
  const rows = layer
    .selectAll<SVGGElement, PartitionLayout>('g.partition-row')
    .data(partitions, (d) => d.name)
    .join(
      (enter) => {
        const g = enter.append('g').attr('class', 'partition-row');
        const label = g.append('text').attr('class', 'partition-label').attr('x', 0);
        label.append('tspan').attr('class', 'name');
        label.append('tspan').attr('class', 'offsets');
        g.append('line').attr('class', 'hw');
        g.append('line').attr('class', 'lso');
        const tape = g.append('g').attr('class', 'tape');
        tape.append('g').attr('class', 'segment-starts');
        const end = tape.append('g').attr('class', 'log-end');
        end.append('rect').attr('x', 1).attr('rx', 2);
        end.append('text').attr('dy', '0.35em');
        g.append('g').attr('class', 'markers');
        fadeIn(g, motion);
        return g;
      },
      staying(motion),
      leaving(motion),
    );
  setAttr(rows, 'data-partition', (d) => d.name);
  moveAttr(rows, motion, 'transform', (d) => `translate(${d.x},${d.y})`);
  setAttr(rows.select('text.partition-label'), 'y', (d) => d.labelY);
  setText(rows.select('tspan.name'), (d) => d.name);
  setText(rows.select('tspan.offsets'), (d) => `  ${offsetsSummary(d.partition, d.replicaTop !== null)}`);
  setAttr(rows, 'class', (d) => (d.replicaTop !== null && d.partition.leader < 0 ? 'partition-row offline' : 'partition-row'));
  rows.each(function (d) {
    drawTape(this, d, layout, motion);
  });
  return rows;
}

/**
 * The row label after the name: `start 0 · end 12`, with the high watermark when it differs; on a
 * drawn cluster, then the leader (`leader b2`) or that it has none (`offline: no leader`).
 */
export function offsetsSummary(p: ScenePartition, cluster = false): string {
  const hw = p.highWatermark === p.logEnd ? '' : ` · hw ${p.highWatermark}`;
  const lso = p.lastStable < p.highWatermark ? ` · lso ${p.lastStable}` : '';
  const leader = !cluster ? '' : p.leader < 0 ? ' · offline: no leader' : ` · leader b${p.leader}`;
  return `start ${p.logStart} · end ${p.logEnd}${hw}${lso}${leader}`;
}

function drawTape(row: SVGGElement, d: PartitionLayout, layout: StageLayout, motion: Motion): void {
  const { cellWidth, cellHeight, charWidth } = layout.metrics;
  const rowSel = select<SVGGElement, PartitionLayout>(row);
  const tape = rowSel.select<SVGGElement>('g.tape');
  setAttr(tape, 'data-partition', d.name);
  setAttr(tape, 'data-log-start', d.partition.logStart);
  setAttr(tape, 'data-log-end', d.partition.logEnd);
  setAttr(tape, 'data-high-watermark', d.partition.highWatermark);
  setAttr(tape, 'data-last-stable', d.partition.lastStable);
  setAttr(tape, 'transform', `translate(${d.tapeX},${d.tapeY})`);
  const slotX = (slot: number) => slot * cellWidth;
  const records: RecordItem[] = [];
  const gaps: GapItem[] = [];
  for (const item of d.cells.items) {
    if (item.kind === 'record') records.push(item);
    else gaps.push(item);
  }
  const endX = slotX(d.cells.endSlot);
  const processing = new Set(d.processing);
  const ledger = new Map(d.ledgerMarks.map((m) => [m.offset, m.kind]));

  const cells = tape
    .selectAll<SVGGElement, RecordItem>('g.record')
    .data(records, (r) => String(r.offset))
    .join(
      (enter) => {
        const g = enter.append('g').attr('data-offset', (r) => r.offset);
        // Appended records arrive at the log end slot, where they were written.
        if (motion.root !== null) g.attr('transform', `translate(${endX},0)`);
        g.append('rect').attr('x', 1).attr('y', 0).attr('rx', 2);
        g.append('text').attr('dy', '0.35em');
        fadeIn(g, motion);
        return g;
      },
      staying(motion),
      leaving(motion),
    );
  setAttr(cells, 'class', (r) => {
    const mark = ledger.get(r.offset);
    return `record key-${keyColour(r.key)}${txnClass(r)}${processing.has(r.offset) ? ' processing' : ''}${mark ? ` ${mark}` : ''}`;
  });
  setAttr(cells, 'data-marker', (r) => r.marker ?? '');
  setAttr(cells, 'data-txn', (r) => r.txn ?? '');
  moveAttr(cells, motion, 'transform', (r) => `translate(${slotX(r.slot)},0)`);
  const rects = cells.select('rect');
  setAttr(rects, 'width', cellWidth - 2);
  setAttr(rects, 'height', cellHeight);
  const texts = cells.select('text');
  setAttr(texts, 'x', cellWidth / 2);
  setAttr(texts, 'y', cellHeight / 2);
  // A marker shows its kind (C or A) rather than its offset: the offsets on either side say where it is.
  setText(texts, (r) => markerLetter(r.marker) || cellLabel(r.offset, cellWidth, charWidth));

  const gapSel = tape
    .selectAll<SVGGElement, GapItem>('g.gap')
    .data(gaps, (gap) => String(gap.from))
    .join(
      (enter) => {
        const g = enter.append('g').attr('class', 'gap');
        g.append('rect').attr('x', 1).attr('y', 0).attr('rx', 2);
        g.append('text').attr('dy', '0.35em');
        fadeIn(g, motion);
        return g;
      },
      staying(motion),
      leaving(motion),
    );
  setAttr(gapSel, 'class', (gap) => (gap.cleaned === gap.to - gap.from ? 'gap cleaned' : 'gap'));
  setAttr(gapSel, 'data-cleaned', (gap) => gap.cleaned);
  setAttr(gapSel, 'data-from', (gap) => gap.from);
  setAttr(gapSel, 'data-to', (gap) => gap.to);
  moveAttr(gapSel, motion, 'transform', (gap) => `translate(${slotX(gap.slot)},0)`);
  setAttr(gapSel.select('rect'), 'width', (gap) => gap.slots * cellWidth - 2);
  setAttr(gapSel.select('rect'), 'height', cellHeight);
  const gapTexts = gapSel.select('text');
  setAttr(gapTexts, 'x', (gap) => (gap.slots * cellWidth) / 2);
  setAttr(gapTexts, 'y', cellHeight / 2);
  setText(gapTexts, (gap) => gapLabel(gap.from, gap.to, gap.cleaned));

  // Segment boundaries: a tick at the left edge of each segment's first offset.
  const starts = d.partition.segmentStarts.filter((o) => o > d.partition.logStart && o <= d.partition.logEnd);
  const ticks = tape
    .select<SVGGElement>('g.segment-starts')
    .selectAll<SVGLineElement, number>('line.segment-start')
    .data(starts, (o) => String(o))
    .join((enter) => enter.append('line').attr('class', 'segment-start'));
  setAttr(ticks, 'data-offset', (o) => o);
  const tickX = (o: number) => slotOfOffset(d.cells, o) * cellWidth;
  setAttr(ticks, 'x1', tickX);
  setAttr(ticks, 'x2', tickX);
  setAttr(ticks, 'y1', -4);
  setAttr(ticks, 'y2', cellHeight + 4);

  const end = tape.select<SVGGElement>('g.log-end');
  if (tape.node()?.lastElementChild !== end.node()) end.raise();
  setAttr(end.select('rect'), 'width', cellWidth - 2);
  setAttr(end.select('rect'), 'height', cellHeight);
  const endText = end.select<SVGTextElement>('text');
  setAttr(endText, 'x', cellWidth / 2);
  setAttr(endText, 'y', cellHeight / 2);
  setText(endText, () => cellLabel(d.partition.logEnd, cellWidth, charWidth));
  moveAttr(end, motion, 'transform', `translate(${endX},0)`);

  // The high watermark only gets its own mark when it differs from the log end (replicas lagging).
  const hw = rowSel.select<SVGLineElement>('line.hw');
  const hwX = d.tapeX + slotOfOffset(d.cells, d.partition.highWatermark) * cellWidth;
  setAttr(hw, 'x1', hwX);
  setAttr(hw, 'x2', hwX);
  setAttr(hw, 'y1', d.tapeY - 3);
  setAttr(hw, 'y2', d.tapeY + cellHeight + 3);
  setAttr(hw, 'class', d.partition.highWatermark === d.partition.logEnd ? 'hw hidden' : 'hw');
  // The last stable offset gets its own mark only when an unfinished transaction holds it behind the high watermark.
  const lso = rowSel.select<SVGLineElement>('line.lso');
  const lsoX = d.tapeX + slotOfOffset(d.cells, d.partition.lastStable) * cellWidth;
  setAttr(lso, 'x1', lsoX);
  setAttr(lso, 'x2', lsoX);
  setAttr(lso, 'y1', d.tapeY - 5);
  setAttr(lso, 'y2', d.tapeY + cellHeight + 5);
  setAttr(lso, 'class', d.partition.lastStable < d.partition.highWatermark ? 'lso' : 'lso hidden');
}

/** Offsets a group's ledger highlights on a partition: duplicates (×N) and skips (×0). */
export function ledgerOffsets(group: SceneGroup | undefined, topic: string, partition: number): { readonly offset: number; readonly times: number }[] {
  if (!group) return [];
  const dup = group.ledger.duplicatedRecords.filter((r) => r.topic === topic && r.partition === partition).map((r) => ({ offset: r.offset, times: r.times }));
  const skip = group.ledger.skippedRecords.filter((r) => r.topic === topic && r.partition === partition).map((r) => ({ offset: r.offset, times: 0 }));
  return [...dup, ...skip].sort((a, b) => a.offset - b.offset);
}
