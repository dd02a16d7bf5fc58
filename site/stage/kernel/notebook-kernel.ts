/**
 * The page's notebook on one timeline: its cells run in order in one world, the reader acts on
 * the stage (crash, restart, stop), and any tick can be drawn again. Runs in the engine worker.
 *
 * Everything is synchronous and total: bad input gives an error result, never an exception.
 * Everything is deterministic: the seed, the cell texts and the log of operations (`ops`) rebuild
 * the same timeline byte for byte (`NotebookKernel.replay`), which is how saved progress and a
 * worker restarted after a cancelled run come back.
 */
import { flagValue, formatShellError, isQuiet, parseScript, runCell, ShellSession, type Invocation, type WorldEvent } from '../../../engine/index.ts';
import { MAX_WAIT_TICKS } from '../../../engine/shell/tool-context.ts';
import type { CellRunResult, CellState, Frame, NotebookOp, PrintedLine, TimelineMark, TimelineStatus } from '../protocol.ts';
import { LedgerTallies } from './ledger-tally.ts';
import { shellWord } from '../shell-word.ts';
import { RecordingTimeline } from './recording-timeline.ts';
import { sceneOf, stageEvents } from './scene.ts';
import { stageEvent } from './stage-events.ts';
import { matchesWatch, type Watch } from './watches.ts';

/** Frames one call returns, at most: the page asks again for the rest. */
export const FRAME_LIMIT = 512;
/** Ticks one `advance` steps, at most (a shell command waits no longer either). */
export const ADVANCE_LIMIT = MAX_WAIT_TICKS;

/** What an action on the stage did. */
export interface ActResult {
  readonly output: readonly PrintedLine[];
  readonly ok: boolean;
  /** Ticks of history the action discarded (it was taken in the past). */
  readonly discardedTicks: number;
  /** The tick it was taken at (the one asked for, clamped to the timeline). */
  readonly tick: number;
}

/** What an `advance` did: the head moved from `fromTick` to `toTick`. */
export interface AdvanceResult {
  readonly error: string | null;
  readonly fromTick: number;
  readonly toTick: number;
}

interface CellSpan {
  readonly from: number;
  readonly to: number;
}

/**
 * One operation still in the timeline, with the ticks it covered: what a linear script of the
 * notebook replays (kernel/notebook-script.ts). An action in the past shortens or drops the
 * entries after it, as it discards their ticks.
 */
export type HistoryEntry =
  | { readonly kind: 'cell'; readonly cell: number; readonly from: number; readonly to: number; readonly cut: boolean }
  | { readonly kind: 'act'; readonly command: string; readonly from: number; readonly to: number }
  | { readonly kind: 'advance'; readonly ticks: number; readonly from: number; readonly to: number };

const MARK_OF: Partial<Record<WorldEvent['kind'], TimelineMark['kind']>> = {
  'consumer.crashed': 'crash',
  'broker.crashed': 'crash',
  'rebalance.completed': 'rebalance',
  'offsets.committed': 'commit',
};
const MARK_ORDER: readonly TimelineMark['kind'][] = ['action', 'crash', 'rebalance', 'commit'];

const stderr = (text: string): PrintedLine[] => text.split('\n').map((line) => ({ stream: 'stderr', text: line }));
const printed = (lines: readonly PrintedLine[]): PrintedLine[] => lines.map((l) => ({ stream: l.stream, text: l.text }));

export class NotebookKernel {
  readonly #seed: number;
  readonly #cells: readonly string[];
  #timeline: RecordingTimeline;
  #session: ShellSession;
  #states: CellState[];
  #spans: (CellSpan | null)[];
  /** At most one mark per (tick, kind), keyed `tick:kind`. */
  #marks = new Map<string, TimelineMark>();
  #ops: NotebookOp[] = [];
  #history: HistoryEntry[] = [];
  #changedFrom = 0;
  #quietAtHead = true;
  #lastDiscarded = 0;
  /** Ledger counts carried from frame to frame (see ledger-tally.ts); forgotten when the history is rewritten. */
  #ledgers = new LedgerTallies();
  /** The page's guided steps' conditions, and per watch the first tick an event met it (null: not yet). */
  readonly #watches: readonly Watch[];
  #watchHits: (number | null)[];

