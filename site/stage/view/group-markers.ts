/**
 * What each consumer group knows about a partition, drawn on its tape: the committed offset as a
 * flag above the tape (in the group's own lane, so several groups never overlap), each member's
 * position as a caret below it, and the lag (log end − committed, as kafka-consumer-groups
 * computes it) as a number right of the tape and a bar from the committed marker to the log end.
 *
 * Both markers stand on a cell boundary: an offset in Kafka names the *next* record to read, so
 * everything left of the committed marker is done as far as the group is concerned.
 */
import { select, type Selection } from 'd3-selection';
import type { Scene } from '../protocol.ts';
import { fadeIn, leaving, moveAttr, setAttr, setText, staying, type Motion } from './motion.ts';
import { slotOfOffset } from './partition-tape.ts';
import type { PartitionLayout, StageLayout } from './stage-layout.ts';

export interface CommittedMarker {
  readonly group: string;
  readonly offset: number;
  readonly colour: number;
  /** Row-local x of the boundary left of `offset`. */
  readonly x: number;
  /** Top of the group's lane. */
  readonly laneY: number;
  readonly label: string;
  readonly labelSide: 'left' | 'right';
  /** The lag bar runs from x to the log end's boundary. */
  readonly lagToX: number;
}

export interface PositionCursor {
  readonly consumer: string;
  readonly group: string;
  readonly offset: number;
  readonly colour: number;
  readonly x: number;
  readonly laneY: number;
  readonly label: string;
  readonly labelSide: 'left' | 'right';
}

export interface LagLabel {
  readonly group: string;
  /** Row-local x: just right of the log end slot, or of the committed marker's label when that reaches further. */
  readonly x: number;
  readonly colour: number;
  /** Log end − committed; null when the group owns or reads the partition but committed nothing (Kafka prints `-`). */
  readonly lag: number | null;
  readonly laneY: number;
}

export interface PartitionMarkers {
  readonly committed: readonly CommittedMarker[];
  readonly positions: readonly PositionCursor[];
  readonly lags: readonly LagLabel[];
}

/** The markers of one partition row: pure, from the scene and the row's layout. */
export function partitionMarkers(scene: Scene, row: PartitionLayout, layout: StageLayout): PartitionMarkers {
  const { cellWidth, charWidth, laneHeight } = layout.metrics;
  const topic = row.topic;
  const partition = row.partition.partition;
  const xOf = (offset: number) => row.tapeX + slotOfOffset(row.cells, offset) * cellWidth;
  const colourOf = (group: string) => layout.groups.find((g) => g.id === group)?.colour ?? 0;
  const endX = xOf(row.partition.logEnd);
  const endRight = endX + cellWidth + 6;
  const width = (label: string) => label.length * charWidth;
  // A label goes right of its marker when it ends before `limit`, else left when there is room, else right.
  const side = (x: number, label: string, limit: number): 'left' | 'right' => (x + 5 + width(label) <= limit || x - 5 - width(label) < 0 ? 'right' : 'left');

  const committed: CommittedMarker[] = [];
  const lags: LagLabel[] = [];
  row.lanes.forEach((group, lane) => {
    const g = scene.groups.find((s) => s.id === group);
    const c = g?.committed.find((o) => o.topic === topic && o.partition === partition);
    const laneY = row.laneTop + lane * laneHeight;
    if (c) {
      const x = xOf(c.offset);
      const label = `${group} ${c.offset}`;
      const labelSide = side(x, label, endX - 2);
      committed.push({ group, offset: c.offset, colour: colourOf(group), x, laneY, label, labelSide, lagToX: endX });
      const lagX = labelSide === 'right' ? Math.max(endRight, x + 5 + width(label) + 8) : endRight;
      lags.push({ group, x: lagX, colour: colourOf(group), lag: row.partition.logEnd - c.offset, laneY });
    } else if (ownsOrReads(scene, group, topic, partition)) {
      lags.push({ group, x: endRight, colour: colourOf(group), lag: null, laneY });
    }
  });

  const positions: PositionCursor[] = [];
  for (const consumer of scene.consumers) {
    const lane = row.lanes.indexOf(consumer.group);
    if (lane === -1) continue;
    for (const p of consumer.positions) {
      if (p.topic !== topic || p.partition !== partition) continue;
      const x = xOf(p.offset);
      const label = `${consumer.name} ${p.offset}`;
      const labelSide = side(x, label, row.width);
      positions.push({
        consumer: consumer.name,
        group: consumer.group,
        offset: p.offset,
        colour: colourOf(consumer.group),
        x,
        laneY: row.cursorTop + lane * laneHeight,
        label,
        labelSide,
      });
    }
  }
  return { committed, positions, lags };
}

function ownsOrReads(scene: Scene, group: string, topic: string, partition: number): boolean {
  const on = (o: { readonly topic: string; readonly partition: number }) => o.topic === topic && o.partition === partition;
  const g = scene.groups.find((s) => s.id === group);
  if (g?.members.some((m) => m.assignment.some(on))) return true;
  return scene.consumers.some((c) => c.group === group && c.positions.some(on));
}

// ---------------------------------------------------------------------------------------------
// The D3 join, into each row's g.markers.

type Parent = Selection<SVGGElement, PartitionLayout, SVGGElement, unknown>;

