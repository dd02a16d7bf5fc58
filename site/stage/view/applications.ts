/**
 * The applications around the log: producer boxes (name, records sent and acknowledged), consumer
 * group boxes (name, Kafka's group state, generation) holding one box per member (name, status,
 * what it is doing), and the assignment edges from each tape's end to the member that owns it.
 *
 * A member that is down says so in words ("down") and with a dashed outline, never by colour
 * alone. A crashed consumer's member stays in its group, still owning its partitions, until its
 * session times out: its edges are drawn dashed to the dead box, which is exactly why the group's
 * partitions stall, and they move to other members when the group rebalances.
 */
import { select, type Selection } from 'd3-selection';
import type { TopicPartition } from '../../../engine/index.ts';
import type { SceneGroup, SceneProducer } from '../protocol.ts';
import { fadeIn, leaving, moveAttr, setAttr, setText, staying, type Motion } from './motion.ts';
import { assignmentRoute, pathOf } from './record-marks.ts';
import { findPartition, partitionAddress, partitionName } from './addresses.ts';
import type { GroupLayout, MemberLayout, Point, ProducerLayout, StageLayout } from './stage-layout.ts';

/** Cuts `text` to `chars` characters, ending with "…" when cut. */
export function fitText(text: string, chars: number): string {
  if (text.length <= chars) return text;
  return chars <= 1 ? '…' : `${text.slice(0, chars - 1)}…`;
}

/**
 * The four lines of a producer box: name, records sent, records acknowledged, and what it is doing
 * — or, when records failed, how many, or when acknowledged records were lost (a broker failure),
 * how many (a finished producer's box is also dashed).
 */
export function producerLines(p: SceneProducer, chars: number): [string, string, string, string] {
  const status =
    p.transaction === 'fenced'
      ? 'fenced'
      : p.failed > 0
        ? `failed ${p.failed}`
        : p.lost !== null && p.lost > 0
          ? `lost ${p.lost}`
          : p.status === 'running' && p.transaction !== null
            ? TRANSACTION_WORDS[p.transaction]
            : p.status === 'running'
              ? 'producing'
              : p.status;
  return [fitText(p.name, chars), fitText(`sent ${p.emitted}`, chars), fitText(`acked ${p.acked}`, chars), fitText(status, chars)];
}

/** A transactional producer's state in the fewest words. */
const TRANSACTION_WORDS: Record<NonNullable<SceneProducer['transaction']>, string> = {
  initializing: 'init txn',
  ready: 'no txn',
  'in-transaction': 'in txn',
  committing: 'committing',
  aborting: 'aborting',
  fenced: 'fenced',
};

/** What a member is doing, in a word or two (the second line of its box). */
export function memberActivity(m: Pick<MemberLayout, 'status' | 'stale' | 'consumer'>): string {
  if (m.stale || m.status === 'crashed') return 'down';
  if (m.status === 'stopped') return 'stopped';
  if (m.status === 'stopping') return 'stopping';
  const c = m.consumer;
  if (!c) return 'down';
  switch (c.phase) {
    case 'joining':
      return 'joining';
    case 'fetching':
      return 'fetching';
    case 'committing':
      return 'committing';
    case 'processing':
      return c.processing ? `processing ${partitionName(c.processing.topic, c.processing.partition)}@${c.processing.offset}` : 'processing';
    case 'ready':
      return 'polling';
  }
}

/** `orders 0,2 · payments 1`: the partitions a member owns, by topic. */
export function assignmentSummary(assignment: readonly TopicPartition[]): string {
  if (assignment.length === 0) return 'no partitions';
  const byTopic = new Map<string, number[]>();
  for (const tp of assignment) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
  return [...byTopic].map(([topic, ps]) => `${topic} ${[...ps].sort((a, b) => a - b).join(',')}`).join(' · ');
}

/**
 * The three lines of a member box: its name; what it is doing; what it owns (a member that is
 * down still "holds" what the group assigned it). When "processing orders-0@3" is too long for
 * the box, the record moves to the third line.
 */
export function memberLines(m: Pick<MemberLayout, 'status' | 'stale' | 'consumer' | 'consumerName' | 'assignment'>, chars: number): [string, string, string] {
  const name = fitText(m.consumerName, chars);
  if (m.stale || m.status === 'crashed') {
    const holds = m.assignment.length === 0 ? 'no partitions' : `holds ${assignmentSummary(m.assignment)}`;
    // A leftover member of a crashed incarnation: the group keeps it until its session times out.
    const state = m.stale ? firstThatFits(['old member, expiring', 'old · expiring', 'old'], chars) : 'crashed';
    return [name, state, fitText(holds, chars)];
  }
  const activity = memberActivity(m);
  if (activity.length > chars && activity.startsWith('processing ')) {
    return [name, 'processing', fitText(activity.slice('processing '.length), chars)];
  }
  return [name, fitText(activity, chars), fitText(assignmentSummary(m.assignment), chars)];
}

