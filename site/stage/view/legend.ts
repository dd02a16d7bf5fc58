/**
 * The key under the drawing: what the stage's symbols mean, in words (a learner meets ▼ and ▲
 * before any lesson explains them). Packed into as few lines as the width allows.
 */
import type { Selection } from 'd3-selection';
import { setAttr, setText } from './motion.ts';
import type { StageLayout } from './stage-layout.ts';

export const LEGEND_LINE_HEIGHT = 15;

/** The entries of the key, most needed first. */
export const LEGEND_ENTRIES = ['▼ group committed', '▲ consumer position', '⬚ log end', '…N offsets not shown', 'lag = log end − committed'] as const;

/** The key's entries packed into lines that fit `width` (entries three spaces apart). */
/** The cluster's entries: the replica lanes under each tape. */
export const CLUSTER_LEGEND_ENTRIES = ['★ leader', 'bars: each replica’s log', '┊ out of sync', '✕ broker down', 'HW high watermark'] as const;

/** Transactions' entries: markers, records of open and aborted transactions, the last stable offset. */
export const TRANSACTION_LEGEND_ENTRIES = ['C / A commit / abort marker', '┅ open transaction', 'faded: aborted', '┆ LSO last stable offset'] as const;
/** Segments' and compaction's entries. */
export const COMPACTION_LEGEND_ENTRIES = ['| segment start', '✂N removed by compaction'] as const;

/** What the scene shows beyond groups and offsets, so its key explains only what is drawn. */
export interface LegendNeeds {
  readonly ledger: boolean;
  readonly cluster: boolean;
  readonly transactions: boolean;
  readonly segments: boolean;
}

export function legendLines(width: number, ledger: boolean, charWidth: number, cluster = false, extra: Partial<LegendNeeds> = {}): string[] {
  const entries: string[] = [...LEGEND_ENTRIES];
  if (ledger) entries.push('×N processed N times (×0 skipped)');
  if (cluster) entries.push(...CLUSTER_LEGEND_ENTRIES);
  if (extra.transactions) entries.push(...TRANSACTION_LEGEND_ENTRIES);
  if (extra.segments) entries.push(...COMPACTION_LEGEND_ENTRIES);
  const chars = Math.max(10, Math.floor(width / charWidth));
  const lines: string[] = [];
  for (const entry of entries) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 3 + entry.length <= chars) lines[lines.length - 1] = `${last}   ${entry}`;
    else lines.push(entry);
  }
  return lines;
}

/** Draws the key's lines. */
export function drawLegend(layer: Selection<SVGGElement, unknown, null, undefined>, layout: StageLayout): void {
  const { x, y, lines } = layout.legend;
  const texts = layer
    .selectAll<SVGTextElement, string>('text.legend')
    .data(lines)
    .join((enter) => enter.append('text').attr('class', 'legend'));
  setAttr(texts, 'x', x);
  texts.each(function (_, i) {
    const v = String(y + i * LEGEND_LINE_HEIGHT);
    if (this.getAttribute('y') !== v) this.setAttribute('y', v);
  });
  setText(texts, (line) => line);
}
