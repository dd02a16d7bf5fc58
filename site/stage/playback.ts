/**
 * The playback clock and the frames it needs: one `clockTick` per 1/speed seconds, never ahead of
 * the frames the page has (it fetches them first, ahead of the clock while playing), and nothing
 * fetched twice at once. A failed fetch is said, and retried by the next change of state.
 */
import { RequestCancelled, type EngineClient } from './engine-client.ts';
import type { FrameCache } from './frame-cache.ts';
import { messageOf } from './stage-effects.ts';
import type { StageContext, StageStore } from './store.ts';

/** Frames asked for at once when the shown tick is missing or playback runs ahead. */
const FRAME_BATCH = 48;

export class Playback {
  readonly #store: StageStore;
  readonly #client: EngineClient;
  readonly #frames: FrameCache;
  readonly #arrived: () => void;
  #clock: ReturnType<typeof setTimeout> | null = null;
  #fetching = false;

  /** `arrived` is called when fetched frames are in the cache. */
  constructor(store: StageStore, client: EngineClient, frames: FrameCache, arrived: () => void) {
    this.#store = store;
    this.#client = client;
    this.#frames = frames;
    this.#arrived = arrived;
  }

  /** Fetches the frames from `tick` on (a batch), unless a fetch is under way. */
  fetch(tick: number): void {
    if (this.#fetching) return;
    this.#fetching = true;
    const head = this.#store.getSnapshot().context.headTick;
    this.#client.frames(tick, Math.min(head, tick + FRAME_BATCH - 1)).then(
      (frames) => {
        this.#fetching = false;
        this.#frames.put(frames);
        this.#arrived();
      },
      (error: unknown) => {
        this.#fetching = false;
        if (!(error instanceof RequestCancelled))
          this.#store.trigger.requestFailed({ message: `A tick could not be loaded: ${messageOf(error)}`, status: null });
      },
    );
  }

  /** While playing, keeps the frames ahead of the clock in the cache. */
  prefetch(ctx: StageContext): void {
    const missing = this.#frames.firstMissing(ctx.tick, Math.min(ctx.headTick, ctx.tick + FRAME_BATCH / 2));
    if (missing !== null) this.fetch(missing);
  }

  /** Runs or stops the clock as the state says. */
  run(ctx: StageContext): void {
    if (!ctx.playing) {
      if (this.#clock !== null) clearTimeout(this.#clock);
      this.#clock = null;
      return;
    }
    if (this.#clock !== null) return;
    this.#clock = setTimeout(() => {
      this.#clock = null;
      const now = this.#store.getSnapshot().context;
      if (!now.playing) return;
      const next = now.tick + 1;
      if (next <= now.headTick && !this.#frames.has(next)) {
        this.fetch(next);
        this.run(now);
        return;
      }
      this.#store.trigger.clockTick();
    }, 1000 / ctx.speed);
  }
}
