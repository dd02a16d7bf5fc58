/**
 * The stage's sizes in CSS pixels. The SVG is drawn 1:1 with its container (no viewBox scaling),
 * so these are the sizes a reader sees: no text below 11 px.
 */
export const METRICS = {
  /** A record cell's width for offsets of up to two digits (see `cellWidthFor`). */
  cellWidth: 18,
  cellHeight: 22,
  laneHeight: 14,
  /** Small text (labels, numbers, member activity). */
  fontSmall: 11,
  /** Names of producers, groups, members, partitions. */
  fontName: 12,
  /** Advance of one character of the stage's monospace font at fontSmall / fontName. */
  charWidth: 11 * 0.6,
  nameCharWidth: 12 * 0.6,
} as const;
export type Metrics = Omit<typeof METRICS, 'cellWidth'> & { readonly cellWidth: number };

/** A cell wide enough for the largest offset on the stage to be written in it at 11 px. */
export function cellWidthFor(largestOffset: number): number {
  const digits = String(Math.max(0, Math.floor(largestOffset))).length;
  return Math.max(METRICS.cellWidth, Math.ceil(digits * METRICS.charWidth + 4));
}

/** Slots a gap hiding `hidden` offsets takes: room for its "…N" label. */
export function gapSlots(hidden: number, cellWidth: number): number {
  const chars = 1 + String(hidden).length;
  return Math.max(1, Math.ceil((chars * METRICS.charWidth + 4) / cellWidth));
}
