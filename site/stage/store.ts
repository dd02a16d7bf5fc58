/**
 * Every UI state the stage has, in one @xstate/store: the tick shown, playing or not, the speed,
 * the cells' outputs, the reader's stage actions, open panels, what the engine is busy with.
 *
 * Transitions are pure. What they need done outside — ask the engine worker for something, or
 * let it go — they emit as data (`engine.*` events), which the controller (stage-effects.ts)
 * carries out and answers with events of its own. The view renders from this context and the
 * frame of `tick`; it never writes into the engine.
 */
import { createStore } from '@xstate/store';
import type { CellRunResult, CellState, PrintedLine, StageAction, TimelineMark, TimelineStatus } from './protocol.ts';

/** A cell as the page shows it. `queued`/`running` are the page's own; the rest mirror the kernel's CellState. */
export type CellStatus = CellState | 'queued' | 'running' | 'error';

export interface CellView {
  readonly status: CellStatus;
  /** The last run's result (kept for `cut` cells, whose output describes a discarded future). */
  readonly result: CellRunResult | null;
}

/** How the shown tick last changed: a step animates, a jump redraws at once. */
export type Move = 'step' | 'jump';

/** Speeds offered, in ticks per second. */
export const SPEEDS = [1, 2, 4, 8, 16, 32] as const;

/** Ticks one live request asks for while playing at the head. */
export const LIVE_TICKS = 8;

export interface StageContext {
  /** `loading` until the worker answered; `broken` when it cannot run (the message says why). */
  readonly engine: 'loading' | 'ready' | 'broken';
  /** A request the reader waits for (running cells, acting, resetting, restoring), or null. */
  readonly busy: { readonly label: string; readonly cancelling: boolean } | null;
  /** Saved progress is being replayed: the reader waits, and nothing plays. */
  readonly restoring: boolean;
  readonly tick: number;
  readonly headTick: number;
  readonly move: Move;
  readonly playing: boolean;
  /** Playing stops at this tick (a cell's last tick); null plays on past the head, live, until the world is quiet. */
  readonly playUntil: number | null;
  /** A live step was asked of the engine and has not arrived yet; `from` is the tick shown when it was asked. */
  readonly awaitingTicks: { readonly from: number } | null;
  readonly speed: number;
  readonly reducedMotion: boolean;
  readonly quietAtHead: boolean;
  readonly marks: readonly TimelineMark[];
  /** Per guided step of the page (`<WaitFor>`), the first tick its condition was met, or null. */
  readonly watchHits: readonly (number | null)[];
  readonly cells: readonly CellView[];
  /** The cell whose ticks are being shown (the stage follows it on narrow screens). */
  readonly activeCell: number | null;
  /** Crash, restart and stop clicks still in the timeline, as the commands they issued. */
  readonly actions: readonly StageAction[];
  /** An action in the past waiting for the reader's yes, with the ticks it would discard. */
  readonly confirm: { readonly command: string; readonly tick: number; readonly discard: number } | null;
  /** The group whose ledger is open (its duplicates are marked on the tapes), and its printed lines at `tick` once loaded. */
  readonly ledgerGroup: string | null;
  readonly ledger: { readonly tick: number; readonly lines: readonly PrintedLine[] } | null;
  /** One sentence for the reader (an action's output, "the world is quiet", an error). */
  readonly message: string | null;
  readonly helpOpen: boolean;
}

export function initialStageContext(cellCount: number, reducedMotion = false): StageContext {
  return {
    engine: 'loading',
    busy: null,
    restoring: false,
    tick: 0,
    headTick: 0,
    move: 'jump',
    playing: false,
    playUntil: null,
    awaitingTicks: null,
    speed: 4,
    reducedMotion,
    quietAtHead: true,
    marks: [],
    watchHits: [],
    cells: Array.from({ length: cellCount }, () => ({ status: 'idle', result: null })),
    activeCell: null,
    actions: [],
    confirm: null,
    ledgerGroup: null,
    ledger: null,
    message: null,
    helpOpen: false,
  };
}

/** What the controller is asked to do. */
export type StageEffects = {
  'engine.runCells': { readonly cells: readonly number[] };
  'engine.act': { readonly command: string; readonly tick: number };
  'engine.advance': { readonly ticks: number; readonly untilQuiet: boolean };
  'engine.reset': {};
  'engine.cancel': {};
  'engine.ledger': { readonly group: string; readonly tick: number };
};

