/**
 * Where everything on the stage goes, as plain numbers: boxes for producers, partition rows for
 * topics, boxes for groups and their members, and the points messages travel between.
 *
 * Two arrangements. Wide (≥ WIDE_MIN_WIDTH px): producers on the left, topics in the middle,
 * consumer groups on the right, the way data flows. Stacked (narrower, down to a 390 px phone):
 * a row of producers, then the topics at full width, then the groups. The SVG is drawn at 1:1 with
 * the container, so text sizes here are CSS pixels and never fall below 11 px.
 *
 * A partition row, top to bottom: its label; one lane per group reading the topic (the committed
 * marker, the lag bar); the tape; when a group's ledger is highlighted, a lane of ×N marks; one
 * lane per group again (its member's position cursor). Every partition of a topic has the
 * same lanes in the same order, so a group's marks line up down the topic.
 *
 * A cluster (more than one broker, or a broker down) adds a row of broker boxes above the topics,
 * and under each tape one lane per replica: a bar as long as that broker's log, under the same
 * offsets, labelled in a gutter left of the tape (see replicas.ts).
 */
import type { ConsumerStatus, TopicPartition } from '../../../engine/index.ts';
import type { Scene, SceneBroker, SceneConsumer, SceneGroup, ScenePartition, SceneProducer } from '../protocol.ts';
import { partitionAddress, partitionName } from './addresses.ts';
import { showsCluster } from '../cluster.ts';
import { LEGEND_LINE_HEIGHT, legendLines } from './legend.ts';
import { allGroups, groupMembers, readsTopic } from './members.ts';
import { cellWidthFor, METRICS, type Metrics } from './metrics.ts';
import { NOTE_LINE_HEIGHT, omittedNoteLines } from './omitted-note.ts';
import { ledgerOffsets, tapeCells, type TapeCells } from './partition-tape.ts';

/** Below this width the stage stacks its three columns. */
export const WIDE_MIN_WIDTH = 500;
/** The narrowest drawing (a 320 px phone's content column); a narrower container gets this width. */
export const MIN_WIDTH = 280;

export { METRICS, type Metrics } from './metrics.ts';

const PAD = 8;
const TOPIC_LABEL_HEIGHT = 20;
const ROW_LABEL_HEIGHT = 16;
const ROW_GAP = 10;
const TOPIC_GAP = 8;
/** Right of the tape: room for "lag 1234". */
export const LAG_MARGIN = 44;
const PRODUCER_HEIGHT = 66;
const MEMBER_HEIGHT = 50;
const MEMBER_GAP = 6;
const GROUP_HEADER = 38;
const GROUP_GAP = 12;
const BOX_GAP = 8;
/** A broker box, and the gap under the row of them. */
const BROKER_WIDTH = 86;
const BROKER_HEIGHT = 32;
const BROKER_ROW_GAP = 10;
/** Left of a replicated tape: room for a replica lane's label (`★b12 ✕`). */
export const REPLICA_GUTTER = 40;
export const REPLICA_LANE = 13;

