/**
 * Every UI state the stage has, in one @xstate/store: the tick shown, playing or not, the speed,
 * the cells' outputs, the reader's stage actions, open panels, what the engine is busy with.
 *
 * Transitions are pure. What they need done outside — ask the engine worker for something, or
 * let it go — they emit as data (`engine.*` events), which the controller (stage-controller.ts)
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

export interface StageContext {
  /** `loading` until the worker answered; `broken` when it cannot run (the message says why). */
  readonly engine: 'loading' | 'ready' | 'broken';
  /** A request the reader waits for (running cells, acting, resetting), or null. */
  readonly busy: { readonly label: string } | null;
  readonly tick: number;
  readonly headTick: number;
  readonly move: Move;
  readonly playing: boolean;
  /** Playing stops at this tick (a cell's last tick); null plays on past the head, live, until the world is quiet. */
  readonly playUntil: number | null;
  /** A live step was asked of the engine and has not arrived yet. */
  readonly awaitingTicks: boolean;
  readonly speed: number;
  readonly reducedMotion: boolean;
  readonly quietAtHead: boolean;
  readonly marks: readonly TimelineMark[];
  readonly cells: readonly CellView[];
  /** The cell whose ticks are being shown (the stage follows it on narrow screens). */
  readonly activeCell: number | null;
  /** Crash, restart and stop clicks, as the commands they issued. */
  readonly actions: readonly StageAction[];
  /** An action in the past waiting for the reader's yes, with the ticks it would discard. */
  readonly confirm: { readonly command: string; readonly tick: number; readonly discard: number } | null;
  /** The group whose ledger is open (its duplicates are marked on the tapes), its printed lines once loaded. */
  readonly ledgerGroup: string | null;
  readonly ledgerLines: readonly PrintedLine[] | null;
  /** One sentence for the reader (an action's output, "the world is quiet", an error). */
  readonly message: string | null;
  readonly helpOpen: boolean;
}

export function initialStageContext(cellCount: number, reducedMotion = false): StageContext {
  return {
    engine: 'loading',
    busy: null,
    tick: 0,
    headTick: 0,
    move: 'jump',
    playing: false,
    playUntil: null,
    awaitingTicks: false,
    speed: 4,
    reducedMotion,
    quietAtHead: true,
    marks: [],
    cells: Array.from({ length: cellCount }, () => ({ status: 'idle', result: null })),
    activeCell: null,
    actions: [],
    confirm: null,
    ledgerGroup: null,
    ledgerLines: null,
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
  play: {};
  pause: {};
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
  acted: { ok: boolean; output: readonly PrintedLine[]; command: string; tick: number; status: TimelineStatus };
  reset: {};
  cancel: {};
  /** The engine could not do what was asked (cancelled, or failed): say so, change nothing else. */
  requestFailed: { message: string; status: TimelineStatus | null };
  busy: { label: string };
  openLedger: { group: string };
  closeLedger: {};
  ledgerLoaded: { group: string; lines: readonly PrintedLine[] };
  setReducedMotion: { reduced: boolean };
  toggleHelp: {};
  closeHelp: {};
  dismissMessage: {};
  /** Saved progress was replayed (or could not be): tell the reader. */
  restored: { message: string };
};

type Ctx = StageContext;

function clampTick(ctx: Ctx, tick: number): number {
  return Math.max(0, Math.min(ctx.headTick, Math.floor(tick)));
}

/** The timeline fields every engine answer refreshes. */
function withStatus(ctx: Ctx, status: TimelineStatus): Ctx {
  const cells = ctx.cells.map((cell, i): CellView => {
    const state = status.cells[i] ?? 'idle';
    // An error stays shown until the cell is run again or the future it ran in is discarded.
    if (cell.status === 'error' && state !== 'cut') return cell;
    if (state === 'idle') return { status: 'idle', result: null };
    return { status: state, result: cell.result };
  });
  return { ...ctx, headTick: status.headTick, marks: status.marks, quietAtHead: status.quietAtHead, cells, tick: Math.min(ctx.tick, status.headTick) };
}

function stop(ctx: Ctx): Ctx {
  return { ...ctx, playing: false, playUntil: null, awaitingTicks: false };
}

const isActing = (ctx: Ctx) => ctx.engine !== 'ready' || ctx.busy !== null;

function speedStep(ctx: Ctx, direction: 1 | -1): Ctx {
  const i = SPEEDS.findIndex((s) => s >= ctx.speed);
  const next = SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, (i < 0 ? SPEEDS.length - 1 : i) + direction))] ?? ctx.speed;
  return { ...ctx, speed: next };
}