function firstThatFits(candidates: readonly string[], chars: number): string {
  return candidates.find((c) => c.length <= chars) ?? fitText(candidates[candidates.length - 1] ?? '', chars);
}

/** The lines of a group box's header: name, then state and generation, then the ledger when highlighted. */
export function groupLines(g: SceneGroup, chars: number, ledger: boolean): string[] {
  const members = g.members.length;
  const state = `${g.state} · gen ${g.generation}`;
  const lines = [fitText(`group ${g.id}`, chars), fitText(state.length <= chars ? state : g.state, chars)];
  if (members === 0 && g.state === 'Empty') lines[1] = fitText('Empty · no active members', chars);
  if (ledger) {
    const long = `duplicated ${g.ledger.duplicated} · skipped ${g.ledger.skipped}`;
    lines.push(fitText(long.length <= chars ? long : `dup ${g.ledger.duplicated} · skip ${g.ledger.skipped}`, chars));
  }
  return lines;
}

export interface AssignmentEdge {
  /** `group|orders-0`: one owner per partition in a group, so a new owner moves the same edge. */
  readonly key: string;
  readonly group: string;
  readonly partition: string;
  readonly consumer: string;
  readonly colour: number;
  readonly down: boolean;
  readonly points: readonly Point[];
}

/** One edge per (group, partition owned by a member), from the tape's end to the member's box. */
export function assignmentEdges(layout: StageLayout): AssignmentEdge[] {
  const edges: AssignmentEdge[] = [];
  const seen = new Map<string, number>();
  for (const g of layout.groups) {
    for (const m of g.members) {
      for (const tp of m.assignment) {
        const row = findPartition(layout, partitionAddress(tp.topic, tp.partition));
        if (!row) continue;
        // Keyed by group and partition, so an edge swings to the new owner when the group rebalances.
        const base = `${g.id}|${row.name}`;
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        edges.push({
          key: n === 0 ? base : `${base}#${n}`,
          group: g.id,
          partition: row.name,
          consumer: m.consumerName,
          colour: g.colour,
          down: m.stale || m.status === 'crashed',
          points: assignmentRoute(layout, row, m.port, g.colour),
        });
      }
    }
  }
  return edges;
}

// ---------------------------------------------------------------------------------------------
// The D3 joins.

type Layer = Selection<SVGGElement, unknown, null, undefined>;

function charsFor(width: number, charWidth: number): number {
  return Math.max(4, Math.floor((width - 12) / charWidth));
}

/** Draws the producer boxes. */
export function drawProducers(layer: Layer, layout: StageLayout, motion: Motion): void {
  const { nameCharWidth, charWidth } = layout.metrics;
  const producers = layer
    .selectAll<SVGGElement, ProducerLayout>('g.producer')
    .data(layout.producers, (p) => p.name)
    .join(
      (enter) => {
        const g = enter.append('g').attr('transform', (p) => `translate(${p.x},${p.y})`);
        g.append('rect').attr('class', 'box').attr('rx', 5);
        for (const [cls, y] of [
          ['name', 16],
          ['sent', 31],
          ['acked', 45],
          ['status', 59],
        ] as const)
          g.append('text').attr('class', cls).attr('x', 6).attr('y', y);
        fadeIn(g, motion);
        return g;
      },
      staying(motion),
      leaving(motion),
    );
  setAttr(producers, 'class', (p) =>
    p.producer.transaction === 'fenced' ? 'producer fenced' : p.producer.status === 'running' ? 'producer' : 'producer done',
  );
  setAttr(producers, 'data-producer', (p) => p.name);
  setAttr(producers, 'data-status', (p) => p.producer.status);
  moveAttr(producers, motion, 'transform', (p) => `translate(${p.x},${p.y})`);
  setAttr(producers.select('rect.box'), 'width', (p) => p.width);
  setAttr(producers.select('rect.box'), 'height', (p) => p.height);
  const lines = (p: ProducerLayout) => producerLines(p.producer, charsFor(p.width, charWidth));
  setText(producers.select('text.name'), (p) => fitText(lines(p)[0], charsFor(p.width, nameCharWidth)));
  setText(producers.select('text.sent'), (p) => lines(p)[1]);
  setText(producers.select('text.acked'), (p) => lines(p)[2]);
  setText(producers.select('text.status'), (p) => lines(p)[3]);
}

