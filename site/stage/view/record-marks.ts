/**
 * Records on the move and records singled out. Each message on the simulated network is a mark
 * travelling its path (produce requests producer → partition, fetch answers partition → consumer
 * with one dot per record, commits consumer → group); the record a member is processing is ringed
 * on its tape; a highlighted group's ledger puts ×N under its duplicated records and ×0 under the
 * ones it skipped.
 *
 * Where a mark is: a message that arrives at tick a, drawn in the frame of tick t, has done
 * 1/(1 + (a − t)) of its path. It is halfway when it arrives next tick, and each frame closes part
 * of the remaining distance, so a mark never jumps back and always lands on the tick it arrives.
 */
import { select, type Selection } from 'd3-selection';
import type { Scene, SceneMessage } from '../protocol.ts';
import { fadeIn, leaving, retire, revive, setAttr, setText, staying, type Motion } from './motion.ts';
import { slotOfRecord } from './partition-tape.ts';
import { findMember, findPartition, partitionAddress, portOf, splitAddress } from './addresses.ts';
import type { PartitionLayout, Point, StageLayout } from './stage-layout.ts';

/** At most this many dots per message; beyond it, a count says how many records it carries. */
export const MAX_DOTS = 8;

/** The fraction of its path a message arriving at `arriveTick` has travelled in the frame of `tick`. */
export function messageProgress(arriveTick: number, tick: number): number {
  const remaining = arriveTick - tick;
  return remaining <= 0 ? 1 : 1 / (1 + remaining);
}

/** Samples a cubic Bézier leaving `a` along `da` and reaching `b` along `db` (unit directions). */
export function curve(a: Point, b: Point, da: Point, db: Point, segments = 12): Point[] {
  const reach = Math.max(16, Math.min(80, Math.hypot(b.x - a.x, b.y - a.y) * 0.45));
  const c1 = { x: a.x + da.x * reach, y: a.y + da.y * reach };
  const c2 = { x: b.x - db.x * reach, y: b.y - db.y * reach };
  const points: Point[] = [];
  for (let i = 0; i <= segments; i++) {
    const t = i / segments;
    const u = 1 - t;
    points.push({
      x: round(u * u * u * a.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * b.x),
      y: round(u * u * u * a.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * b.y),
    });
  }
  return points;
}

/** Cumulative lengths of each polyline (routes are shared between marks and frames, so computed once). */
const lengths = new WeakMap<readonly Point[], number[]>();

function cumulative(points: readonly Point[]): number[] {
  let acc = lengths.get(points);
  if (acc) return acc;
  acc = [0];
  for (let i = 1; i < points.length; i++) acc.push((acc[i - 1] as number) + dist(points[i - 1] as Point, points[i] as Point));
  lengths.set(points, acc);
  return acc;
}

/** The point `fraction` of the way along a polyline, by length. */
export function pointAlong(points: readonly Point[], fraction: number): Point {
  const first = points[0];
  if (!first) return { x: 0, y: 0 };
  const acc = cumulative(points);
  const total = acc[acc.length - 1] as number;
  const target = Math.min(1, Math.max(0, fraction)) * total;
  for (let i = 1; i < points.length; i++) {
    const end = acc[i] as number;
    if (target > end) continue;
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    const d = end - (acc[i - 1] as number);
    if (d === 0) return a;
    const t = (target - (acc[i - 1] as number)) / d;
    return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
  }
  return points[points.length - 1] as Point;
}

/** An SVG path through the points. */
export function pathOf(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join('');
}

/**
 * The path a message travels, source first, or null when an end is not on the stage. Produce
 * requests go to the partition (the left end of its tape: the broker appends them at the log end);
 * fetch answers leave from the log end side, along the assignment edge. Wide: curves between the
 * columns. Stacked: runs down the left gutter to the tapes and down the right gutter to the
 * consumers, so no path crosses a tape.
 */