  constructor(seed: number, cellTexts: readonly string[], watches: readonly Watch[] = []) {
    this.#seed = seed;
    this.#cells = [...cellTexts];
    this.#watches = [...watches];
    this.#watchHits = this.#watches.map(() => null);
    this.#timeline = new RecordingTimeline({ seed });
    this.#session = new ShellSession(this.#timeline);
    this.#states = this.#cells.map(() => 'idle');
    this.#spans = this.#cells.map(() => null);
    this.#quietAtHead = isQuiet(this.#timeline.world);
  }

  /** Rebuilds a kernel from its seed, cells and operation log: the same timeline, byte for byte. */
  static replay(seed: number, cellTexts: readonly string[], ops: readonly NotebookOp[], watches: readonly Watch[] = []): NotebookKernel {
    const kernel = new NotebookKernel(seed, cellTexts, watches);
    for (const op of ops) {
      if (op.op === 'cell') kernel.runCells([op.cell]);
      else if (op.op === 'act') kernel.act(op.command, op.tick);
      else if (op.op === 'advance') kernel.advance(op.ticks, op.untilQuiet);
    }
    // Built from nothing: to whoever asked, every frame may differ.
    kernel.#changedFrom = 0;
    return kernel;
  }

  /** Every operation that changed the notebook, in order (what `replay` takes). */
  get ops(): readonly NotebookOp[] {
    return this.#ops;
  }

  /** The operations whose effects are still in the timeline, in order, with the ticks each covered. */
  get history(): readonly HistoryEntry[] {
    return this.#history;
  }

  get headTick(): number {
    return this.#timeline.headTick;
  }

  /** Forgets everything: a fresh timeline with the same seed and cells. */
  reset(): void {
    this.#timeline = new RecordingTimeline({ seed: this.#seed });
    this.#session = new ShellSession(this.#timeline);
    this.#states = this.#cells.map(() => 'idle');
    this.#spans = this.#cells.map(() => null);
    this.#ledgers = new LedgerTallies();
    this.#marks = new Map();
    this.#watchHits = this.#watches.map(() => null);
    this.#ops = [];
    this.#history = [];
    this.#changedFrom = 0;
    this.#quietAtHead = isQuiet(this.#timeline.world);
  }

