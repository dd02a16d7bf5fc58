/**
 * Frames the page has been sent, by tick, so playing and stepping back need no round trip. It
 * holds at most `limit` frames (the oldest inserted go first) and forgets every frame from the
 * tick an operation changed (`TimelineStatus.changedFrom`): a cached frame is never stale.
 */
import type { Frame } from './protocol.ts';

export class FrameCache {
  readonly #frames = new Map<number, Frame>();
  readonly #limit: number;

  /** Playback needs a window around the shown tick; a busy world's frame can be 100 KB. */
  constructor(limit = 512) {
    this.#limit = limit;
  }

  get(tick: number): Frame | undefined {
    return this.#frames.get(tick);
  }

  has(tick: number): boolean {
    return this.#frames.has(tick);
  }

  get size(): number {
    return this.#frames.size;
  }

  put(frames: readonly Frame[]): void {
    for (const frame of frames) {
      this.#frames.delete(frame.tick);
      this.#frames.set(frame.tick, frame);
    }
    while (this.#frames.size > this.#limit) {
      const oldest = this.#frames.keys().next();
      if (oldest.done) break;
      this.#frames.delete(oldest.value);
    }
  }

  /** Forgets the frames of `tick` and every later tick. */
  invalidateFrom(tick: number): void {
    for (const t of [...this.#frames.keys()]) if (t >= tick) this.#frames.delete(t);
  }

  clear(): void {
    this.#frames.clear();
  }

  /** The first tick in [from, to] without a cached frame, or null when all are there. */
  firstMissing(from: number, to: number): number | null {
    for (let t = from; t <= to; t++) if (!this.#frames.has(t)) return t;
    return null;
  }
}
