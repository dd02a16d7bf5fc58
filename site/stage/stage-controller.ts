/**
 * Wires one stage together: the store's emitted requests go to the engine worker and come back
 * as store events; every store change is rendered (controls, cells, panels, and the drawing of
 * the frame of the shown tick); the playback clock and the frame prefetching live here.
 *
 * Order of truth: the worker owns the world, the store owns UI state, and the view only ever
 * draws a frame the worker computed for exactly the tick it shows.
 */
import type { CellElement } from './cells/cell-element.ts';
import { EMPTY_FRAME, emptyStatus, RequestCancelled, type EngineClient } from './engine-client.ts';
import { FrameCache } from './frame-cache.ts';
import { appControls, renderAppControls } from './panels/app-controls.ts';
import { renderStateTable } from './panels/state-table.ts';
import { renderMarks } from './panels/timeline-marks.ts';
import { focusKind, shortcutFor } from './keyboard.ts';
import type { Frame, NotebookOp, TimelineStatus } from './protocol.ts';
import type { StageContext, StageStore } from './store.ts';
import type * as View from './view/view.ts';
import type { StageDom } from './stage-dom.ts';
import { saveProgress, type ProgressTarget } from './progress.ts';

/** Frames asked for at once when the shown tick is missing or playback runs ahead. */
const FRAME_BATCH = 96;
/** A request shows its progress bar (with Cancel) once it has taken this long. */
const BUSY_DELAY_MS = 250;

export interface StageControllerOptions {
  readonly mode: 'lesson' | 'mini';
  /** Where saved progress is kept (lesson pages), or null to keep none. */
  readonly progress: ProgressTarget | null;
}

export class StageController {
  readonly #dom: StageDom;
  readonly #store: StageStore;
  readonly #client: EngineClient;
  readonly #cells: readonly CellElement[];
  readonly #options: StageControllerOptions;
  readonly #frames = new FrameCache();
  #drawn: { tick: number; ledgerGroup: string | null; width: number; frame: Frame } | null = null;
  #width = 0;
  #clock: ReturnType<typeof setTimeout> | null = null;
  #fetching: Promise<void> | null = null;
  #busySince: number | null = null;
  #busyTimer: ReturnType<typeof setInterval> | null = null;
  #controlsKey = '';
  #ledgerTick: number | null = null;
  #marksKey = '';
  #youRanCount = -1;
  #placedAfter: number | null | undefined = undefined;
  #measured = 0;
  /** The drawing code, once loaded (see #loadView). */
  #view: typeof View | null = null;
  #viewLoading: Promise<void> | null = null;
  readonly #home: { parent: Node; next: Node | null };