  status(): TimelineStatus {
    const marks = [...this.#marks.values()].sort((a, b) => a.tick - b.tick || MARK_ORDER.indexOf(a.kind) - MARK_ORDER.indexOf(b.kind));
    return {
      headTick: this.#timeline.headTick,
      marks,
      quietAtHead: this.#quietAtHead,
      changedFrom: this.#changedFrom,
      cells: [...this.#states],
      watchHits: [...this.#watchHits],
    };
  }

  /**
   * Runs the listed cells at the head, in the order listed, skipping those already run (or cut);
   * stops after the first cell with an error (it does not parse, or a plain script failed).
   */
  runCells(indices: readonly number[]): CellRunResult[] {
    return this.#recording(() => {
      this.#toHead();
      const results: CellRunResult[] = [];
      let changedFrom: number | null = null;
      for (const index of indices) {
        const head = this.#timeline.headTick;
        const text = Number.isInteger(index) ? this.#cells[index] : undefined;
        if (text === undefined) {
          results.push({
            cell: index,
            error: `no cell ${index}: the notebook has ${this.#cells.length} cell(s)`,
            errorLine: null,
            steps: [],
            fromTick: head,
            toTick: head,
          });
          break;
        }
        if (this.#states[index] !== 'idle') continue;
        const result = runCell(this.#session, text);
        const toTick = this.#timeline.headTick;
        // A cell that does not parse runs nothing (no steps): it stays idle and leaves no op.
        if (result.steps.length > 0) {
          this.#states[index] = 'ran';
          this.#spans[index] = { from: head, to: toTick };
          this.#ops.push({ op: 'cell', cell: index });
          this.#history.push({ kind: 'cell', cell: index, from: head, to: toTick, cut: false });
          changedFrom ??= head;
        }
        const error = result.errors[0] ?? null;
        results.push({
          cell: index,
          error: error?.message ?? null,
          errorLine: error?.line ?? null,
          steps: result.steps.map((s, step) => ({
            step,
            output: printed(s.output),
            expected: s.expected === null ? null : [...s.expected],
            matches: s.matches,
            exitCode: s.exitCode,
          })),
          fromTick: head,
          toTick,
        });
        if (error) break;
      }
      this.#settle(changedFrom);
      return results;
    });
  }

  /**
   * One shell command issued from the stage at `tick` (`sim crash NAME`, …). Taken in the past,
   * it discards the future: cells that started later become idle, cells that spanned the tick are cut.
   */
  act(command: string, tick: number): ActResult {
    const at = this.#clampTick(tick);
    const invocation = this.#parseOne(command);
    if (typeof invocation === 'string') return { output: stderr(invocation), ok: false, discardedTicks: 0, tick: at };
    return this.#recording(() => {
      this.#timeline.seek(at);
      const revision = this.#timeline.revision;
      this.#lastDiscarded = 0;
      const outcome = this.#session.execute(invocation);
      const changed = this.#timeline.revision !== revision;
      if (changed) {
        this.#ops.push({ op: 'act', command, tick: at });
        this.#history.push({ kind: 'act', command, from: at, to: this.#timeline.headTick });
        this.#addMark(at, 'action');
      }
      this.#settle(changed ? at : null);
      return { output: printed(outcome.output), ok: outcome.exitCode === 0, discardedTicks: this.#lastDiscarded, tick: at };
    });
  }

  /** At the head, steps up to `ticks` ticks, stopping early once the world is quiet when `untilQuiet` (Play, live). */
  advance(ticks: number, untilQuiet: boolean): AdvanceResult {
    const from = this.#timeline.headTick;
    if (!Number.isInteger(ticks) || ticks < 0) return { error: `advance takes a whole number of ticks, not ${ticks}`, fromTick: from, toTick: from };
    const limit = Math.min(ticks, ADVANCE_LIMIT);
    return this.#recording(() => {
      this.#toHead();
      let stepped = 0;
      while (stepped < limit && !(untilQuiet && isQuiet(this.#timeline.world))) {
        this.#timeline.step();
        stepped++;
      }
      if (stepped > 0) {
        this.#ops.push({ op: 'advance', ticks: stepped, untilQuiet });
        this.#history.push({ kind: 'advance', ticks: stepped, from, to: from + stepped });
      }
      // Frames up to the old head are untouched: only new ticks were added.
      this.#settle(stepped > 0 ? from + 1 : null);
      return { error: null, fromTick: from, toTick: this.#timeline.headTick };
    });
  }

  /** The frame at tick `t` (clamped to [0, head]). */
  frame(t: number): Frame {
    const at = this.#clampTick(t);
    return this.#frameNow(this.#timeline.seek(at));
  }

  /** Frames from..to inclusive (clamped to [0, head]), at most FRAME_LIMIT, stepping through the recorded history. */
  frames(from: number, to: number): Frame[] {
    const first = this.#clampTick(from);
    const last = Math.min(this.#clampTick(to), first + FRAME_LIMIT - 1);
    if (first > last) return [];
    const frames = [this.#frameNow(this.#timeline.seek(first))];
    // In the past a step replays the recorded tick (its events included): no seek per frame.
    while (this.#timeline.tick < last) frames.push(this.#frameNow(this.#timeline.step()));
    return frames;
  }

  /** What `sim ledger --group G` prints at `tick` (read-only: the history is not touched). */
  ledger(group: string, tick: number): PrintedLine[] {
    const invocation = this.#parseOne(`sim ledger --group ${shellWord(group)}`);
    if (typeof invocation === 'string' || flagValue(invocation, '--group') !== group)
      return stderr(`error: cannot ask for the ledger of group ${JSON.stringify(group)}`);
    this.#timeline.seek(this.#clampTick(tick));
    return printed(this.#session.execute(invocation).output);
  }

  #frameNow(events: readonly WorldEvent[]): Frame {
    const world = this.#timeline.world;
    return { tick: world.tick, scene: sceneOf(world, { ledgers: this.#ledgers }), events: stageEvents(events) };
  }

  #clampTick(t: number): number {
    const head = this.#timeline.headTick;
    if (Number.isNaN(t)) return head;
    return Math.max(0, Math.min(Math.floor(t), head));
  }

  /** The one command in `text`, or the error to print. */
  #parseOne(text: string): Invocation | string {
    const parsed = parseScript(text);
    if (!parsed.ok) return formatShellError(parsed.error);
    const [only, ...rest] = parsed.commands;
    if (!only || rest.length > 0) return `error: expected exactly one command, got ${parsed.commands.length}`;
    return only;
  }

  /** Runs `work` while listening to the timeline: events become marks, a discarded future updates the cells. */
  #recording<T>(work: () => T): T {
    this.#timeline.listen({
      truncated: (tick, discardedTicks) => this.#truncated(tick, discardedTicks),
      events: (events) => {
        for (const e of events) {
          const kind = MARK_OF[e.kind];
          if (kind) this.#addMark(e.tick, kind);
        }
        this.#checkWatches(events);
      },
    });
    try {
      return work();
    } finally {
      this.#timeline.listen(null);
    }
  }

  #truncated(tick: number, discardedTicks: number): void {
    this.#lastDiscarded += discardedTicks;
    // Ledger entries past the new head will be written again, differently: recount from scratch.
    this.#ledgers.forget();
    this.#spans.forEach((span, i) => {
      if (!span) return;
      if (span.from > tick) {
        this.#states[i] = 'idle';
        this.#spans[i] = null;
      } else if (tick < span.to) {
        this.#states[i] = 'cut';
      }
    });
    for (const [key, mark] of this.#marks) if (mark.tick > tick) this.#marks.delete(key);
    // The same rule for the history: entries that started later are gone, those spanning the tick end there.
    this.#history = this.#history.flatMap((entry): HistoryEntry[] => {
      if (entry.from > tick) return [];
      if (entry.to <= tick) return [entry];
      if (entry.kind === 'advance') return tick > entry.from ? [{ ...entry, ticks: tick - entry.from, to: tick }] : [];
      if (entry.kind === 'cell') return [{ ...entry, to: tick, cut: true }];
      return [{ ...entry, to: tick }];
    });
    this.#watchHits = this.#watchHits.map((hit) => (hit !== null && hit > tick ? null : hit));
  }

