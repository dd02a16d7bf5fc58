import { describe, expect, it } from 'vitest';
import { createStageStore } from '../../../site/stage/store.ts';
import type { CellRunResult, CellState, TimelineStatus } from '../../../site/stage/protocol.ts';

function status(headTick: number, cells: CellState[], quietAtHead = true): TimelineStatus {
  return { headTick, marks: [], quietAtHead, changedFrom: 0, cells, watchHits: [] };
}

function result(cell: number, fromTick: number, toTick: number, error: string | null = null): CellRunResult {
  return { cell, error, errorLine: error ? 1 : null, steps: [], fromTick, toTick };
}

/** A store with its emitted requests collected. */
function setup(cells = 3) {
  const store = createStageStore(cells);
  const emitted: { type: string }[] = [];
  store.on('*', (event) => emitted.push(event as { type: string }));
  store.trigger.engineReady({
    status: status(
      0,
      Array.from({ length: cells }, (): CellState => 'idle'),
    ),
  });
  return { store, emitted, ctx: () => store.getSnapshot().context };
}

describe('the stage store: running cells', () => {
  it('Run on a later cell queues the cells before it, in order', () => {
    const { store, emitted, ctx } = setup(3);
    store.trigger.runCells({ upTo: 1 });
    expect(emitted).toEqual([{ type: 'engine.runCells', cells: [0, 1] }]);
    expect(ctx().cells.map((c) => c.status)).toEqual(['running', 'queued', 'idle']);
    expect(ctx().busy).not.toBeNull();
  });

  it('after the run, plays the ticks the cells covered', () => {
    const { store, ctx } = setup(3);
    store.trigger.runCells({ upTo: 1 });
    store.trigger.cellsRan({ results: [result(0, 0, 0), result(1, 0, 16)], status: status(16, ['ran', 'ran', 'idle'], false) });
    expect(ctx()).toMatchObject({ tick: 0, playing: true, playUntil: 16, headTick: 16, busy: null, activeCell: 1 });
    expect(ctx().cells.map((c) => c.status)).toEqual(['ran', 'ran', 'idle']);
    for (let i = 0; i < 15; i++) store.trigger.clockTick();
    expect(ctx()).toMatchObject({ tick: 15, playing: true, move: 'step' });
    store.trigger.clockTick();
    expect(ctx()).toMatchObject({ tick: 16, playing: false });
  });

  it('a cell with an error stops the queue: it and the cells after it are not run', () => {
    const { store, ctx } = setup(3);
    store.trigger.runCells({ upTo: 2 });
    store.trigger.cellsRan({ results: [result(0, 0, 0), result(1, 0, 0, 'error at line 1, column 1: …')], status: status(0, ['ran', 'idle', 'idle']) });
    expect(ctx().cells.map((c) => c.status)).toEqual(['ran', 'error', 'idle']);
    expect(ctx().playing).toBe(false);
  });

  it('Run on a cell that already ran replays its ticks without running it again', () => {
    const { store, emitted, ctx } = setup(2);
    store.trigger.runCells({ upTo: 0 });
    store.trigger.cellsRan({ results: [result(0, 0, 10)], status: status(10, ['ran', 'idle']) });
    store.trigger.seek({ tick: 10 });
    emitted.length = 0;
    store.trigger.runCells({ upTo: 0 });
    expect(emitted).toEqual([]);
    expect(ctx()).toMatchObject({ tick: 0, playing: true, playUntil: 10 });
  });

  it('ignores Run while another request is in flight', () => {
    const { store, emitted } = setup(2);
    store.trigger.runCells({ upTo: 0 });
    store.trigger.runCells({ upTo: 1 });
    expect(emitted).toHaveLength(1);
  });
});