/** Draws group boxes with their member boxes. */
export function drawGroups(layer: Layer, layout: StageLayout, motion: Motion): void {
  const { nameCharWidth, charWidth } = layout.metrics;
  const groups = layer
    .selectAll<SVGGElement, GroupLayout>('g.group')
    .data(layout.groups, (g) => g.id)
    .join(
      (enter) => {
        const g = enter.append('g').attr('transform', (d) => `translate(${d.x},${d.y})`);
        g.append('rect').attr('class', 'box').attr('rx', 6);
        g.append('text').attr('class', 'name').attr('x', 8).attr('y', 15);
        g.append('text').attr('class', 'state').attr('x', 8).attr('y', 29);
        g.append('text').attr('class', 'ledger-line').attr('x', 8).attr('y', 43);
        g.append('g').attr('class', 'members');
        fadeIn(g, motion);
        return g;
      },
      staying(motion),
      leaving(motion),
    );
  setAttr(groups, 'class', (d) => `group grp-${d.colour}`);
  setAttr(groups, 'data-group', (d) => d.id);
  setAttr(groups, 'data-state', (d) => d.group.state);
  moveAttr(groups, motion, 'transform', (d) => `translate(${d.x},${d.y})`);
  setAttr(groups.select('rect.box'), 'width', (d) => d.width);
  moveAttr(groups.select('rect.box'), motion, 'height', (d) => d.height);
  const lines = (d: GroupLayout) => groupLines(d.group, charsFor(d.width, charWidth), layout.ledgerGroup === d.id);
  setText(groups.select('text.name'), (d) => fitText(lines(d)[0] ?? '', charsFor(d.width, nameCharWidth)));
  setText(groups.select('text.state'), (d) => lines(d)[1] ?? '');
  setText(groups.select('text.ledger-line'), (d) => lines(d)[2] ?? '');
  groups.each(function (d) {
    drawMembers(select<SVGGElement, GroupLayout>(this).select<SVGGElement>('g.members'), d, layout, motion);
  });
}

function drawMembers(layer: Selection<SVGGElement, GroupLayout, null, undefined>, group: GroupLayout, layout: StageLayout, motion: Motion): void {
  const { nameCharWidth, charWidth } = layout.metrics;
  const members = layer
    .selectAll<SVGGElement, MemberLayout>('g.member')
    .data(group.members, (m) => m.key)
    .join(
      (enter) => {
        const g = enter.append('g').attr('transform', (m) => `translate(${m.x - group.x},${m.y - group.y})`);
        g.append('rect').attr('class', 'box').attr('rx', 4);
        g.append('text').attr('class', 'name').attr('x', 6).attr('y', 15);
        g.append('text').attr('class', 'status-badge').attr('y', 15).attr('text-anchor', 'end');
        g.append('text').attr('class', 'activity').attr('x', 6).attr('y', 30);
        g.append('text').attr('class', 'owns').attr('x', 6).attr('y', 44);
        fadeIn(g, motion);
        return g;
      },
      staying(motion),
      leaving(motion),
    );
  setAttr(members, 'class', (m) => `member${isDown(m) ? ' down' : ''}${m.status === 'stopped' ? ' stopped' : ''}`);
  setAttr(members, 'data-consumer', (m) => m.consumerName);
  setAttr(members, 'data-member-id', (m) => m.memberId ?? '');
  setAttr(members, 'data-status', (m) => m.status);
  setAttr(members, 'data-activity', (m) => memberActivity(m));
  moveAttr(members, motion, 'transform', (m) => `translate(${m.x - group.x},${m.y - group.y})`);
  setAttr(members.select('rect.box'), 'width', (m) => m.width);
  setAttr(members.select('rect.box'), 'height', (m) => m.height);
  const badge = (m: MemberLayout) => (isDown(m) ? '✕ down' : '');
  const lines = (m: MemberLayout) => memberLines(m, charsFor(m.width, charWidth));
  setText(members.select('text.name'), (m) => fitText(lines(m)[0], charsFor(m.width - (badge(m) ? badge(m).length * charWidth + 6 : 0), nameCharWidth)));
  setAttr(members.select('text.status-badge'), 'x', (m) => m.width - 6);
  setText(members.select('text.status-badge'), badge);
  setText(members.select('text.activity'), (m) => lines(m)[1]);
  setText(members.select('text.owns'), (m) => lines(m)[2]);
}

function isDown(m: MemberLayout): boolean {
  return m.stale || m.status === 'crashed';
}

/** Draws the assignment edges (under everything else). */
export function drawAssignmentEdges(layer: Layer, layout: StageLayout, motion: Motion): void {
  const edges = layer
    .selectAll<SVGPathElement, AssignmentEdge>('path.assignment')
    .data(assignmentEdges(layout), (e) => e.key)
    .join(
      (enter) => {
        const p = enter.append('path').attr('d', (e) => pathOf(e.points));
        fadeIn(p, motion);
        return p;
      },
      staying(motion),
      leaving(motion),
    );
  setAttr(edges, 'class', (e) => `assignment grp-${e.colour}${e.down ? ' down' : ''}`);
  setAttr(edges, 'data-group', (e) => e.group);
  setAttr(edges, 'data-partition', (e) => e.partition);
  setAttr(edges, 'data-consumer', (e) => e.consumer);
  moveAttr(edges, motion, 'd', (e) => pathOf(e.points));
}