export function messageRoute(layout: StageLayout, from: string, to: string): Point[] | null {
  // A fetch with no partition in it (an empty answer) is addressed to the broker, which the stage
  // does not draw: it travels to or from the tapes the consumer reads.
  if (from.startsWith('broker:')) return brokerRoute(layout, to)?.reverse() ?? null;
  if (to.startsWith('broker:')) return brokerRoute(layout, from);
  const [fromKind] = splitAddress(from);
  const [toKind] = splitAddress(to);
  if ((fromKind === 'partition' && toKind === 'producer') || (fromKind === 'consumer' && (toKind === 'partition' || toKind === 'group'))) {
    const route = messageRoute(layout, to, from);
    return route && route.reverse();
  }
  if (fromKind === 'producer' && toKind === 'partition') return produceRoute(layout, from, to);
  if (fromKind === 'partition' && toKind === 'consumer') {
    const row = findPartition(layout, from);
    const member = findMember(layout, splitAddress(to)[1]);
    return row && member ? assignmentRoute(layout, row, member.port, colourOf(layout, member.group)) : null;
  }
  if (fromKind === 'group' && toKind === 'consumer') {
    const group = layout.groups.find((g) => g.id === splitAddress(from)[1]);
    const member = findMember(layout, splitAddress(to)[1]);
    if (!group || !member) return null;
    const side = { x: member.x, y: member.y + member.height / 2 };
    return [group.port, { x: group.port.x, y: side.y }, side];
  }
  const a = portOf(layout, from, to);
  const b = portOf(layout, to, from);
  return a && b ? [a, b] : null;
}

/** From a client to the broker: to the first partition it owns, else to the edge of the topics column. */
function brokerRoute(layout: StageLayout, client: string): Point[] | null {
  const [kind, name] = splitAddress(client);
  if (kind === 'consumer') {
    const member = findMember(layout, name);
    const owned = member?.assignment[0];
    if (member && owned) return messageRoute(layout, client, partitionAddress(owned.topic, owned.partition));
    const topic = layout.topics[0];
    if (!member || !topic) return null;
    const edge = layout.mode === 'wide' ? { x: topic.x + topic.width, y: member.port.y } : { x: member.port.x, y: member.port.y - 16 };
    return [member.port, edge];
  }
  if (kind === 'producer') {
    const producer = layout.producers.find((p) => p.name === name);
    const row = layout.topics[0]?.partitions[0];
    return producer && row ? messageRoute(layout, client, row.address) : null;
  }
  return null;
}

function produceRoute(layout: StageLayout, from: string, to: string): Point[] | null {
  const row = findPartition(layout, to);
  const start = portOf(layout, from, to);
  if (!row || !start) return null;
  if (layout.mode === 'wide') return curve(start, row.inPort, { x: 1, y: 0 }, { x: 1, y: 0 });
  const below = start.y + 8;
  return [start, { x: start.x, y: below }, { x: layout.gutters.left, y: below }, { x: layout.gutters.left, y: row.inPort.y }, row.inPort];
}

/** From a tape's end to a member: the path of fetch answers and of the assignment edge. */
export function assignmentRoute(layout: StageLayout, row: PartitionLayout, port: Point, colour: number): Point[] {
  // Each group leaves the tape a little apart from the others, so their edges do not merge.
  const start = { x: row.outPort.x, y: row.outPort.y + (colour % 4) * 3 - 4.5 };
  if (layout.mode === 'wide') return curve(start, port, { x: 1, y: 0 }, { x: 1, y: 0 });
  const x = layout.gutters.right - (colour % 4) * 3;
  return [start, { x, y: start.y }, { x, y: port.y - 4 }, { x: port.x, y: port.y - 4 }, port];
}

function colourOf(layout: StageLayout, group: string): number {
  return layout.groups.find((g) => g.id === group)?.colour ?? 0;
}

export interface MarkShape {
  /** Dot centres relative to the mark's position. */
  readonly dots: readonly Point[];
  /** The record count over the dots when they do not show them all, else null. */
  readonly label: string | null;
}

/** The dots of a message carrying `records` records: a row of up to MAX_DOTS, a count beyond that. */
export function markDots(records: number): MarkShape {
  const n = Math.min(MAX_DOTS, Math.max(0, records));
  const spacing = 6;
  const dots = Array.from({ length: n }, (_, i) => ({ x: round((i - (n - 1) / 2) * spacing), y: 0 }));
  return { dots, label: records > MAX_DOTS ? String(records) : null };
}