  /** Notes the first tick each watch not yet met is met by one of `events`. */
  #checkWatches(events: readonly WorldEvent[]): void {
    if (this.#watchHits.every((hit) => hit !== null)) return;
    for (const e of events) {
      let projected: ReturnType<typeof stageEvent> | null = null;
      this.#watches.forEach((watch, i) => {
        if (this.#watchHits[i] !== null || e.kind !== watch.event) return;
        projected ??= stageEvent(e);
        if (matchesWatch(watch, projected)) this.#watchHits[i] = e.tick;
      });
    }
  }

  #addMark(tick: number, kind: TimelineMark['kind']): void {
    this.#marks.set(`${tick}:${kind}`, { tick, kind });
  }

  /** After an operation: where frames changed (null: nowhere), and whether the head is quiet. */
  #settle(changedFrom: number | null): void {
    const head = this.#timeline.headTick;
    this.#changedFrom = changedFrom ?? head + 1;
    if (changedFrom === null) return;
    // A change to the history always leaves the world at the head; seek only to be safe.
    this.#toHead();
    this.#quietAtHead = isQuiet(this.#timeline.world);
  }

  /** Back to the head after frames were drawn from the past (a seek replays: skip it when already there). */
  #toHead(): void {
    if (this.#timeline.isInPast) this.#timeline.seekHead();
  }
}
