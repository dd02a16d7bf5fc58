/**
 * What the store asks of the engine, carried out: each emitted `engine.*` request goes to the
 * worker, and its answer comes back as a store event (after its frames are in the cache). A
 * cancelled or superseded request is answered by whoever cancelled it, never twice.
 */
import { RequestCancelled, type EngineClient } from './engine-client.ts';
import type { FrameCache } from './frame-cache.ts';
import type { Frame, NotebookOp, TimelineStatus } from './protocol.ts';
import type { StageStore } from './store.ts';

export interface EffectHooks {
  /** An answer changed frames from `changedFrom` on (the renderer forgets what it drew there). */
  readonly changed: (changedFrom: number) => void;
  /** An operation completed: the log is worth saving. */
  readonly completed: () => void;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Takes an answer's frames: the cache forgets what changed, then keeps what was sent. */
function taker(frames: FrameCache, hooks: EffectHooks): (status: TimelineStatus, sent: readonly Frame[]) => void {
  return (status, sent) => {
    frames.invalidateFrom(status.changedFrom);
    frames.put(sent);
    hooks.changed(status.changedFrom);
  };
}

/** Wires the store's engine requests to the client. */
export function wireEffects(store: StageStore, client: EngineClient, frames: FrameCache, hooks: EffectHooks): void {
  const take = taker(frames, hooks);
  const request = (work: () => Promise<void>) => {
    work().then(hooks.completed, (error: unknown) => {
      if (error instanceof RequestCancelled) return;
      store.trigger.requestFailed({ message: `The simulator failed: ${messageOf(error)}`, status: null });
    });
  };
  store.on('engine.runCells', ({ cells }) =>
    request(async () => {
      const answer = await client.runCells(cells);
      take(answer.status, answer.frames);
      store.trigger.cellsRan({ results: answer.results, status: answer.status });
    }),
  );
  store.on('engine.act', ({ command, tick }) =>
    request(async () => {
      const answer = await client.act(command, tick);
      take(answer.status, answer.frames);
      store.trigger.acted({ ok: answer.ok, output: answer.output, command, tick: answer.tick, discarded: answer.discardedTicks, status: answer.status });
    }),
  );
  store.on('engine.advance', ({ ticks, untilQuiet }) =>
    request(async () => {
      const answer = await client.advance(ticks, untilQuiet);
      take(answer.status, answer.frames);
      store.trigger.advanced({ status: answer.status });
    }),
  );
  store.on('engine.reset', () =>
    request(async () => {
      const ready = await client.reset();
      frames.clear();
      take(ready.status, [ready.frame]);
      store.trigger.engineReady({ status: ready.status });
    }),
  );
  store.on('engine.ledger', ({ group, tick }) => {
    client.ledger(group, tick).then(
      (lines) => store.trigger.ledgerLoaded({ group, tick, lines }),
      (error: unknown) => {
        if (!(error instanceof RequestCancelled))
          store.trigger.ledgerLoaded({ group, tick, lines: [{ stream: 'stderr', text: `The ledger could not be read: ${messageOf(error)}` }] });
      },
    );
  });
  store.on('engine.cancel', () => {
    client.cancel().then(
      (status) => {
        frames.clear();
        hooks.changed(0);
        store.trigger.requestFailed({ message: 'Cancelled. The world is as it was before that request.', status });
      },
      (error: unknown) => store.trigger.engineBroken({ message: `The simulator could not restart: ${messageOf(error)}. Reload the page to try again.` }),
    );
  });
}

/** What the reader is told after a replay; a lesson's saved visit by default. */
export interface RestoreWords {
  readonly done: (steps: number) => string;
  readonly cancelled: string;
  readonly failed: (why: string) => string;
}

export const LESSON_RESTORE_WORDS: RestoreWords = {
  done: (n) => `Welcome back: your progress on this lesson is restored (${n} step${n === 1 ? '' : 's'}). Reset starts it over.`,
  cancelled: 'Restoring your progress was cancelled: the world is as far as it got.',
  failed: (why) => `Your saved progress could not be replayed (${why}), so the lesson starts afresh.`,
};

/**
 * Replays a saved visit's operations through the normal requests (so each cell shows its output
 * again), with the stage busy meanwhile. If the lesson no longer accepts them, it starts afresh.
 */
export async function restoreProgress(
  store: StageStore,
  client: EngineClient,
  frames: FrameCache,
  ops: readonly NotebookOp[],
  hooks: EffectHooks,
  words: RestoreWords = LESSON_RESTORE_WORDS,
): Promise<void> {
  const take = taker(frames, hooks);
  store.trigger.restoreStarted();
  try {
    for (const op of ops) {
      if (op.op === 'cell') {
        const answer = await client.runCells([op.cell]);
        take(answer.status, answer.frames);
        store.trigger.cellsRan({ results: answer.results, status: answer.status });
      } else if (op.op === 'act') {
        const answer = await client.act(op.command, op.tick);
        take(answer.status, answer.frames);
        store.trigger.acted({
          ok: answer.ok,
          output: answer.output,
          command: op.command,
          tick: answer.tick,
          discarded: answer.discardedTicks,
          status: answer.status,
        });
      } else {
        const answer = await client.advance(op.ticks, op.untilQuiet);
        take(answer.status, answer.frames);
        store.trigger.advanced({ status: answer.status });
      }
    }
    store.trigger.restored({ message: words.done(ops.length) });
    store.trigger.seek({ tick: store.getSnapshot().context.headTick });
  } catch (error) {
    if (error instanceof RequestCancelled) {
      store.trigger.restored({ message: words.cancelled });
      return;
    }
    const ready = await client.reset();
    frames.clear();
    take(ready.status, [ready.frame]);
    store.trigger.engineReady({ status: ready.status });
    store.trigger.restored({ message: words.failed(messageOf(error)) });
  }
  hooks.completed();
}