  constructor(dom: StageDom, store: StageStore, client: EngineClient, cells: readonly CellElement[], options: StageControllerOptions) {
    this.#dom = dom;
    this.#store = store;
    this.#client = client;
    this.#cells = cells;
    this.#options = options;
    this.#home = { parent: dom.root.parentNode as Node, next: dom.root.nextSibling };
    this.#wireEffects();
    this.#wireControls();
    store.subscribe((snapshot) => this.#update(snapshot.context));
  }

  get store(): StageStore {
    return this.#store;
  }

  /**
   * Makes the stage interactive. A lesson's world is empty until a cell runs, so the engine
   * worker starts on first use (or intent); `eager` starts it now (the home page plays at once),
   * and saved operations are replayed through the normal requests.
   */
  async start(restore: readonly NotebookOp[] = [], eager = false): Promise<void> {
    try {
      if (eager || restore.length > 0) {
        const ready = await this.#client.init();
        this.#frames.put([ready.frame]);
        this.#store.trigger.engineReady({ status: ready.status });
      } else {
        this.#frames.put([EMPTY_FRAME]);
        this.#store.trigger.engineReady({ status: emptyStatus(this.#cells.length) });
      }
      if (restore.length > 0) await this.#restore(restore);
    } catch (error) {
      this.#store.trigger.engineBroken({ message: `The simulator could not start: ${messageOf(error)}. Reload the page to try again.` });
    }
    this.#dom.root.dataset['ready'] = 'true';
    // The bench reads this: navigation to an interactive stage.
    performance.mark('streamlab:stage-ready');
  }

  /** Replays saved operations; if the lesson no longer accepts them, starts afresh and says so. */
  async #restore(ops: readonly NotebookOp[]): Promise<void> {
    const store = this.#store;
    const client = this.#client;
    try {
      for (const op of ops) {
        if (op.op === 'cell') {
          const answer = await client.runCells([op.cell]);
          this.#take(answer.status, answer.frames);
          store.trigger.cellsRan({ results: answer.results, status: answer.status });
        } else if (op.op === 'act') {
          const answer = await client.act(op.command, op.tick);
          this.#take(answer.status, answer.frames);
          store.trigger.acted({ ok: answer.ok, output: answer.output, command: op.command, tick: answer.tick, status: answer.status });
        } else {
          const answer = await client.advance(op.ticks, op.untilQuiet);
          this.#take(answer.status, answer.frames);
          store.trigger.advanced({ status: answer.status });
        }
      }
      const head = store.getSnapshot().context.headTick;
      store.trigger.seek({ tick: head });
      store.trigger.restored({ message: `Welcome back: your progress is restored (${ops.length} step${ops.length === 1 ? '' : 's'}). Reset starts the lesson over.` });
    } catch {
      const ready = await client.reset();
      this.#frames.clear();
      this.#frames.put([ready.frame]);
      store.trigger.engineReady({ status: ready.status });
      store.trigger.restored({ message: 'Your saved progress could not be replayed on this version of the lesson, so the lesson starts afresh.' });
      this.#save();
    }
  }

  // --- requests the store emits -------------------------------------------------------------