type StageEvents = {
  engineReady: { status: TimelineStatus };
  engineBroken: { message: string };
  /** Run the cells not run yet up to `cell`, in order; replays a cell that already ran. */
  runCells: { upTo: number };
  cellsRan: { results: readonly CellRunResult[]; status: TimelineStatus };
  togglePlay: {};
  /** The playback clock fired: show the next tick. */
  clockTick: {};
  advanced: { status: TimelineStatus };
  stepForward: {};
  stepBack: {};
  seek: { tick: number };
  setSpeed: { speed: number };
  faster: {};
  slower: {};
  /** A crash / restart / stop button: the `sim` command it issues. */
  requestAct: { command: string };
  confirmAct: {};
  cancelAct: {};
  acted: { ok: boolean; output: readonly PrintedLine[]; command: string; tick: number; discarded: number; status: TimelineStatus };
  reset: {};
  cancel: {};
  /** The engine could not do what was asked (cancelled, or failed): say so, change nothing else. */
  requestFailed: { message: string; status: TimelineStatus | null };
  openLedger: { group: string };
  closeLedger: {};
  ledgerLoaded: { group: string; tick: number; lines: readonly PrintedLine[] };
  setReducedMotion: { reduced: boolean };
  toggleHelp: {};
  closeHelp: {};
  /** Saved progress is about to be replayed, request by request. */
  restoreStarted: {};
  /** Saved progress was replayed (or could not be): tell the reader. */
  restored: { message: string };
  /** The page's notebook was replaced (the playground's cells or seed changed): a fresh world of `cellCount` cells is starting. */
  notebookReplaced: { cellCount: number };
};

type Ctx = StageContext;

function clampTick(ctx: Ctx, tick: number): number {
  return Math.max(0, Math.min(ctx.headTick, Math.floor(tick)));
}

/** A cell's status once the kernel said where it stands. */
function reconcile(cell: CellView, state: CellState): CellView {
  if (cell.status === 'error' && cell.result) {
    // A cell that did not parse ran nothing (the kernel keeps it idle); a plain script that failed
    // midway ran its first commands (the kernel says ran). Either error stands until that changes.
    const nothingRan = cell.result.steps.length === 0;
    if ((nothingRan && state === 'idle') || (!nothingRan && state === 'ran')) return cell;
  }
  if (state === 'idle') return cell.status === 'idle' && cell.result === null ? cell : { status: 'idle', result: null };
  return { status: state, result: cell.result };
}

/** The timeline fields every engine answer refreshes. */
function withStatus(ctx: Ctx, status: TimelineStatus): Ctx {
  const cells = ctx.cells.map((cell, i) => reconcile(cell, status.cells[i] ?? 'idle'));
  return {
    ...ctx,
    headTick: status.headTick,
    marks: status.marks,
    watchHits: status.watchHits,
    quietAtHead: status.quietAtHead,
    cells,
    tick: Math.min(ctx.tick, status.headTick),
  };
}

/** Stops playing. A live step already asked for still arrives (awaitingTicks stays until it does). */
function stop(ctx: Ctx): Ctx {
  return { ...ctx, playing: false, playUntil: null };
}

/** The engine is doing something for the reader, or about to: no second request now. */
const isActing = (ctx: Ctx) => ctx.engine !== 'ready' || ctx.busy !== null || ctx.restoring || ctx.awaitingTicks !== null;

function speedStep(ctx: Ctx, direction: 1 | -1): Ctx {
  const i = SPEEDS.findIndex((s) => s >= ctx.speed);
  const next = SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, (i < 0 ? SPEEDS.length - 1 : i) + direction))] ?? ctx.speed;
  return { ...ctx, speed: next };
}

function play(ctx: Ctx): Ctx {
  if (ctx.engine !== 'ready' || ctx.restoring) return ctx;
  return { ...ctx, playing: true, playUntil: ctx.tick < ctx.headTick ? ctx.headTick : null, message: null };
}