/** Creates the store for a stage with `cellCount` cells. */
export function createStageStore(cellCount: number, reducedMotion = false) {
  return createStore<Ctx, StageEvents, StageEffects>({
    context: initialStageContext(cellCount, reducedMotion),
    on: {
      engineReady: (ctx, { status }) => ({ ...withStatus(stop(ctx), status), engine: 'ready', busy: null, tick: 0, move: 'jump' }),
      engineBroken: (ctx, { message }) => ({ ...stop(ctx), engine: 'broken', busy: null, message }),

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
        const cells = ctx.cells.map((cell, i): CellView => (queue.includes(i) ? { status: i === queue[0] ? 'running' : 'queued', result: cell.result } : cell));
        return { ...stop(ctx), cells, activeCell: queue[0] ?? upTo, busy: { label: `Running cell ${(queue[0] ?? upTo) + 1}` }, message: null, confirm: null };
      },
      cellsRan: (ctx, { results, status }) => {
        let next = withStatus({ ...ctx, busy: null }, status);
        const byCell = new Map(results.map((r) => [r.cell, r]));
        const cells = next.cells.map((cell, i): CellView => {
          const result = byCell.get(i);
          if (result) return { status: result.error !== null || isFailedScript(result) ? 'error' : 'ran', result };
          // Queued cells after a failing one did not run.
          return cell.status === 'queued' || cell.status === 'running' ? { status: 'idle', result: null } : cell;
        });
        next = { ...next, cells };
        const first = results[0];
        const last = results[results.length - 1];
        if (!first || !last) return next;
        const activeCell = last.cell;
        if (last.toTick <= first.fromTick) return { ...next, tick: last.toTick, move: 'jump', activeCell };
        return { ...next, tick: first.fromTick, move: 'jump', playing: true, playUntil: last.toTick, activeCell };
      },

      play: (ctx) => (ctx.engine === 'ready' ? { ...ctx, playing: true, playUntil: ctx.tick < ctx.headTick ? ctx.headTick : null, message: null } : ctx),
      pause: (ctx) => stop(ctx),
      togglePlay: (ctx) =>
        ctx.playing ? stop(ctx) : ctx.engine === 'ready' ? { ...ctx, playing: true, playUntil: ctx.tick < ctx.headTick ? ctx.headTick : null, message: null } : ctx,
      clockTick: (ctx, _event, enq) => {
        if (!ctx.playing || ctx.awaitingTicks) return ctx;
        const until = ctx.playUntil ?? ctx.headTick;
        if (ctx.tick < Math.min(until, ctx.headTick)) {
          const tick = ctx.tick + 1;
          const done = ctx.playUntil !== null && tick >= ctx.playUntil;
          return { ...ctx, tick, move: 'step', ...(done ? { playing: false, playUntil: null } : {}) };
        }
        if (ctx.playUntil === null && ctx.tick >= ctx.headTick && !isActing(ctx)) {
          if (ctx.quietAtHead) return { ...stop(ctx), message: `The world is quiet at tick ${ctx.headTick}: nothing more happens until you act or run the next cell.` };
          enq.emit['engine.advance']({ ticks: 8, untilQuiet: true });
          return { ...ctx, awaitingTicks: true };
        }
        return stop(ctx);
      },
      advanced: (ctx, { status }) => {
        const next = withStatus({ ...ctx, awaitingTicks: false }, status);
        // A single step forward at the head shows its new tick at once; playing shows it on the next clock tick.
        if (!ctx.playing) return { ...next, tick: status.headTick, move: 'step' };
        return next;
      },
      stepForward: (ctx, _event, enq) => {
        if (ctx.engine !== 'ready') return ctx;
        if (ctx.tick < ctx.headTick) return { ...stop(ctx), tick: ctx.tick + 1, move: 'step', message: null };
        if (isActing(ctx) || ctx.awaitingTicks) return stop(ctx);
        // At the head, stepping forward computes the next tick of the world.
        enq.emit['engine.advance']({ ticks: 1, untilQuiet: false });
        return { ...stop(ctx), awaitingTicks: true, message: null };
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
        return { ...paused, busy: { label: `Running ${command}` }, message: null };
      },
      confirmAct: (ctx, _event, enq) => {
        if (!ctx.confirm || isActing(ctx)) return { ...ctx, confirm: null };
        enq.emit['engine.act']({ command: ctx.confirm.command, tick: ctx.confirm.tick });
        return { ...ctx, confirm: null, busy: { label: `Running ${ctx.confirm.command}` } };
      },
      cancelAct: (ctx) => ({ ...ctx, confirm: null }),
      acted: (ctx, { ok, output, command, tick, status }) => {
        // `tick` is where the engine took the action (the one asked for, clamped to its timeline).
        const next = withStatus({ ...ctx, busy: null }, status);
        const said = output.map((l) => l.text).join(' ').trim();
        if (!ok) return { ...next, message: said || `${command} was refused` };
        return { ...next, tick: Math.min(tick, status.headTick), move: 'jump', actions: [...ctx.actions, { command, tick }], message: said || null };
      },

      reset: (ctx, _event, enq) => {
        if (ctx.engine === 'loading') return ctx;
        enq.emit['engine.reset']({});
        return { ...initialStageContext(ctx.cells.length, ctx.reducedMotion), speed: ctx.speed, busy: { label: 'Resetting the world' } };
      },
      cancel: (ctx, _event, enq) => {
        if (ctx.busy === null) return ctx;
        enq.emit['engine.cancel']({});
        return ctx;
      },
      requestFailed: (ctx, { message, status }) => {
        const base = { ...stop(ctx), busy: null, message };
        const cells = base.cells.map((cell): CellView => (cell.status === 'queued' || cell.status === 'running' ? { status: 'idle', result: null } : cell));
        return status ? withStatus({ ...base, cells }, status) : { ...base, cells };
      },
      busy: (ctx, { label }) => ({ ...ctx, busy: { label } }),

      openLedger: (ctx, { group }, enq) => {
        if (ctx.engine !== 'ready') return ctx;
        enq.emit['engine.ledger']({ group, tick: ctx.tick });
        return { ...ctx, ledgerGroup: group, ledgerLines: null };
      },
      closeLedger: (ctx) => ({ ...ctx, ledgerGroup: null, ledgerLines: null }),
      ledgerLoaded: (ctx, { group, lines }) => (ctx.ledgerGroup === group ? { ...ctx, ledgerLines: lines } : ctx),

      setReducedMotion: (ctx, { reduced }) => ({ ...ctx, reducedMotion: reduced }),
      toggleHelp: (ctx) => ({ ...ctx, helpOpen: !ctx.helpOpen }),
      closeHelp: (ctx) => ({ ...ctx, helpOpen: false }),
      dismissMessage: (ctx) => ({ ...ctx, message: null }),
      restored: (ctx, { message }) => ({ ...stop(ctx), message }),
    },
  });
}

export type StageStore = ReturnType<typeof createStageStore>;

/** A plain script that stopped at a failing command is a cell error, as `streamlab run` exits non-zero. */
function isFailedScript(result: CellRunResult): boolean {
  return result.steps.some((s) => s.expected === null && s.exitCode !== 0);
}