  #wireEffects(): void {
    const store = this.#store;
    const client = this.#client;
    store.on('engine.runCells', ({ cells }) =>
      this.#request(async () => {
        const answer = await client.runCells(cells);
        this.#take(answer.status, answer.frames);
        store.trigger.cellsRan({ results: answer.results, status: answer.status });
      }),
    );
    store.on('engine.act', ({ command, tick }) =>
      this.#request(async () => {
        const answer = await client.act(command, tick);
        this.#take(answer.status, answer.frames);
        store.trigger.acted({ ok: answer.ok, output: answer.output, command, tick: answer.tick, status: answer.status });
      }),
    );
    store.on('engine.advance', ({ ticks, untilQuiet }) =>
      this.#request(async () => {
        const answer = await client.advance(ticks, untilQuiet);
        this.#take(answer.status, answer.frames);
        store.trigger.advanced({ status: answer.status });
      }),
    );
    store.on('engine.reset', () =>
      this.#request(async () => {
        const ready = await client.reset();
        this.#frames.clear();
        this.#frames.put([ready.frame]);
        this.#drawn = null;
        store.trigger.engineReady({ status: ready.status });
      }),
    );
    store.on('engine.ledger', ({ group, tick }) => {
      this.#ledgerTick = tick;
      void client.ledger(group, tick).then(
        (lines) => store.trigger.ledgerLoaded({ group, lines }),
        () => undefined,
      );
    });
    store.on('engine.cancel', () => {
      void client.cancel().then(
        (status) => {
          this.#frames.clear();
          this.#drawn = null;
          store.trigger.requestFailed({ message: 'Cancelled. The world is as it was before that request.', status });
        },
        (error: unknown) => store.trigger.engineBroken({ message: `The simulator could not restart: ${messageOf(error)}` }),
      );
    });
  }

  /** Runs one engine request; a failure becomes a message, a cancellation is answered elsewhere. */
  #request(work: () => Promise<void>): void {
    work().then(
      () => this.#save(),
      (error: unknown) => {
        if (error instanceof RequestCancelled) return;
        this.#store.trigger.requestFailed({ message: `The simulator failed: ${messageOf(error)}`, status: null });
      },
    );
  }

  #take(status: TimelineStatus, frames: readonly Frame[]): void {
    this.#frames.invalidateFrom(status.changedFrom);
    this.#frames.put(frames);
    if (this.#drawn && this.#drawn.tick >= status.changedFrom) this.#drawn = null;
  }

  #save(): void {
    if (this.#options.progress) saveProgress(this.#options.progress, this.#client.ops);
  }

  // --- controls -----------------------------------------------------------------------------

  #wireControls(): void {
    const dom = this.#dom;
    const t = this.#store.trigger;
    dom.runAll?.addEventListener('click', () => t.runCells({ upTo: this.#cells.length - 1 }));
    dom.reset?.addEventListener('click', () => t.reset());
    dom.stepBack.addEventListener('click', () => t.stepBack());
    dom.stepForward.addEventListener('click', () => t.stepForward());
    dom.play.addEventListener('click', () => this.#togglePlay());
    dom.speed.addEventListener('change', () => t.setSpeed({ speed: Number(dom.speed.value) }));
    dom.tick.addEventListener('input', () => t.seek({ tick: Number(dom.tick.value) }));
    dom.help.addEventListener('click', () => t.toggleHelp());
    dom.helpDialog.addEventListener('close', () => t.closeHelp());
    dom.cancel.addEventListener('click', () => t.cancel());
    dom.confirmDialog.addEventListener('close', () => {
      if (dom.confirmDialog.returnValue === 'confirm') t.confirmAct();
      else t.cancelAct();
    });
    dom.root.addEventListener('keydown', (event) => this.#onKey(event));
    // A pointer or the focus reaching the stage or a cell: start the engine (and load the drawing) before they are asked for.
    const warm = () => {
      this.#client.warm();
      this.#loadView();
    };
    for (const el of [dom.root, ...this.#cells.map((c) => c.element)]) {
      el.addEventListener('pointerover', warm, { once: true });
      el.addEventListener('focusin', warm, { once: true });
    }
    if (this.#options.mode === 'lesson') document.addEventListener('keydown', (event) => {
      // Outside the stage, shortcuts work only where nothing else has the focus.
      if (event.defaultPrevented || this.#dom.root.contains(event.target as Node)) return;
      if (document.activeElement && document.activeElement !== document.body) return;
      this.#onKey(event);
    });
    new ResizeObserver(() => {
      const width = Math.floor(dom.canvas.clientWidth);
      if (width !== this.#width && width > 0) {
        this.#width = width;
        this.#update(this.#store.getSnapshot().context);
      }
    }).observe(dom.canvas);
    const motion = matchMedia('(prefers-reduced-motion: reduce)');
    motion.addEventListener('change', () => t.setReducedMotion({ reduced: motion.matches }));
    if (this.#options.mode === 'lesson') {
      const narrow = matchMedia('(max-width: 71.99rem)');
      narrow.addEventListener('change', () => this.#place(this.#store.getSnapshot().context, true));
    }
  }

  #togglePlay(): void {
    const ctx = this.#store.getSnapshot().context;
    // A mini stage that played to its quiet end plays again from the start.
    if (this.#options.mode === 'mini' && !ctx.playing && ctx.tick >= ctx.headTick && ctx.quietAtHead && ctx.headTick > 0) {
      this.#store.trigger.seek({ tick: 0 });
    }
    this.#store.trigger.togglePlay();
  }

  #onKey(event: KeyboardEvent): void {
    const shortcut = shortcutFor({ key: event.key, ctrl: event.ctrlKey, alt: event.altKey, meta: event.metaKey }, focusKind(event.target as Element | null));
    if (shortcut === null) return;
    event.preventDefault();
    const t = this.#store.trigger;
    const ctx = this.#store.getSnapshot().context;
    switch (shortcut) {
      case 'togglePlay':
        return this.#togglePlay();
      case 'stepForward':
        return t.stepForward();
      case 'stepBack':
        return t.stepBack();
      case 'seekStart':
        return t.seek({ tick: 0 });
      case 'seekEnd':
        return t.seek({ tick: ctx.headTick });
      case 'faster':
        return t.faster();
      case 'slower':
        return t.slower();
      case 'toggleHelp':
        return t.toggleHelp();
    }
  }

  // --- rendering ----------------------------------------------------------------------------

  #update(ctx: StageContext): void {
    const dom = this.#dom;
    const ready = ctx.engine === 'ready';
    const idle = ready && ctx.busy === null;
    if (dom.runAll) dom.runAll.disabled = !idle || ctx.cells.every((c) => c.status === 'ran' || c.status === 'cut');
    if (dom.reset) dom.reset.disabled = !ready || ctx.busy !== null;
    dom.stepBack.disabled = !ready || ctx.tick === 0;
    dom.stepForward.disabled = !ready;
    dom.play.disabled = !ready;
    dom.play.dataset['playing'] = String(ctx.playing);
    dom.playLabel.textContent = ctx.playing ? 'Pause' : 'Play';
    dom.speed.disabled = !ready;
    if (dom.speed.value !== String(ctx.speed)) dom.speed.value = String(ctx.speed);
    dom.tick.disabled = !ready;
    dom.tick.max = String(ctx.headTick);
    if (dom.tick.value !== String(ctx.tick)) dom.tick.value = String(ctx.tick);
    const clock = `tick ${ctx.tick} of ${ctx.headTick}`;
    dom.tick.setAttribute('aria-valuetext', clock);
    dom.readout.textContent = clock;
    this.#renderBusy(ctx);
    dom.message.hidden = ctx.message === null;
    dom.message.textContent = ctx.message ?? '';
    this.#cells.forEach((cell, i) => {
      const view = ctx.cells[i];
      if (view) cell.render(view);
      cell.setEnabled(idle);
      cell.setActive(i === ctx.activeCell);
    });
    this.#renderDialogs(ctx);
    this.#renderYouRan(ctx);
    const marksKey = `${ctx.headTick}:${ctx.marks.length}:${this.#width}`;
    if (marksKey !== this.#marksKey) {
      this.#marksKey = marksKey;
      renderMarks(dom.marks, ctx.marks, ctx.headTick);
    }
    this.#renderLedgerText(ctx);
    this.#place(ctx, false);
    this.#show(ctx);
    this.#runClock(ctx);
  }

  #renderBusy(ctx: StageContext): void {
    const dom = this.#dom;
    if (ctx.busy === null) {
      this.#busySince = null;
      if (this.#busyTimer !== null) clearInterval(this.#busyTimer);
      this.#busyTimer = null;
      dom.progress.hidden = true;
      return;
    }
    if (this.#busySince === null) {
      this.#busySince = performance.now();
      this.#busyTimer = setInterval(() => this.#renderBusy(this.#store.getSnapshot().context), 200);
    }
    const elapsed = performance.now() - this.#busySince;
    dom.progress.hidden = elapsed < BUSY_DELAY_MS;
    dom.progressText.textContent = `${ctx.busy.label}… ${(elapsed / 1000).toFixed(1)} s`;
  }

  #renderDialogs(ctx: StageContext): void {
    const { helpDialog, confirmDialog, confirmText } = this.#dom;
    if (ctx.helpOpen && !helpDialog.open) helpDialog.showModal();
    if (!ctx.helpOpen && helpDialog.open) helpDialog.close();
    if (ctx.confirm && !confirmDialog.open) {
      const { command, tick, discard } = ctx.confirm;
      confirmText.textContent = `You are looking at tick ${tick}, but the world has run to tick ${tick + discard}. Running ${command} now discards the ${discard} later tick${discard === 1 ? '' : 's'}, and cells that ran in them must be run again.`;
      confirmDialog.returnValue = '';
      confirmDialog.showModal();
    }
    if (!ctx.confirm && confirmDialog.open) confirmDialog.close();
  }

  #renderYouRan(ctx: StageContext): void {
    if (ctx.actions.length === this.#youRanCount) return;
    this.#youRanCount = ctx.actions.length;
    const { youRan, youRanList } = this.#dom;
    youRan.hidden = ctx.actions.length === 0;
    youRanList.replaceChildren(
      ...ctx.actions.map((a) => {
        const li = document.createElement('li');
        const code = document.createElement('code');
        code.textContent = a.command;
        li.append('you ran ', code, ` at tick ${a.tick}`);
        return li;
      }),
    );
  }

  #renderLedgerText(ctx: StageContext): void {
    const { ledgerText } = this.#dom;
    ledgerText.hidden = ctx.ledgerGroup === null;
    if (ctx.ledgerGroup === null) return;
    ledgerText.textContent = ctx.ledgerLines ? ctx.ledgerLines.map((l) => l.text).join('\n') : 'Reading the ledger…';
    // The ledger follows the shown tick whenever the clock rests.
    if (!ctx.playing && ctx.engine === 'ready' && this.#ledgerTick !== ctx.tick) {
      this.#ledgerTick = ctx.tick;
      const group = ctx.ledgerGroup;
      void this.#client.ledger(group, ctx.tick).then(
        (lines) => this.#store.trigger.ledgerLoaded({ group, lines }),
        () => undefined,
      );
    }
  }

  /** On narrow screens the stage sits right after the cell it is playing (before the first cell at first). */
  #place(ctx: StageContext, force: boolean): void {
    if (this.#options.mode !== 'lesson') return;
    const narrow = matchMedia('(max-width: 71.99rem)').matches;
    const target = narrow ? (ctx.activeCell ?? -1) : null;
    if (!force && target === this.#placedAfter) return;
    this.#placedAfter = target;
    const root = this.#dom.root;
    if (target === null) {
      this.#home.parent.insertBefore(root, this.#home.next);
      return;
    }
    const anchor = this.#cells[Math.max(0, target)]?.element;
    if (!anchor) return;
    if (target < 0) anchor.before(root);
    else anchor.after(root);
  }

  /** Draws the frame of the shown tick, fetching it first when it is not cached. */
  #show(ctx: StageContext): void {
    if (ctx.engine !== 'ready' || this.#width === 0) return;
    const frame = this.#frames.get(ctx.tick);
    if (!frame) {
      this.#fetch(ctx.tick);
      return;
    }
    const drawn = this.#drawn;
    if (drawn && drawn.frame === frame && drawn.ledgerGroup === ctx.ledgerGroup && drawn.width === this.#width) return;
    const dom = this.#dom;
    const empty = isEmptyWorld(frame);
    const view = this.#view;
    // An empty world has nothing to draw: the drawing code loads when there is something.
    if (!view && !empty) {
      this.#loadView();
      return;
    }
    const stepping = ctx.move === 'step' && drawn !== null && drawn.tick === frame.tick - 1;
    const durationMs = stepping && !ctx.reducedMotion ? Math.min(600, Math.round(850 / ctx.speed)) : 0;
    const started = performance.now();
    if (view) {
      if (durationMs === 0) view.interruptStage(dom.svg);
      view.drawStage(dom.svg, frame, { width: this.#width, durationMs, ledgerGroup: ctx.ledgerGroup });
    }
    dom.emptyNote.hidden = !empty;
    this.#drawn = { tick: frame.tick, ledgerGroup: ctx.ledgerGroup, width: this.#width, frame };
    dom.svg.setAttribute('aria-label', describeDrawing(frame));
    renderStateTable(dom.tableBody, dom.tableEmpty, frame.scene);
    const words = view ? view.narrateTick(frame) : `tick ${frame.tick}: nothing happened`;
    dom.narration.textContent = words;
    // While playing fast, one sentence per tick would drown a screen reader: speak when the clock rests.
    if (!ctx.playing || ctx.speed <= 2 || (ctx.playUntil !== null && frame.tick >= ctx.playUntil)) dom.announcer.textContent = words;
    this.#renderApps(frame, ctx);
    this.#renderLedgerButtons(frame, ctx);
    // The bench reads these: the time to render one step (drawing, table, narration, panels).
    performance.measure('streamlab:render-step', { start: started, end: performance.now() });
    if (++this.#measured % 2000 === 0) performance.clearMeasures('streamlab:render-step');
    if (ctx.playing) this.#prefetch(ctx);
  }

  /** Loads the drawing code (once), then draws what is waiting. */
  #loadView(): void {
    this.#viewLoading ??= import('./view/view.ts').then(
      (view) => {
        this.#view = view;
        this.#drawn = null;
        this.#update(this.#store.getSnapshot().context);
      },
      (error: unknown) => {
        this.#viewLoading = null;
        this.#store.trigger.requestFailed({ message: `The drawing could not load: ${messageOf(error)}`, status: null });
      },
    );
  }

  #renderApps(frame: Frame, ctx: StageContext): void {
    const controls = appControls(frame.scene);
    const disabled = ctx.engine !== 'ready' || ctx.busy !== null;
    const key = JSON.stringify([controls, disabled]);
    if (key === this.#controlsKey) return;
    this.#controlsKey = key;
    this.#dom.apps.hidden = controls.length === 0;
    renderAppControls(this.#dom.appList, controls, disabled, (command) => this.#store.trigger.requestAct({ command }));
  }

  #renderLedgerButtons(frame: Frame, ctx: StageContext): void {
    const { ledgers, ledgerButtons } = this.#dom;
    const groups = frame.scene.groups.map((g) => g.id);
    ledgers.hidden = groups.length === 0;
    const key = `${groups.join('\u0000')}|${ctx.ledgerGroup ?? ''}`;
    if (ledgerButtons.dataset['key'] === key) return;
    ledgerButtons.dataset['key'] = key;
    ledgerButtons.replaceChildren(
      ...groups.map((group) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'stage-button small';
        button.textContent = `Ledger of ${group}`;
        button.setAttribute('aria-pressed', String(ctx.ledgerGroup === group));
        button.addEventListener('click', () => {
          if (this.#store.getSnapshot().context.ledgerGroup === group) this.#store.trigger.closeLedger();
          else this.#store.trigger.openLedger({ group });
        });
        return button;
      }),
    );
  }

  #fetch(tick: number): void {
    if (this.#fetching) return;
    const head = this.#store.getSnapshot().context.headTick;
    const to = Math.min(head, tick + FRAME_BATCH - 1);
    this.#fetching = this.#client.frames(tick, to).then(
      (frames) => {
        this.#frames.put(frames);
        this.#fetching = null;
        this.#update(this.#store.getSnapshot().context);
      },
      () => {
        this.#fetching = null;
      },
    );
  }

  #prefetch(ctx: StageContext): void {
    const until = Math.min(ctx.headTick, ctx.tick + FRAME_BATCH / 2);
    const missing = this.#frames.firstMissing(ctx.tick, until);
    if (missing !== null) this.#fetch(missing);
  }

  /** The playback clock: one clockTick per 1/speed seconds, never ahead of the frames it shows. */
  #runClock(ctx: StageContext): void {
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
        this.#fetch(next);
        this.#runClock(now);
        return;
      }
      this.#store.trigger.clockTick();
    }, 1000 / ctx.speed);
  }
}

