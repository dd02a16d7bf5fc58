/**
 * The state table beside the drawing: for every group, the rows `kafka-consumer-groups --describe
 * --group G` prints at this tick (Committed is CURRENT-OFFSET, `-` where nothing is committed).
 * It is what a screen reader reads instead of the drawing, and what tests hold against the shell.
 */
import type { Scene, StateRow } from '../protocol.ts';
import { renderRows } from './table-rows.ts';

const show = (n: number | null | undefined): string => (n === null || n === undefined ? '-' : String(n));

/** The table's cells, row by row, in the column order Group, Topic, Partition, Committed, Log end, Lag, Member. */
export function stateTableCells(rows: readonly StateRow[]): string[][] {
  return rows.map((r) => [r.group, r.topic, String(r.partition), show(r.committed), show(r.logEnd), show(r.lag), r.member ?? '-']);
}

/** Fills the table body with the scene's rows (text only). */
export function renderStateTable(body: HTMLTableSectionElement, empty: HTMLElement, scene: Scene): void {
  const cells = stateTableCells(scene.table);
  renderRows(body, cells);
  empty.hidden = cells.length > 0;
}
