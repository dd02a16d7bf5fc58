/**
 * A compacted topic read as a table: per key, the latest value, as a consumer that reads the topic
 * from the beginning (read_committed) ends up with it — what "topics as tables" means, and what
 * a screen reader reads of compaction. The kernel tabulates it (scene.ts `compactedTable`);
 * tests hold it against what kafka-console-consumer prints.
 */
import type { Scene } from '../protocol.ts';
import { renderRows } from './table-rows.ts';

/** The table's cells, row by row: Topic, Key, Latest value, Partition, Offset. */
export function compactedTableCells(scene: Scene): string[][] {
  return scene.topics.flatMap((t) => (t.table ?? []).map((r) => [t.name, r.key, r.value, String(r.partition), String(r.offset)]));
}

/** Whether any drawn topic is compacted (its table may still be empty: every key deleted). */
export function hasCompactedTopic(scene: Scene): boolean {
  return scene.topics.some((t) => t.table !== undefined && t.table !== null);
}

/** Fills the table body (text only); the section is hidden when no drawn topic is compacted. */
export function renderCompactedTable(section: HTMLElement, body: HTMLTableSectionElement, scene: Scene): void {
  section.hidden = !hasCompactedTopic(scene);
  const cells = compactedTableCells(scene);
  renderRows(body, cells);
}
