/**
 * The partitions table, shown once the stage draws the cluster: per partition, what
 * `kafka-topics --describe` prints at this tick (Leader `none` when it has none), with the high
 * watermark and log end beside. It is what a screen reader reads instead of the replica lanes,
 * and what tests hold against the shell's describe.
 */
import { showsCluster } from '../cluster.ts';
import type { Scene } from '../protocol.ts';
import { renderRows } from './table-rows.ts';

/** The table's cells, row by row: Topic, Partition, Leader, Replicas, Isr, Elr, LastKnownElr, High watermark, Log end. */
export function partitionTableCells(scene: Scene): string[][] {
  if (!showsCluster(scene)) return [];
  return scene.topics.flatMap((t) =>
    t.partitions.map((p) => [
      t.name,
      String(p.partition),
      p.leader < 0 ? 'none' : String(p.leader),
      p.replicas.map((r) => r.broker).join(','),
      p.isr.join(','),
      p.elr.join(','),
      p.lastKnownElr.join(','),
      String(p.highWatermark),
      String(p.logEnd),
    ]),
  );
}

/** Fills the table body (text only); the table's section is hidden when the stage does not draw the cluster. */
export function renderPartitionTable(section: HTMLElement, body: HTMLTableSectionElement, scene: Scene): void {
  const cells = partitionTableCells(scene);
  section.hidden = cells.length === 0;
  renderRows(body, cells);
}