export interface MessageMark {
  readonly id: string;
  readonly kind: SceneMessage['kind'];
  readonly records: number;
  readonly route: readonly Point[];
  readonly fraction: number;
}

/** The marks of a frame: every message with both ends on the stage, where it is along its path. */
export function messageMarks(scene: Scene, layout: StageLayout): MessageMark[] {
  const marks: MessageMark[] = [];
  // Many messages share their two ends: one route per (from, to, side).
  const routes = new Map<string, Point[] | null>();
  for (const m of scene.messages) {
    // Requests and their answers share a path: each keeps to its own side of it.
    const side = m.kind.endsWith('-response') ? 2.5 : -2.5;
    const key = `${m.from}|${m.to}|${side}`;
    let route = routes.get(key);
    if (route === undefined) {
      route = messageRoute(layout, m.from, m.to)?.map((p) => ({ x: p.x + side, y: p.y + side })) ?? null;
      routes.set(key, route);
    }
    if (!route) continue;
    marks.push({ id: m.id, kind: m.kind, records: m.records, route, fraction: messageProgress(m.arriveTick, scene.tick) });
  }
  return marks;
}

// ---------------------------------------------------------------------------------------------
// The D3 joins.

interface Travel {
  route: readonly Point[];
  fraction: number;
}
/** Where each mark is now, so the next frame moves it on from there (even mid-transition). */
const travels = new WeakMap<Element, Travel>();

interface Move {
  readonly node: SVGGElement;
  readonly route: readonly Point[];
  readonly from: number;
  readonly to: number;
  readonly arriving: boolean;
}

function translate(p: Point): string {
  return `translate(${round(p.x)},${round(p.y)})`;
}

/**
 * Draws the in-flight messages of the frame into `layer`. A new mark starts at its source; a mark
 * whose message arrived goes on to its destination and fades. All marks move in one tween of the
 * frame's transition (hundreds of marks, one timer callback per animation frame).
 */
export function drawMessages(layer: Selection<SVGGElement, unknown, null, undefined>, scene: Scene, layout: StageLayout, motion: Motion): void {
  const moves: Move[] = [];
  const marks = layer
    .selectAll<SVGGElement, MessageMark>('g.message')
    .data(messageMarks(scene, layout), (m) => m.id)
    .join(
      (enter) =>
        enter
          .append('g')
          .attr('class', (m) => `message ${m.kind}`)
          .attr('data-message', (m) => m.id)
          .attr('data-kind', (m) => m.kind)
          .each(function (m) {
            drawMarkShape(this, m);
            travels.set(this, { route: m.route, fraction: 0 });
          }),
      (update) => update,
      (exit) =>
        exit.each(function () {
          if (motion.root === null || !travels.has(this)) this.remove();
          else retire(this);
        }),
    );
  // Marks whose message arrived (now, or in a frame whose tween was cut short): carried the rest of the way.
  layer.selectAll<SVGGElement, unknown>('g.gone-message').each(function () {
    const t = travels.get(this);
    if (motion.root === null || !t) this.remove();
    else moves.push({ node: this, route: t.route, from: t.fraction, to: 1, arriving: true });
  });
  marks.each(function (m) {
    if (this.classList.contains('exiting')) {
      revive(this);
      this.style.opacity = '';
    }
    const from = travels.get(this)?.fraction ?? 0;
    moves.push({ node: this, route: m.route, from: motion.root === null ? m.fraction : from, to: m.fraction, arriving: false });
  });
  if (motion.root === null) {
    for (const move of moves) place(move, 1);
    return;
  }
  for (const move of moves) place(move, 0);
  layer
    .transition(motion.root)
    .tween('travel', () => (k: number) => {
      for (const move of moves) place(move, k);
    })
    .on('end', () => {
      for (const move of moves) if (move.arriving) move.node.remove();
    });
}

