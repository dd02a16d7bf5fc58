/**
 * The marks above the Tick slider: where crashes, rebalances, commits and the reader's own actions
 * happened, so the interesting ticks can be found by eye.
 */
import type { TimelineMark } from '../protocol.ts';

export interface PlacedMark {
  readonly kind: TimelineMark['kind'];
  readonly tick: number;
  /** Position along the track, 0 (tick 0) to 1 (the head). */
  readonly at: number;
}

/** Rank of each kind, most important lowest: marks are drawn least important first, so where several share a tick the most important ends on top. */
const RANK: Readonly<Record<TimelineMark['kind'], number>> = { action: 0, crash: 1, rebalance: 2, commit: 3 };

/**
 * Places marks along a track of `headTick` ticks (all at 0 while nothing has happened), at most one
 * per kind in each of `slots` equal stretches of the track: a long history commits thousands of
 * times, and more marks than pixels show nothing more.
 */
export function placeMarks(marks: readonly TimelineMark[], headTick: number, slots = 600): PlacedMark[] {
  const seen = new Set<string>();
  return [...marks]
    .filter((m) => m.tick >= 0 && m.tick <= headTick)
    .sort((a, b) => RANK[b.kind] - RANK[a.kind] || a.tick - b.tick)
    .map((m) => ({ kind: m.kind, tick: m.tick, at: headTick === 0 ? 0 : m.tick / headTick }))
    .filter((m) => {
      const key = `${m.kind}:${Math.round(m.at * slots)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

const SVG = 'http://www.w3.org/2000/svg';

/** Draws the marks into the scrubber's SVG strip (decorative: the narration says what happened). */
export function renderMarks(svg: SVGSVGElement, marks: readonly TimelineMark[], headTick: number): void {
  const width = svg.clientWidth || 1;
  svg.replaceChildren(
    ...placeMarks(marks, headTick).map((m) => {
      const mark = document.createElementNS(SVG, 'rect');
      const x = Math.round(m.at * (width - 3));
      const tall = m.kind === 'commit' ? 5 : 10;
      mark.setAttribute('x', String(x));
      mark.setAttribute('y', String(10 - tall));
      mark.setAttribute('width', m.kind === 'commit' ? '1' : '3');
      mark.setAttribute('height', String(tall));
      mark.setAttribute('class', `mark mark-${m.kind}`);
      return mark;
    }),
  );
}
