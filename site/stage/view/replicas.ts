/**
 * The cluster on the stage: a box per broker above the topics, and under each partition's tape one
 * lane per replica, in replica order. A replica's bar runs under the offsets its broker holds, so
 * a follower behind its leader ends short of the tape's log end; a bar outside the ISR is dashed,
 * a down broker's is grey with ✕ in its label, the leader's label carries ★, and the part of a log
 * an older leader wrote (to be truncated) is red. The high watermark line, drawn where it differs
 * from the log end, runs down through the lanes: every in-sync bar reaches it.
 *
 * A function of the frame: the scene's replicas and brokers, and this tick's `leader.elected`
 * events, whose new leader's lane is marked for the one frame (a pulse, still under reduced motion).
 */
import { select, type Selection } from 'd3-selection';
import type { SceneReplica, StageEvent } from '../protocol.ts';
import { fadeIn, leaving, moveAttr, setAttr, setText, staying, type Motion } from './motion.ts';
import { slotOfOffset } from './partition-tape.ts';
import { REPLICA_LANE, type BrokerLayout, type PartitionLayout, type StageLayout } from './stage-layout.ts';

type RowSel = Selection<SVGGElement, PartitionLayout, SVGGElement, unknown>;

/** The label left of a replica's lane: ★ for the leader, ✕ for a broker that is down. */
export function replicaLabel(r: SceneReplica): string {
  return `${r.leader ? '★' : ''}b${r.broker}${r.down ? ' ✕' : ''}`;
}

/** A replica's bar classes: in or out of sync, down, eligible (ELR), leader. */
export function replicaClass(r: SceneReplica, elected: boolean): string {
  return ['replica', r.inIsr ? 'in-sync' : 'out-of-sync', r.down ? 'down' : '', r.inElr ? 'elr' : '', r.leader ? 'leader' : '', elected ? 'elected' : '']
    .filter(Boolean)
    .join(' ');
}

/** What a broker box says under its name. */
export function brokerStatus(b: BrokerLayout['broker']): string {
  const state = b.status === 'running' ? (b.fenced ? 'fenced' : b.slow ? 'up, slow' : 'up') : b.status === 'starting' ? 'restarting' : b.status;
  return b.status === 'running' && b.leads > 0 ? `${state} · leads ${b.leads}` : state;
}

/** Draws the broker boxes (none when the stage does not draw the cluster). */
export function drawBrokers(layer: Selection<SVGGElement, unknown, null, undefined>, layout: StageLayout, motion: Motion): void {
  const boxes = layer
    .selectAll<SVGGElement, BrokerLayout>('g.broker')
    .data(layout.brokers, (b) => String(b.id))
    .join(
      (enter) => {
        const g = enter.append('g');
        g.append('rect').attr('rx', 4);
        g.append('text').attr('class', 'broker-name').attr('x', 6).attr('y', 13);
        g.append('text').attr('class', 'broker-status').attr('x', 6).attr('y', 26);
        fadeIn(g, motion);
        return g;
      },
      staying(motion),
      leaving(motion),
    );
  setAttr(boxes, 'class', (b) => `broker ${b.broker.status}${b.broker.fenced ? ' fenced' : ''}${b.broker.slow ? ' slow' : ''}`);
  setAttr(boxes, 'data-broker', (b) => b.id);
  moveAttr(boxes, motion, 'transform', (b) => `translate(${b.x},${b.y})`);
  setAttr(boxes.select('rect'), 'width', (b) => b.width);
  setAttr(boxes.select('rect'), 'height', (b) => b.height);
  setText(boxes.select('text.broker-name'), (b) => `broker ${b.id}${b.broker.status === 'running' ? '' : ' ✕'}`);
  setText(boxes.select('text.broker-status'), (b) => brokerStatus(b.broker));
}

/** Draws each row's replica lanes, and runs its high watermark line down through them. */
export function drawReplicaLanes(rows: RowSel, layout: StageLayout, events: readonly StageEvent[], motion: Motion): void {
  const { cellWidth } = layout.metrics;
  rows.each(function (d) {
    const row = select<SVGGElement, PartitionLayout>(this);
    let lanes = row.select<SVGGElement>('g.replicas');
    if (lanes.empty()) lanes = row.append('g').attr('class', 'replicas');
    const top = d.replicaTop;
    const p = d.partition;
    const elected = new Set(events.filter((e) => e.kind === 'leader.elected' && e.topic === p.topic && e.partition === p.partition).map((e) => e.leader ?? -1));
    const x = (offset: number) => d.tapeX + slotOfOffset(d.cells, Math.min(offset, p.logEnd)) * cellWidth;
    const replicas = top === null ? [] : p.replicas;
    const lane = lanes
      .selectAll<SVGGElement, SceneReplica>('g.replica-lane')
      .data(replicas, (r) => String(r.broker))
      .join(
        (enter) => {
          const g = enter.append('g').attr('class', 'replica-lane');
          g.append('text')
            .attr('class', 'replica-label')
            .attr('x', 0)
            .attr('y', REPLICA_LANE - 3);
          g.append('rect').attr('class', 'bar').attr('y', 2).attr('rx', 2);
          g.append('rect').attr('class', 'diverged').attr('y', 2);
          fadeIn(g, motion);
          return g;
        },
        staying(motion),
        leaving(motion),
      );
    setAttr(lane, 'data-broker', (r) => r.broker);
    setAttr(lane, 'data-log-end', (r) => r.logEnd);
    setAttr(lane, 'class', (r) => `replica-lane ${replicaClass(r, elected.has(r.broker))}`);
    const index = new Map(replicas.map((r, i) => [r.broker, i]));
    moveAttr(lane, motion, 'transform', (r) => `translate(0,${(top ?? 0) + (index.get(r.broker) ?? 0) * REPLICA_LANE})`);
    setText(lane.select('text.replica-label'), replicaLabel);
    const bar = lane.select<SVGRectElement>('rect.bar');
    setAttr(bar, 'x', d.tapeX + 1);
    setAttr(bar, 'height', REPLICA_LANE - 4);
    moveAttr(bar, motion, 'width', (r) => Math.max(0, x(r.logEnd) - d.tapeX - 2));
    const diverged = lane.select<SVGRectElement>('rect.diverged');
    setAttr(diverged, 'height', REPLICA_LANE - 4);
    setAttr(diverged, 'x', (r) => (r.divergesAt === null ? d.tapeX : x(r.divergesAt)));
    // Records past the leader's log end sit in its log end slot.
    setAttr(diverged, 'width', (r) => (r.divergesAt === null ? 0 : Math.max(cellWidth - 2, x(r.logEnd) - x(r.divergesAt) - 2)));
    if (top !== null) {
      const hw = row.select<SVGLineElement>('line.hw');
      setAttr(hw, 'y2', top + replicas.length * REPLICA_LANE);
    }
  });
}