/** Puts a mark at progress k ∈ [0, 1] of its move; an arriving mark fades over the last 40%. */
function place(move: Move, k: number): void {
  const fraction = move.from + (move.to - move.from) * k;
  const travel = travels.get(move.node);
  if (travel) {
    travel.route = move.route;
    travel.fraction = fraction;
  } else {
    travels.set(move.node, { route: move.route, fraction });
  }
  const p = pointAlong(move.route, fraction);
  // The transform's own matrix, not a new attribute string: nothing to parse, 60 times a second.
  const list = move.node.transform.baseVal;
  const item = list.numberOfItems === 1 ? list.getItem(0) : null;
  if (item && item.type === SVGTransform.SVG_TRANSFORM_TRANSLATE) item.setTranslate(round(p.x), round(p.y));
  else move.node.setAttribute('transform', translate(p));
  if (move.arriving) move.node.style.opacity = String(k < 0.6 ? 1 : (1 - k) / 0.4);
}

function drawMarkShape(node: SVGGElement, m: MessageMark): void {
  const g = select(node);
  if (m.records > 0) {
    const shape = markDots(m.records);
    for (const d of shape.dots) g.append('circle').attr('class', 'dot').attr('cx', d.x).attr('cy', d.y).attr('r', 2.6);
    if (shape.label !== null) g.append('text').attr('class', 'count').attr('y', -6).text(shape.label);
    return;
  }
  // Messages without records: a shape per role, so colour is never the only difference.
  // A commit, or a transactional producer's request to its coordinator: a diamond.
  if (m.kind === 'commit' || m.kind === 'txn-request') g.append('path').attr('class', 'token').attr('d', 'M0,-4.5l4.5,4.5l-4.5,4.5l-4.5,-4.5z');
  else if (m.kind.endsWith('-response')) g.append('rect').attr('class', 'token').attr('x', -3).attr('y', -3).attr('width', 6).attr('height', 6);
  else g.append('circle').attr('class', 'token').attr('r', 3);
}

export interface LedgerBadge {
  readonly offset: number;
  readonly x: number;
  readonly text: string;
  readonly kind: 'duplicated' | 'skipped';
}

/** The ×N marks of the highlighted ledger on one row, under the cells that are drawn. */
export function ledgerBadges(row: PartitionLayout, cellWidth: number): LedgerBadge[] {
  const out: LedgerBadge[] = [];
  for (const m of row.ledgerMarks) {
    const slot = slotOfRecord(row.cells, m.offset);
    if (slot === null) continue;
    out.push({ offset: m.offset, x: row.tapeX + (slot + 0.5) * cellWidth, text: `×${m.times}`, kind: m.kind });
  }
  return out;
}

/** The processing ring and the ledger lane of every row. */
export function drawRecordHighlights(rows: Selection<SVGGElement, PartitionLayout, SVGGElement, unknown>, layout: StageLayout, motion: Motion): void {
  const { cellWidth, cellHeight, laneHeight } = layout.metrics;
  rows.each(function (row) {
    const g = select(this);
    const rings = row.processing.flatMap((offset) => {
      const slot = slotOfRecord(row.cells, offset);
      return slot === null ? [] : [{ offset, x: row.tapeX + slot * cellWidth }];
    });
    const ringSel = g
      .selectAll<SVGRectElement, { offset: number; x: number }>('rect.processing-ring')
      .data(rings, (r) => String(r.offset))
      .join((enter) => enter.append('rect').attr('class', 'processing-ring').attr('rx', 3));
    setAttr(ringSel, 'data-offset-ring', (r) => r.offset);
    setAttr(ringSel, 'x', (r) => r.x - 1);
    setAttr(ringSel, 'y', row.tapeY - 2);
    setAttr(ringSel, 'width', cellWidth + 2);
    setAttr(ringSel, 'height', cellHeight + 4);
    const badges = row.ledgerTop === null ? [] : ledgerBadges(row, cellWidth);
    const badgeSel = g
      .selectAll<SVGTextElement, LedgerBadge>('text.ledger-badge')
      .data(badges, (b) => String(b.offset))
      .join(
        (enter) => {
          const t = enter.append('text');
          fadeIn(t, motion);
          return t;
        },
        staying(motion),
        leaving(motion),
      );
    setAttr(badgeSel, 'class', (b) => `ledger-badge ${b.kind}`);
    setAttr(badgeSel, 'data-offset-mark', (b) => b.offset);
    setAttr(badgeSel, 'x', (b) => b.x);
    setAttr(badgeSel, 'y', (row.ledgerTop ?? 0) + laneHeight - 3);
    setText(badgeSel, (b) => b.text);
  });
}

function dist(a: Point, b: Point): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