/** Creates the store for a stage with `cellCount` cells. */
export function createStageStore(cellCount: number, reducedMotion = false) {
  return createStore<Ctx, StageEvents, StageEffects>({
    context: initialStageContext(cellCount, reducedMotion),
    on: {
      engineReady: (ctx, { status }) => ({ ...withStatus(stop(ctx), status), engine: 'ready', busy: null, awaitingTicks: null, tick: 0, move: 'jump' }),
      engineBroken: (ctx, { message }) => ({ ...stop(ctx), engine: 'broken', busy: null, restoring: false, message }),

      runCells: (ctx, { upTo }, enq) => {
        if (isActing(ctx) || upTo < 0 || upTo >= ctx.cells.length) return ctx;
        const target = ctx.cells[upTo];
        if (target && (target.status === 'ran' || target.status === 'cut') && target.result) {
          // Already ran: play its ticks again.
          const { fromTick, toTick } = target.result;
          return { ...ctx, tick: fromTick, move: 'jump', playing: toTick > fromTick, playUntil: toTick, activeCell: upTo, message: null };
        }
        // A cell that did not parse ran nothing and may be tried again; one that failed midway ran its first commands.
        const runnable = (cell: CellView) => cell.status === 'idle' || (cell.status === 'error' && cell.result?.steps.length === 0);
        const queue = ctx.cells.flatMap((cell, i) => (i <= upTo && runnable(cell) ? [i] : []));
        if (queue.length === 0) return ctx;
        enq.emit['engine.runCells']({ cells: queue });
        const first = queue[0] ?? upTo;
        const cells = ctx.cells.map((cell, i): CellView => (queue.includes(i) ? { status: i === first ? 'running' : 'queued', result: cell.result } : cell));
        return { ...stop(ctx), cells, activeCell: first, busy: { label: `Running cell ${first + 1}`, cancelling: false }, message: null, confirm: null };
      },
      cellsRan: (ctx, { results, status }) => {
        const next = withStatus({ ...ctx, busy: ctx.restoring ? ctx.busy : null }, status);
        const byCell = new Map(results.map((r) => [r.cell, r]));
        const cells = next.cells.map((cell, i): CellView => {
          const result = byCell.get(i);
          if (result) return { status: result.error !== null ? 'error' : 'ran', result };
          // Queued cells after a failing one did not run.
          return cell.status === 'queued' || cell.status === 'running' ? { status: 'idle', result: null } : cell;
        });
        const first = results[0];
        const last = results[results.length - 1];
        if (!first || !last) return { ...next, cells };
        const shown = { ...next, cells, activeCell: last.cell };
        // Restoring replays silently; otherwise the stage plays the ticks the cells covered.
        if (ctx.restoring || last.toTick <= first.fromTick) return { ...shown, tick: last.toTick, move: 'jump' };
        return { ...shown, tick: first.fromTick, move: 'jump', playing: true, playUntil: last.toTick };
      },

      togglePlay: (ctx) => (ctx.playing ? stop(ctx) : play(ctx)),
      clockTick: (ctx, _event, enq) => {
        if (!ctx.playing || ctx.awaitingTicks) return ctx;
        const until = ctx.playUntil ?? ctx.headTick;
        if (ctx.tick < Math.min(until, ctx.headTick)) {
          const tick = ctx.tick + 1;
          const done = ctx.playUntil !== null && tick >= ctx.playUntil;
          return { ...ctx, tick, move: 'step', ...(done ? { playing: false, playUntil: null } : {}) };
        }
        if (ctx.playUntil === null && ctx.tick >= ctx.headTick && !isActing(ctx)) {
          if (ctx.quietAtHead)
            return { ...stop(ctx), message: `The world is quiet at tick ${ctx.headTick}: nothing more happens until you act or run the next cell.` };
          enq.emit['engine.advance']({ ticks: LIVE_TICKS, untilQuiet: true });
          return { ...ctx, awaitingTicks: { from: ctx.tick } };
        }
        return stop(ctx);
      },
      advanced: (ctx, { status }) => {
        const asked = ctx.awaitingTicks;
        const next = withStatus({ ...ctx, awaitingTicks: null }, status);
        // A single step forward at the head shows its new tick, unless the reader moved meanwhile;
        // playing shows the new ticks on the next clock ticks.
        if (!ctx.playing && asked && ctx.tick === asked.from) return { ...next, tick: status.headTick, move: 'step' };
        return next;
      },
      stepForward: (ctx, _event, enq) => {
        if (ctx.engine !== 'ready') return ctx;
        if (ctx.tick < ctx.headTick) return { ...stop(ctx), tick: ctx.tick + 1, move: 'step', message: null };
        if (isActing(ctx)) return stop(ctx);
        // At the head, stepping forward computes the next tick of the world.
        enq.emit['engine.advance']({ ticks: 1, untilQuiet: false });
        return { ...stop(ctx), awaitingTicks: { from: ctx.tick }, message: null };
      },
      stepBack: (ctx) => (ctx.engine === 'ready' ? { ...stop(ctx), tick: clampTick(ctx, ctx.tick - 1), move: 'jump', message: null } : ctx),
      seek: (ctx, { tick }) => (ctx.engine === 'ready' && Number.isFinite(tick) ? { ...stop(ctx), tick: clampTick(ctx, tick), move: 'jump' } : ctx),
      setSpeed: (ctx, { speed }) => ((SPEEDS as readonly number[]).includes(speed) ? { ...ctx, speed } : ctx),
      faster: (ctx) => speedStep(ctx, 1),
      slower: (ctx) => speedStep(ctx, -1),

      requestAct: (ctx, { command }, enq) => {
        if (isActing(ctx)) return ctx;
        const paused = stop(ctx);
        if (ctx.tick < ctx.headTick) return { ...paused, confirm: { command, tick: ctx.tick, discard: ctx.headTick - ctx.tick } };
        enq.emit['engine.act']({ command, tick: ctx.tick });
        return { ...paused, busy: { label: `Running ${command}`, cancelling: false }, message: null };
      },
      confirmAct: (ctx, _event, enq) => {
        if (!ctx.confirm || isActing(ctx)) return { ...ctx, confirm: null };
        enq.emit['engine.act']({ command: ctx.confirm.command, tick: ctx.confirm.tick });
        return { ...ctx, confirm: null, busy: { label: `Running ${ctx.confirm.command}`, cancelling: false } };
      },
      cancelAct: (ctx) => ({ ...ctx, confirm: null }),
      acted: (ctx, { ok, output, command, tick, discarded, status }) => {
        // `tick` is where the engine took the action (the one asked for, clamped to its timeline).
        const next = withStatus({ ...ctx, busy: ctx.restoring ? ctx.busy : null }, status);
        const said = output
          .map((l) => l.text)
          .join(' ')
          .trim();
        if (!ok) return { ...next, message: said || `${command} was refused` };
        // Acting in the past discarded every later tick, and the actions taken in them.
        const kept = discarded > 0 ? ctx.actions.filter((a) => a.tick <= tick) : ctx.actions;
        const note =
          discarded > 0 && !said.includes('discarded') ? ` (the ${discarded === 1 ? 'tick' : `${discarded} ticks`} after tick ${tick} were discarded)` : '';
        return { ...next, tick: Math.min(tick, status.headTick), move: 'jump', actions: [...kept, { command, tick }], message: `${said}${note}` || null };
      },

      reset: (ctx, _event, enq) => {
        if (ctx.engine === 'loading' || ctx.restoring) return ctx;
        enq.emit['engine.reset']({});
        return {
          ...initialStageContext(ctx.cells.length, ctx.reducedMotion),
          engine: ctx.engine,
          speed: ctx.speed,
          busy: { label: 'Resetting the world', cancelling: false },
        };
      },
      cancel: (ctx, _event, enq) => {
        if (ctx.busy === null || ctx.busy.cancelling) return ctx;
        enq.emit['engine.cancel']({});
        return { ...ctx, busy: { label: 'Cancelling', cancelling: true } };
      },
      requestFailed: (ctx, { message, status }) => {
        const base = { ...stop(ctx), busy: null, restoring: false, awaitingTicks: null, message };
        const cells = base.cells.map((cell): CellView => (cell.status === 'queued' || cell.status === 'running' ? { status: 'idle', result: null } : cell));
        return status ? withStatus({ ...base, cells }, status) : { ...base, cells };
      },

      openLedger: (ctx, { group }, enq) => {
        if (ctx.engine !== 'ready') return ctx;
        enq.emit['engine.ledger']({ group, tick: ctx.tick });
        return { ...ctx, ledgerGroup: group, ledger: null };
      },
      closeLedger: (ctx) => ({ ...ctx, ledgerGroup: null, ledger: null }),
      ledgerLoaded: (ctx, { group, tick, lines }) => (ctx.ledgerGroup === group ? { ...ctx, ledger: { tick, lines } } : ctx),

      setReducedMotion: (ctx, { reduced }) => ({ ...ctx, reducedMotion: reduced }),
      toggleHelp: (ctx) => ({ ...ctx, helpOpen: !ctx.helpOpen }),
      closeHelp: (ctx) => ({ ...ctx, helpOpen: false }),
      restoreStarted: (ctx) => ({ ...stop(ctx), restoring: true, busy: { label: 'Restoring your progress', cancelling: false } }),
      restored: (ctx, { message }) => ({ ...stop(ctx), restoring: false, busy: null, message }),
      notebookReplaced: (ctx, { cellCount }) => ({ ...initialStageContext(cellCount, ctx.reducedMotion), speed: ctx.speed }),
    },
  });
}

export type StageStore = ReturnType<typeof createStageStore>;