describe('the stage store: the clock', () => {
  function ranTo(head: number, quiet = true) {
    const s = setup(1);
    s.store.trigger.runCells({ upTo: 0 });
    s.store.trigger.cellsRan({ results: [result(0, 0, head)], status: status(head, ['ran'], quiet) });
    s.store.trigger.togglePlay();
    s.emitted.length = 0;
    return s;
  }

  it('steps back and forth within the recorded ticks, clamped to [0, head]', () => {
    const { store, ctx } = ranTo(5);
    store.trigger.stepBack();
    expect(ctx().tick).toBe(0);
    store.trigger.stepForward();
    store.trigger.stepForward();
    expect(ctx()).toMatchObject({ tick: 2, move: 'step' });
    store.trigger.seek({ tick: 99 });
    expect(ctx()).toMatchObject({ tick: 5, move: 'jump' });
    store.trigger.seek({ tick: Number.NaN });
    expect(ctx().tick).toBe(5);
  });

  it('stepping forward at the head asks the engine for one more tick', () => {
    const { store, emitted, ctx } = ranTo(5);
    store.trigger.seek({ tick: 5 });
    store.trigger.stepForward();
    expect(emitted).toEqual([{ type: 'engine.advance', ticks: 1, untilQuiet: false }]);
    store.trigger.advanced({ status: status(6, ['ran']) });
    expect(ctx()).toMatchObject({ tick: 6, headTick: 6, awaitingTicks: null });
  });

  it('Play at the head runs the world live until it is quiet, and says so', () => {
    const { store, emitted, ctx } = ranTo(5, false);
    store.trigger.seek({ tick: 5 });
    store.trigger.togglePlay();
    store.trigger.clockTick();
    expect(emitted).toEqual([{ type: 'engine.advance', ticks: 8, untilQuiet: true }]);
    store.trigger.advanced({ status: status(9, ['ran'], true) });
    for (let i = 0; i < 4; i++) store.trigger.clockTick();
    expect(ctx().tick).toBe(9);
    store.trigger.clockTick();
    expect(ctx().playing).toBe(false);
    expect(ctx().message).toMatch(/quiet at tick 9/);
  });

  it('speed moves through the offered speeds and stops at their ends', () => {
    const { store, ctx } = ranTo(1);
    store.trigger.setSpeed({ speed: 32 });
    store.trigger.faster();
    expect(ctx().speed).toBe(32);
    store.trigger.slower();
    expect(ctx().speed).toBe(16);
    store.trigger.setSpeed({ speed: 3 });
    expect(ctx().speed).toBe(16);
  });
});

describe('the stage store: acting on the stage', () => {
  function ranTo(head: number) {
    const s = setup(2);
    s.store.trigger.runCells({ upTo: 1 });
    s.store.trigger.cellsRan({ results: [result(0, 0, 40), result(1, 40, head)], status: status(head, ['ran', 'ran']) });
    s.store.trigger.togglePlay();
    s.emitted.length = 0;
    return s;
  }

  it('at the head a crash is issued at once', () => {
    const { store, emitted, ctx } = ranTo(86);
    store.trigger.seek({ tick: 86 });
    store.trigger.requestAct({ command: 'sim crash ledger' });
    expect(emitted).toEqual([{ type: 'engine.act', command: 'sim crash ledger', tick: 86 }]);
    expect(ctx().confirm).toBeNull();
  });

  it('in the past it asks first, naming the ticks it would discard', () => {
    const { store, emitted, ctx } = ranTo(86);
    store.trigger.seek({ tick: 30 });
    store.trigger.requestAct({ command: 'sim crash ledger' });
    expect(emitted).toEqual([]);
    expect(ctx().confirm).toEqual({ command: 'sim crash ledger', tick: 30, discard: 56 });
    store.trigger.cancelAct();
    expect(ctx().confirm).toBeNull();
    store.trigger.requestAct({ command: 'sim crash ledger' });
    store.trigger.confirmAct();
    expect(emitted).toEqual([{ type: 'engine.act', command: 'sim crash ledger', tick: 30 }]);
  });

  it('records the action and takes the engine’s word on which cells it undid', () => {
    const { store, ctx } = ranTo(86);
    store.trigger.seek({ tick: 30 });
    store.trigger.requestAct({ command: 'sim crash ledger' });
    store.trigger.confirmAct();
    store.trigger.acted({
      ok: true,
      output: [{ stream: 'stdout', text: 'consumer ledger crashed' }],
      command: 'sim crash ledger',
      tick: 30,
      discarded: 56,
      status: status(30, ['cut', 'idle']),
    });
    expect(ctx().actions).toEqual([{ command: 'sim crash ledger', tick: 30 }]);
    expect(ctx().cells.map((c) => c.status)).toEqual(['cut', 'idle']);
    expect(ctx().cells[1]?.result).toBeNull();
    expect(ctx()).toMatchObject({ tick: 30, headTick: 30, message: 'consumer ledger crashed (the 56 ticks after tick 30 were discarded)' });
  });

  it('a refused action is not recorded', () => {
    const { store, ctx } = ranTo(86);
    store.trigger.seek({ tick: 86 });
    store.trigger.requestAct({ command: 'sim restart ledger' });
    store.trigger.acted({
      ok: false,
      output: [{ stream: 'stderr', text: 'error: consumer ledger is still running' }],
      command: 'sim restart ledger',
      tick: 86,
      discarded: 0,
      status: status(86, ['ran', 'ran']),
    });
    expect(ctx().actions).toEqual([]);
    expect(ctx().message).toBe('error: consumer ledger is still running');
  });

  it('Reset forgets cells, actions and the clock, and asks the engine for a fresh world', () => {
    const { store, emitted, ctx } = ranTo(86);
    store.trigger.setSpeed({ speed: 8 });
    store.trigger.reset();
    expect(emitted).toEqual([{ type: 'engine.reset' }]);
    store.trigger.engineReady({ status: status(0, ['idle', 'idle']) });
    expect(ctx()).toMatchObject({ tick: 0, headTick: 0, actions: [], speed: 8, busy: null });
    expect(ctx().cells.map((c) => c.status)).toEqual(['idle', 'idle']);
  });
});