export interface BrokerLayout extends Box {
  readonly id: number;
  readonly broker: SceneBroker;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface ProducerLayout extends Box {
  readonly name: string;
  readonly producer: SceneProducer;
  /** Where its messages leave and arrive. */
  readonly port: Point;
}

export interface LedgerMark {
  readonly offset: number;
  /** How many times the group processed it: 0 for a skipped record. */
  readonly times: number;
  readonly kind: 'duplicated' | 'skipped';
}

/** One partition row. x/y/ports are absolute; everything else is relative to the row's origin. */
export interface PartitionLayout extends Box {
  /** `orders-0`. */
  readonly name: string;
  readonly address: string;
  readonly topic: string;
  readonly partition: ScenePartition;
  readonly labelY: number;
  readonly tapeX: number;
  readonly tapeY: number;
  /** Record slots the tape has room for, the log end slot not counted. */
  readonly capacity: number;
  readonly cells: TapeCells;
  /** The groups with a lane on this row, top lane first (committed above the tape, cursors below). */
  readonly lanes: readonly string[];
  /** Top of the first committed lane. */
  readonly laneTop: number;
  /** Top of the first cursor lane. */
  readonly cursorTop: number;
  /** Top of the ledger lane, or null when no ledger is highlighted. */
  readonly ledgerTop: number | null;
  /** Top of the first replica lane, or null when the stage does not draw the cluster. */
  readonly replicaTop: number | null;
  /** Offsets being processed right now (by any consumer). */
  readonly processing: readonly number[];
  readonly ledgerMarks: readonly LedgerMark[];
  /** Where produce requests arrive: the partition, entered from the left of its tape. */
  readonly inPort: Point;
  /** Where fetch answers leave and assignment edges start: right of the log end slot. */
  readonly outPort: Point;
}

export interface TopicLayout {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly partitions: readonly PartitionLayout[];
}

export interface MemberLayout extends Box {
  /** Join key: `member:ID` (a consumer without a member id: `consumer:NAME`). */
  readonly key: string;
  readonly group: string;
  readonly consumerName: string;
  readonly consumer: SceneConsumer | null;
  readonly memberId: string | null;
  /** The consumer's status; a leftover member of a crashed incarnation is 'crashed'. */
  readonly status: ConsumerStatus;
  /** A member the group still holds for an incarnation that is gone (waiting for its session to time out). */
  readonly stale: boolean;
  /** What it owns: the group's assignment for a member, else the consumer's own. */
  readonly assignment: readonly TopicPartition[];
  readonly port: Point;
}

export interface GroupLayout extends Box {
  readonly id: string;
  readonly group: SceneGroup;
  /** Index into the stage's group palette. */
  readonly colour: number;
  readonly members: readonly MemberLayout[];
  /** Where commits arrive. */
  readonly port: Point;
}

export interface StageLayout {
  readonly mode: 'wide' | 'stacked';
  readonly width: number;
  readonly height: number;
  readonly metrics: Metrics;
  readonly ledgerGroup: string | null;
  readonly producers: readonly ProducerLayout[];
  readonly topics: readonly TopicLayout[];
  readonly groups: readonly GroupLayout[];
  /** The cluster's brokers, in a row above the topics (empty when the stage does not draw the cluster). */
  readonly brokers: readonly BrokerLayout[];
  /** x of the vertical run messages and edges take in stacked mode (left: produce; right: fetch). */
  readonly gutters: { readonly left: number; readonly right: number };
  /** The key to the drawing's symbols: lines of text and the y of the first baseline. */
  readonly legend: TextBlock;
  /** Under the last topic, when the scene left partitions out: how many (see omitted-note.ts). */
  readonly omitted: TextBlock | null;
}

/** Lines of 11 px text: x, the y of the first baseline, the lines. */
export interface TextBlock {
  readonly x: number;
  readonly y: number;
  readonly lines: readonly string[];
}

export interface LayoutOptions {
  readonly width: number;
  /** The group whose ledger duplicates and skips are marked on the tapes. */
  readonly ledgerGroup?: string | null;
}

/** Group palette size (committed markers, cursors, group boxes share a group's colour). */
export const GROUP_COLOURS = 4;

/** Lays out a scene for a stage `width` px wide; the height follows from the content. */
export function layoutStage(scene: Scene, options: LayoutOptions): StageLayout {
  const width = Math.max(MIN_WIDTH, Math.floor(options.width));
  const ledgerGroup = options.ledgerGroup ?? null;
  const groups = allGroups(scene);
  const largest = Math.max(0, ...scene.topics.flatMap((t) => t.partitions.map((p) => p.logEnd)));
  const metrics: Metrics = { ...METRICS, cellWidth: cellWidthFor(largest) };
  return width >= WIDE_MIN_WIDTH ? layoutWide(scene, groups, width, ledgerGroup, metrics) : layoutStacked(scene, groups, width, ledgerGroup, metrics);
}

function layoutWide(scene: Scene, groups: readonly SceneGroup[], width: number, ledgerGroup: string | null, metrics: Metrics): StageLayout {
  const gutter = 18;
  const pw = clamp(Math.round(width * 0.16), 88, 150);
  const gw = clamp(Math.round(width * 0.25), 140, 240);
  const mx = PAD + pw + gutter;
  const mw = width - PAD - gw - gutter - mx;
  const { brokers, bottom: brokersBottom } = layoutBrokers(scene, mx, PAD, mw);
  const topics = layoutTopics(scene, groups, mx, brokersBottom, mw, ledgerGroup, metrics);
  const { omitted, bottom: middleHeight } = noteUnder(scene, topics, PAD, mx, mw, metrics);

  const producersHeight = scene.producers.length * (PRODUCER_HEIGHT + BOX_GAP) - BOX_GAP;
  const py = Math.max(PAD, Math.round((middleHeight - producersHeight) / 2));
  const producers = scene.producers.map((producer, i): ProducerLayout => {
    const y = py + i * (PRODUCER_HEIGHT + BOX_GAP);
    return { name: producer.name, producer, x: PAD, y, width: pw, height: PRODUCER_HEIGHT, port: { x: PAD + pw, y: y + PRODUCER_HEIGHT / 2 } };
  });

  const gx = width - PAD - gw;
  const stackHeight = groups.reduce((h, g) => h + groupHeight(scene, g, 1, ledgerGroup) + GROUP_GAP, -GROUP_GAP);
  let gy = Math.max(PAD, Math.round((middleHeight - stackHeight) / 2));
  const groupLayouts = groups.map((group) => {
    const box = layoutGroup(scene, group, gx, gy, gw, 1, ledgerGroup, 'wide');
    gy += box.height + GROUP_GAP;
    return box;
  });

  const bottom = Math.max(middleHeight, ...producers.map((p) => p.y + p.height), ...groupLayouts.map((g) => g.y + g.height));
  const legend = legendAt(scene, PAD, bottom + 6, width - 2 * PAD, ledgerGroup !== null, metrics);
  const height = legend.y + (legend.lines.length - 1) * LEGEND_LINE_HEIGHT + PAD;
  return {
    mode: 'wide',
    width,
    height,
    metrics,
    ledgerGroup,
    producers,
    topics,
    groups: groupLayouts,
    brokers,
    gutters: { left: mx - gutter / 2, right: gx - gutter / 2 },
    legend,
    omitted,
  };
}

function layoutStacked(scene: Scene, groups: readonly SceneGroup[], width: number, ledgerGroup: string | null, metrics: Metrics): StageLayout {
  const leftGutter = PAD + 4;
  const rightGutter = width - PAD - 4;
  const inner = width - 2 * PAD;

  const perRow = Math.max(1, Math.min(scene.producers.length, Math.floor((inner + BOX_GAP) / (120 + BOX_GAP))));
  const pw = Math.min(180, Math.floor((inner - (perRow - 1) * BOX_GAP) / perRow));
  const producers = scene.producers.map((producer, i): ProducerLayout => {
    const x = PAD + (i % perRow) * (pw + BOX_GAP);
    const y = PAD + Math.floor(i / perRow) * (PRODUCER_HEIGHT + BOX_GAP);
    return { name: producer.name, producer, x, y, width: pw, height: PRODUCER_HEIGHT, port: { x: x + pw / 2, y: y + PRODUCER_HEIGHT } };
  });
  const producersBottom = producers.length === 0 ? PAD : Math.max(...producers.map((p) => p.y + p.height)) + 20;

  const tx = leftGutter + 10;
  const { brokers, bottom: brokersBottom } = layoutBrokers(scene, tx, producersBottom, rightGutter - 10 - tx);
  const topics = layoutTopics(scene, groups, tx, brokersBottom, rightGutter - 10 - tx, ledgerGroup, metrics);
  const { omitted, bottom: topicsBottom } = noteUnder(scene, topics, producersBottom, tx, rightGutter - 10 - tx, metrics);
  let gy = topicsBottom + 20;

  const gw = rightGutter - 8 - PAD;
  const columns = Math.max(1, Math.floor((gw - 12 + MEMBER_GAP) / (150 + MEMBER_GAP)));
  const groupLayouts = groups.map((group) => {
    const box = layoutGroup(scene, group, PAD, gy, gw, columns, ledgerGroup, 'stacked');
    gy += box.height + GROUP_GAP;
    return box;
  });
  const bottom = Math.max(gy - GROUP_GAP, topicsBottom);
  const legend = legendAt(scene, PAD, bottom + 6, width - 2 * PAD, ledgerGroup !== null, metrics);
  const height = legend.y + (legend.lines.length - 1) * LEGEND_LINE_HEIGHT + PAD;
  return {
    mode: 'stacked',
    width,
    height,
    metrics,
    ledgerGroup,
    producers,
    topics,
    groups: groupLayouts,
    brokers,
    gutters: { left: leftGutter, right: rightGutter },
    legend,
    omitted,
  };
}

/** The broker boxes, left to right and wrapping, from `top`; and the y under them (`top` when there are none). */
function layoutBrokers(scene: Scene, x: number, top: number, width: number): { brokers: BrokerLayout[]; bottom: number } {
  if (!showsCluster(scene)) return { brokers: [], bottom: top };
  const perRow = Math.max(1, Math.floor((width + BOX_GAP) / (BROKER_WIDTH + BOX_GAP)));
  const brokers = scene.brokers.map((broker, i): BrokerLayout => ({
    id: broker.id,
    broker,
    x: x + (i % perRow) * (BROKER_WIDTH + BOX_GAP),
    y: top + Math.floor(i / perRow) * (BROKER_HEIGHT + BOX_GAP),
    width: BROKER_WIDTH,
    height: BROKER_HEIGHT,
  }));
  const rows = Math.ceil(brokers.length / perRow);
  return { brokers, bottom: top + rows * (BROKER_HEIGHT + BOX_GAP) - BOX_GAP + BROKER_ROW_GAP };
}

function legendAt(scene: Scene, x: number, top: number, width: number, ledger: boolean, metrics: Metrics): TextBlock {
  // An empty world says so, rather than showing a blank stage.
  const empty = scene.topics.length === 0 && scene.producers.length === 0 && scene.consumers.length === 0 ? [EMPTY_STAGE] : [];
  const partitions = scene.topics.flatMap((t) => t.partitions);
  const extra = {
    transactions: partitions.some((p) => p.lastStable < p.highWatermark || p.records.some((r) => r.marker !== null || r.txn !== null)),
    segments: partitions.some((p) => p.segmentStarts.length > 0 || p.cleaned.length > 0),
  };
  return { x, y: top + 11, lines: [...empty, ...legendLines(width, ledger, metrics.charWidth, showsCluster(scene), extra)] };
}

/** What an empty stage says. */
export const EMPTY_STAGE = 'Nothing here yet: no topics, no clients.';

/** The note on partitions left out, under the topics column at `x` (null when none were), and the column's new bottom. */
function noteUnder(
  scene: Scene,
  topics: readonly TopicLayout[],
  top: number,
  x: number,
  width: number,
  metrics: Metrics,
): { omitted: TextBlock | null; bottom: number } {
  const bottom = bottomOf(topics, top);
  const lines = omittedNoteLines(scene.partitionsOmitted, width, metrics.charWidth);
  if (lines.length === 0) return { omitted: null, bottom };
  // The last row already ends with its gap: the first baseline sits one line of 11 px text below.
  const y = bottom + 10;
  return { omitted: { x, y, lines }, bottom: y + (lines.length - 1) * NOTE_LINE_HEIGHT + 5 };
}

function bottomOf(topics: readonly TopicLayout[], top: number): number {
  const last = topics.at(-1);
  if (!last) return top;
  const row = last.partitions.at(-1);
  return row ? row.y + row.height : last.y + TOPIC_LABEL_HEIGHT;
}

function layoutTopics(
  scene: Scene,
  groups: readonly SceneGroup[],
  x: number,
  top: number,
  width: number,
  ledgerGroup: string | null,
  metrics: Metrics,
): TopicLayout[] {
  let y = top;
  const ledger = ledgerGroup === null ? undefined : groups.find((g) => g.id === ledgerGroup);
  return scene.topics.map((topic) => {
    const lanes = groups.filter((g) => readsTopic(scene, g, topic.name)).map((g) => g.id);
    const topicY = y;
    y += TOPIC_LABEL_HEIGHT;
    const partitions = topic.partitions.map((partition) => {
      const row = layoutPartition(scene, partition, lanes, ledger, x, y, width, metrics);
      y += row.height;
      return row;
    });
    y += TOPIC_GAP;
    return { name: topic.name, x, y: topicY, width, partitions };
  });
}

function layoutPartition(
  scene: Scene,
  partition: ScenePartition,
  lanes: readonly string[],
  ledger: SceneGroup | undefined,
  x: number,
  y: number,
  width: number,
  metrics: Metrics,
): PartitionLayout {
  const { cellWidth, cellHeight, laneHeight } = metrics;
  const { topic } = partition;
  const laneTop = ROW_LABEL_HEIGHT;
  const tapeY = laneTop + lanes.length * laneHeight + 2;
  // The ledger's ×N marks sit right under the cells they count; the cursors below them.
  const ledgerTop = ledger ? tapeY + cellHeight + 1 : null;
  const cursorTop = tapeY + cellHeight + 2 + (ledger ? laneHeight : 0);
  const cluster = showsCluster(scene);
  const replicaTop = cluster ? cursorTop + lanes.length * laneHeight + 2 : null;
  const height = (replicaTop ?? cursorTop + lanes.length * laneHeight) + (cluster ? partition.replicas.length * REPLICA_LANE : 0) + ROW_GAP;
  // A replicated tape moves right, leaving its replica lanes' labels a gutter.
  const tapeX = cluster ? REPLICA_GUTTER : 0;
  const capacity = Math.max(4, Math.floor((width - LAG_MARGIN - tapeX) / cellWidth) - 1);

  const on = (o: { readonly topic: string; readonly partition: number }) => o.topic === topic && o.partition === partition.partition;
  const processing = scene.consumers.flatMap((c) => (c.processing && on(c.processing) ? [c.processing.offset] : []));
  const positions = scene.consumers.flatMap((c) => c.positions.filter(on).map((p) => p.offset));
  const committed = scene.groups.flatMap((g) => g.committed.filter(on).map((c) => c.offset));
  const ledgerMarks = ledgerOffsets(ledger, topic, partition.partition).map((m): LedgerMark => ({
    offset: m.offset,
    times: m.times,
    kind: m.times === 0 ? 'skipped' : 'duplicated',
  }));
  const cells = tapeCells(partition, [...processing, ...positions, ...committed, ...ledgerMarks.map((m) => m.offset)], capacity, cellWidth);

  const mid = y + tapeY + cellHeight / 2;
  return {
    name: partitionName(topic, partition.partition),
    address: partitionAddress(topic, partition.partition),
    topic,
    partition,
    x,
    y,
    width,
    height,
    labelY: 12,
    tapeX,
    tapeY,
    capacity,
    cells,
    lanes,
    laneTop,
    cursorTop,
    ledgerTop,
    replicaTop,
    processing,
    ledgerMarks,
    inPort: { x: x + tapeX - 4, y: mid },
    outPort: { x: x + tapeX + (cells.endSlot + 1) * cellWidth + 3, y: mid },
  };
}

function groupHeader(group: SceneGroup, ledgerGroup: string | null): number {
  return GROUP_HEADER + (group.id === ledgerGroup ? METRICS.laneHeight : 0);
}

function groupHeight(scene: Scene, group: SceneGroup, columns: number, ledgerGroup: string | null): number {
  const n = groupMembers(scene, group).length;
  const rows = Math.ceil(n / columns);
  return groupHeader(group, ledgerGroup) + (rows === 0 ? 16 : rows * (MEMBER_HEIGHT + MEMBER_GAP)) + 6;
}

function layoutGroup(
  scene: Scene,
  group: SceneGroup,
  x: number,
  y: number,
  width: number,
  columns: number,
  ledgerGroup: string | null,
  mode: 'wide' | 'stacked',
): GroupLayout {
  const header = groupHeader(group, ledgerGroup);
  const mw = Math.floor((width - 12 - (columns - 1) * MEMBER_GAP) / columns);
  const members = groupMembers(scene, group).map((entry, i): MemberLayout => {
    const mx = x + 6 + (i % columns) * (mw + MEMBER_GAP);
    const my = y + header + Math.floor(i / columns) * (MEMBER_HEIGHT + MEMBER_GAP);
    const port = mode === 'wide' ? { x: mx, y: my + MEMBER_HEIGHT / 2 } : { x: mx + mw / 2, y: my };
    return { ...entry, x: mx, y: my, width: mw, height: MEMBER_HEIGHT, port };
  });
  return {
    id: group.id,
    group,
    colour: group.colour % GROUP_COLOURS,
    members,
    x,
    y,
    width,
    height: groupHeight(scene, group, columns, ledgerGroup),
    port: { x: x + 3, y: y + 12 },
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
