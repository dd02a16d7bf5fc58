/**
 * Draws one frame on the stage SVG: lays the scene out, then runs each join in paint order
 * (assignment edges under the tapes, tapes and markers, applications, messages on top).
 *
 * The drawing never lies: every element is a function of this frame's scene alone, so drawing
 * frame t after any other frame leaves the same DOM (once transitions end). All motion is one
 * named transition ('stage'); `interruptStage` stops it when the clock jumps (seek, reset,
 * reduced motion) and the page redraws with durationMs 0, which sets everything at once.
 *
 * The SVG's role and summary label are the page's; everything drawn inside is decorative
 * (aria-hidden): the accessible content is the page's state table and live region.
 */
import { select, type Selection } from 'd3-selection';
import type { Frame } from '../protocol.ts';
import { drawAssignmentEdges, drawGroups, drawProducers } from './applications.ts';
import { drawGroupMarkers } from './group-markers.ts';
import { drawLegend } from './legend.ts';
import { interruptAll, moveAttr, setAttr, setText, startMotion, type Motion } from './motion.ts';
import { drawOmittedNote } from './omitted-note.ts';
import { drawTapes } from './partition-tape.ts';
import { drawBrokers, drawReplicaLanes } from './replicas.ts';
import { drawMessages, drawRecordHighlights } from './record-marks.ts';
import { layoutStage, type StageLayout, type TopicLayout } from './stage-layout.ts';

export interface DrawOptions {
  /** The container's width in CSS pixels; the SVG is drawn 1:1 at this width. */
  readonly width: number;
  /** Length of this step's transition; 0 draws without any transition. */
  readonly durationMs: number;
  /** The group whose ledger duplicates (×N) and skips (×0) are marked on the tapes, or null. */
  readonly ledgerGroup: string | null;
}

const LAYERS = ['edges', 'topics', 'applications', 'messages'] as const;

/** Draws `frame` into `svg` and returns the layout it used (its height is the SVG's height). */
export function drawStage(svg: SVGSVGElement, frame: Frame, options: DrawOptions): StageLayout {
  const layout = layoutStage(frame.scene, { width: options.width, ledgerGroup: options.ledgerGroup });
  const root = select(svg);
  // Before anything is set: a transition still running from the last frame must not go on
  // writing over this one (startMotion interrupts it and forgets the targets it was heading to).
  const motion = startMotion(svg, options.durationMs);
  root.classed('streamlab-stage', true).attr('viewBox', null);
  setAttr(root, 'width', layout.width);
  setAttr(root, 'height', layout.height);
  setAttr(root, 'data-tick', frame.tick);
  setAttr(root, 'data-mode', layout.mode);
  setAttr(root, 'data-ledger-group', options.ledgerGroup ?? '');
  const layer = (name: (typeof LAYERS)[number]) => ensureLayer(root, name);
  for (const name of LAYERS) layer(name);

  drawAssignmentEdges(layer('edges'), layout, motion);
  drawTopicLabels(layer('topics'), layout.topics, motion);
  drawOmittedNote(layer('topics'), layout);
  drawBrokers(layer('topics'), layout, motion);
  const rows = drawTapes(layer('topics'), layout, motion);
  drawReplicaLanes(rows, layout, frame.events, motion);
  drawRecordHighlights(rows, layout, motion);
  drawGroupMarkers(rows, frame.scene, layout, motion);
  drawProducers(layer('applications'), layout, motion);
  drawGroups(layer('applications'), layout, motion);
  drawMessages(layer('messages'), frame.scene, layout, motion);
  drawLegend(layer('applications'), layout);
  return layout;
}

function drawTopicLabels(layer: Selection<SVGGElement, unknown, null, undefined>, topics: readonly TopicLayout[], motion: Motion): void {
  const labels = layer
    .selectAll<SVGTextElement, TopicLayout>('text.topic-label')
    .data(topics, (t) => t.name)
    .join((enter) => enter.append('text').attr('class', 'topic-label'));
  setAttr(labels, 'data-topic', (t) => t.name);
  setAttr(labels, 'x', (t) => t.x);
  moveAttr(labels, motion, 'y', (t) => t.y + 13);
  setText(labels, (t) => `topic ${t.name}`);
}

/** Stops every running stage transition (the clock jumped); draw the new frame with durationMs 0 next. */
export function interruptStage(svg: SVGSVGElement): void {
  interruptAll(svg);
}

function ensureLayer(root: Selection<SVGSVGElement, unknown, null, undefined>, name: string): Selection<SVGGElement, unknown, null, undefined> {
  const existing = root.select<SVGGElement>(`g.layer-${name}`);
  if (!existing.empty()) return existing;
  return root.append('g').attr('class', `layer-${name}`).attr('aria-hidden', 'true');
}