describe('the stage store: answers that arrive late, and what the kernel undid', () => {
  function ranTo(head: number, cells = 1) {
    const s = setup(cells);
    s.store.trigger.runCells({ upTo: 0 });
    s.store.trigger.cellsRan({
      results: [result(0, 0, head)],
      status: status(head, ['ran', ...Array.from({ length: cells - 1 }, (): CellState => 'idle')], false),
    });
    s.store.trigger.togglePlay();
    s.emitted.length = 0;
    return s;
  }

  it('a step asked for at the head does not pull the reader back if they moved meanwhile', () => {
    const { store, ctx } = ranTo(20);
    store.trigger.seek({ tick: 20 });
    store.trigger.stepForward();
    store.trigger.seek({ tick: 5 });
    store.trigger.advanced({ status: status(21, ['ran'], false) });
    expect(ctx()).toMatchObject({ tick: 5, headTick: 21, awaitingTicks: null });
  });

  it('asks for one live step at a time, and refuses actions until it arrived', () => {
    const { store, emitted } = ranTo(20);
    store.trigger.seek({ tick: 20 });
    store.trigger.stepForward();
    store.trigger.stepForward();
    store.trigger.stepForward();
    store.trigger.requestAct({ command: 'sim crash c' });
    store.trigger.runCells({ upTo: 0 });
    expect(emitted).toEqual([{ type: 'engine.advance', ticks: 1, untilQuiet: false }]);
  });

  it('a second Cancel while the first is restarting the engine asks nothing more', () => {
    const { store, emitted, ctx } = setup(2);
    store.trigger.runCells({ upTo: 1 });
    store.trigger.cancel();
    store.trigger.cancel();
    expect(emitted.filter((e) => e.type === 'engine.cancel')).toHaveLength(1);
    expect(ctx().busy).toEqual({ label: 'Cancelling', cancelling: true });
  });

  it('a failed script cell made idle by an action in the past can run again, in order', () => {
    const s = setup(3);
    s.store.trigger.runCells({ upTo: 1 });
    const failed: CellRunResult = {
      cell: 1,
      error: 'command exited with code 1: kafka-topics --create --topic t',
      errorLine: 1,
      steps: [{ step: 0, output: [], expected: null, matches: null, exitCode: 1 }],
      fromTick: 5,
      toTick: 5,
    };
    s.store.trigger.cellsRan({ results: [result(0, 0, 5), failed], status: status(5, ['ran', 'ran', 'idle']) });
    expect(s.ctx().cells[1]?.status).toBe('error');
    s.store.trigger.seek({ tick: 2 });
    s.store.trigger.requestAct({ command: 'sim crash c' });
    s.store.trigger.confirmAct();
    s.store.trigger.acted({ ok: true, output: [], command: 'sim crash c', tick: 2, discarded: 3, status: status(2, ['cut', 'idle', 'idle']) });
    expect(s.ctx().cells.map((c) => c.status)).toEqual(['cut', 'idle', 'idle']);
    s.emitted.length = 0;
    s.store.trigger.runCells({ upTo: 2 });
    expect(s.emitted).toEqual([{ type: 'engine.runCells', cells: [1, 2] }]);
  });

  it('acting in the past forgets the actions taken in the ticks it discarded', () => {
    const { store, ctx } = ranTo(40);
    store.trigger.seek({ tick: 40 });
    store.trigger.requestAct({ command: 'sim crash c' });
    store.trigger.acted({ ok: true, output: [], command: 'sim crash c', tick: 40, discarded: 0, status: status(40, ['ran']) });
    store.trigger.seek({ tick: 10 });
    store.trigger.requestAct({ command: 'sim consumer stop c' });
    store.trigger.confirmAct();
    store.trigger.acted({ ok: true, output: [], command: 'sim consumer stop c', tick: 10, discarded: 30, status: status(10, ['cut']) });
    expect(ctx().actions).toEqual([{ command: 'sim consumer stop c', tick: 10 }]);
  });

  it('restoring saved progress replays without playing and refuses the reader’s requests until done', () => {
    const { store, emitted, ctx } = setup(2);
    store.trigger.restoreStarted();
    store.trigger.cellsRan({ results: [result(0, 0, 30)], status: status(30, ['ran', 'idle']) });
    expect(ctx()).toMatchObject({ playing: false, tick: 30, restoring: true });
    store.trigger.runCells({ upTo: 1 });
    store.trigger.requestAct({ command: 'sim crash c' });
    store.trigger.reset();
    expect(emitted).toEqual([]);
    store.trigger.restored({ message: 'Welcome back' });
    expect(ctx()).toMatchObject({ restoring: false, busy: null, message: 'Welcome back' });
  });
});