/** A fresh world: nothing created yet, so nothing to draw. */
function isEmptyWorld(frame: Frame): boolean {
  const { scene } = frame;
  return scene.topics.length === 0 && scene.producers.length === 0 && scene.groups.length === 0 && scene.consumers.length === 0;
}

/** The drawing's accessible name: a one-line summary (the table and the narration carry the details). */
function describeDrawing(frame: Frame): string {
  const { scene } = frame;
  const partitions = scene.topics.reduce((n, t) => n + t.partitions.length, 0);
  const records = scene.topics.reduce((n, t) => n + t.partitions.reduce((m, p) => m + (p.logEnd - p.logStart), 0), 0);
  const down = scene.consumers.filter((c) => c.status === 'crashed').length;
  return (
    `The world at tick ${frame.tick}: ${scene.topics.length} topic${scene.topics.length === 1 ? '' : 's'} with ${partitions} partition${partitions === 1 ? '' : 's'} holding ${records} record${records === 1 ? '' : 's'}, ` +
    `${scene.producers.length} producer${scene.producers.length === 1 ? '' : 's'}, ${scene.groups.length} consumer group${scene.groups.length === 1 ? '' : 's'}` +
    (down > 0 ? `, ${down} consumer${down === 1 ? '' : 's'} down` : '') +
    '. The table below lists every group’s offsets.'
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