/** Draws committed markers, cursors and lag numbers into every partition row. */
export function drawGroupMarkers(rows: Parent, scene: Scene, layout: StageLayout, motion: Motion): void {
  const { cellHeight, laneHeight } = layout.metrics;
  rows.each(function (row) {
    const markers = partitionMarkers(scene, row, layout);
    const layer = select(this).select<SVGGElement>('g.markers');
    const tapeBottom = row.tapeY + cellHeight;

    const committed = layer
      .selectAll<SVGGElement, CommittedMarker>('g.committed')
      .data(markers.committed, (m) => m.group)
      .join(
        (enter) => {
          const g = enter.append('g').attr('transform', (m) => `translate(${m.x},0)`);
          g.append('rect').attr('class', 'lag-bar').attr('height', 3);
          g.append('line').attr('class', 'stem').attr('x1', 0).attr('x2', 0);
          g.append('path').attr('class', 'flag');
          g.append('text').attr('class', 'marker-label');
          fadeIn(g, motion);
          return g;
        },
        staying(motion),
        leaving(motion),
      );
    setAttr(committed, 'class', (m) => `committed grp-${m.colour}`);
    setAttr(committed, 'data-group', (m) => m.group);
    setAttr(committed, 'data-partition', row.name);
    setAttr(committed, 'data-offset', (m) => m.offset);
    // A stem crosses the lanes below its own: drawn first, under their labels.
    if (markers.committed.length > 1) committed.sort((a, b) => a.laneY - b.laneY);
    moveAttr(committed, motion, 'transform', (m) => `translate(${m.x},0)`);
    const bars = committed.select('rect.lag-bar');
    setAttr(bars, 'y', (m) => m.laneY + laneHeight - 3);
    moveAttr(bars, motion, 'width', (m) => Math.max(0, m.lagToX - m.x));
    const stems = committed.select('line.stem');
    setAttr(stems, 'y1', (m) => m.laneY + 2);
    setAttr(stems, 'y2', tapeBottom + 1);
    // A pennant pointing down at the boundary: the group's committed offset.
    setAttr(committed.select('path.flag'), 'd', (m) => `M-4,${m.laneY + laneHeight - 6}h8l-4,5z`);
    const labels = committed.select('text.marker-label');
    setAttr(labels, 'x', (m) => (m.labelSide === 'right' ? 5 : -5));
    setAttr(labels, 'y', (m) => m.laneY + laneHeight - 4);
    setAttr(labels, 'text-anchor', (m) => (m.labelSide === 'right' ? 'start' : 'end'));
    setText(labels, (m) => m.label);

    const positions = layer
      .selectAll<SVGGElement, PositionCursor>('g.position')
      .data(markers.positions, (m) => m.consumer)
      .join(
        (enter) => {
          const g = enter.append('g').attr('transform', (m) => `translate(${m.x},0)`);
          g.append('line').attr('class', 'stem').attr('x1', 0).attr('x2', 0);
          g.append('path').attr('class', 'caret');
          g.append('text').attr('class', 'marker-label');
          fadeIn(g, motion);
          return g;
        },
        staying(motion),
        leaving(motion),
      );
    setAttr(positions, 'class', (m) => `position grp-${m.colour}`);
    setAttr(positions, 'data-consumer', (m) => m.consumer);
    setAttr(positions, 'data-group', (m) => m.group);
    setAttr(positions, 'data-partition', row.name);
    setAttr(positions, 'data-offset', (m) => m.offset);
    // A cursor's stem crosses the lanes above its own: drawn first, under their labels.
    if (markers.positions.length > 1) positions.sort((a, b) => b.laneY - a.laneY);
    moveAttr(positions, motion, 'transform', (m) => `translate(${m.x},0)`);
    const cursorStems = positions.select('line.stem');
    setAttr(cursorStems, 'y1', row.tapeY - 1);
    setAttr(cursorStems, 'y2', (m) => m.laneY + 4);
    // A caret pointing up at the boundary: the member's position (next offset to fetch).
    setAttr(positions.select('path.caret'), 'd', (m) => `M0,${m.laneY + 1}l4,5h-8z`);
    const cursorLabels = positions.select('text.marker-label');
    setAttr(cursorLabels, 'x', (m) => (m.labelSide === 'right' ? 6 : -6));
    setAttr(cursorLabels, 'y', (m) => m.laneY + laneHeight - 3);
    setAttr(cursorLabels, 'text-anchor', (m) => (m.labelSide === 'right' ? 'start' : 'end'));
    setText(cursorLabels, (m) => m.label);

    const lags = layer
      .selectAll<SVGGElement, LagLabel>('g.lag-label')
      .data(markers.lags, (m) => m.group)
      .join((enter) => {
        const g = enter.append('g');
        g.append('text').attr('class', 'lag-word').text('lag');
        g.append('text').attr('class', 'lag-value').attr('x', 22);
        return g;
      });
    setAttr(lags, 'class', (m) => `lag-label grp-${m.colour}`);
    moveAttr(lags, motion, 'transform', (m) => `translate(${m.x},${m.laneY + laneHeight - 4})`);
    const values = lags.select('text.lag-value');
    setAttr(values, 'class', (m) => (m.lag === null ? 'lag-value lag-none' : 'lag-value lag'));
    setAttr(values, 'data-group', (m) => m.group);
    setAttr(values, 'data-partition', row.name);
    setText(values, (m) => (m.lag === null ? '-' : String(m.lag)));
  });
}
