/**
 * Wires one stage together: the store, the engine client (stage-effects.ts), the playback clock
 * (playback.ts), the renderer (stage-render.ts), the page's controls and keys, and the stage's
 * place on narrow screens.
 *
 * Order of truth: the worker owns the world, the store owns UI state, and the view only ever
 * draws a frame the worker computed for exactly the tick it names.
 */
import type { StageCell } from './cells/stage-cell.ts';
import { EMPTY_FRAME, emptyStatus, type EngineClient } from './engine-client.ts';
import { FrameCache } from './frame-cache.ts';
import { focusKind, shortcutFor } from './keyboard.ts';
import { Playback } from './playback.ts';
import { saveProgress, type ProgressTarget } from './progress.ts';
import type { Frame, NotebookOp } from './protocol.ts';
import type { StageDom } from './stage-dom.ts';
import { LESSON_RESTORE_WORDS, messageOf, restoreProgress, wireEffects, type EffectHooks, type RestoreWords } from './stage-effects.ts';
import { isEmptyWorld, StageRenderer } from './stage-render.ts';
import type { StageContext, StageStore } from './store.ts';
import type * as View from './view/view.ts';

export interface StageControllerOptions {
  readonly mode: 'lesson' | 'mini';
  /** Where saved progress is kept (lesson pages), or null to keep none. */
  readonly progress: ProgressTarget | null;
  /** Called after every operation completed (the playground saves its notebook then). */
  readonly completed?: () => void;
  /** Awaited before Run all runs anything (the playground first hands edited cells to the engine). */
  readonly beforeRun?: () => Promise<void>;
  /** What the reader is told after saved operations were replayed. */
  readonly restoreWords?: RestoreWords;
}

/** Narrow screens stack the stage with the cells (the lesson grid's breakpoint, site/styles/course.css). */
const NARROW = '(max-width: 71.99rem)';

export class StageController {
  readonly #dom: StageDom;
  readonly #store: StageStore;
  readonly #client: EngineClient;
  #cells: readonly StageCell[];
  readonly #options: StageControllerOptions;
  readonly #frames = new FrameCache();
  readonly #renderer: StageRenderer;
  readonly #playback: Playback;
  readonly #hooks: EffectHooks;
  #drawn: { frame: Frame; ledgerGroup: string | null; width: number } | null = null;
  #width = 0;
  #wasPlaying = false;
  #placedAfter: number | null | undefined = undefined;
  #measured = 0;
  /** The drawing code, once loaded (see #loadView). */
  #view: typeof View | null = null;
  // eslint-disable-next-line no-unused-private-class-members -- read by `??=` in #loadView, which the rule does not count
  #viewLoading: Promise<void> | null = null;
  readonly #home: { parent: Node; next: Node | null };

  constructor(dom: StageDom, store: StageStore, client: EngineClient, cells: readonly StageCell[], options: StageControllerOptions) {
    this.#dom = dom;
    this.#store = store;
    this.#client = client;
    this.#cells = cells;
    this.#options = options;
    this.#home = { parent: dom.root.parentNode as Node, next: dom.root.nextSibling };
    this.#renderer = new StageRenderer(
      dom,
      cells,
      (command) => store.trigger.requestAct({ command }),
      (group) => (store.getSnapshot().context.ledgerGroup === group ? store.trigger.closeLedger() : store.trigger.openLedger({ group })),
    );
    this.#playback = new Playback(store, client, this.#frames, () => this.#update(store.getSnapshot().context));
    this.#hooks = {
      changed: (changedFrom) => {
        if (this.#drawn && this.#drawn.frame.tick >= changedFrom) this.#drawn = null;
      },
      completed: () => {
        if (options.progress) saveProgress(options.progress, client.ops);
        options.completed?.();
      },
    };
    wireEffects(store, client, this.#frames, this.#hooks);
    this.#wireControls();
    store.subscribe((snapshot) => this.#update(snapshot.context));
  }

  /**
   * Makes the stage interactive. A lesson's world is empty until a cell runs, so the engine
   * worker starts on first use (or intent); `eager` starts it now (the home page plays at once),
   * and saved operations are replayed through the normal requests.
   */
  async start(restore: readonly NotebookOp[] = [], eager = false, notice: string | null = null): Promise<void> {
    try {
      if (eager || restore.length > 0) {
        const ready = await this.#client.init();
        this.#frames.put([ready.frame]);
        this.#store.trigger.engineReady({ status: ready.status });
      } else {
        this.#frames.put([EMPTY_FRAME]);
        this.#store.trigger.engineReady({ status: emptyStatus(this.#cells.length) });
      }
      if (restore.length > 0)
        await restoreProgress(this.#store, this.#client, this.#frames, restore, this.#hooks, this.#options.restoreWords ?? LESSON_RESTORE_WORDS);
      else if (notice !== null) this.#store.trigger.restored({ message: notice });
    } catch (error) {
      this.#store.trigger.engineBroken({ message: `The simulator could not start: ${messageOf(error)}. Reload the page to try again.` });
    }
    this.#dom.root.dataset['ready'] = 'true';
    // The bench reads this: navigation to an interactive stage.
    performance.mark('streamlab:stage-ready');
  }

  /**
   * Another notebook on the same stage (the playground's cells or seed changed): a fresh world
   * with `texts`, into which `ops` (the operations still valid) are replayed through the normal
   * requests, so every cell shows its output again. Resolves once the world is rebuilt.
   */
  async load(seed: number, texts: readonly string[], cells: readonly StageCell[], ops: readonly NotebookOp[], notice: string | null = null): Promise<void> {
    this.#client.replaceNotebook(seed, texts);
    this.#cells = cells;
    this.#renderer.setCells(cells);
    this.#frames.clear();
    this.#drawn = null;
    this.#store.trigger.notebookReplaced({ cellCount: cells.length });
    await this.start(ops, false, notice);
  }

  /** The reader is about to use the stage: start the engine and load the drawing now. */
  warm(): void {
    this.#client.warm();
    this.#loadView();
  }

  // --- controls -----------------------------------------------------------------------------

  #wireControls(): void {
    const dom = this.#dom;
    const t = this.#store.trigger;
    dom.runAll?.addEventListener('click', () => {
      const before = this.#options.beforeRun?.() ?? Promise.resolve();
      void before.then(() => t.runCells({ upTo: this.#cells.length - 1 }));
    });
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
    const warm = () => this.warm();
    for (const el of [dom.root, ...this.#cells.map((c) => c.element)]) {
      el.addEventListener('pointerover', warm, { once: true });
      el.addEventListener('focusin', warm, { once: true });
    }
    if (this.#options.mode === 'lesson') {
      document.addEventListener('keydown', (event) => {
        // Outside the stage, shortcuts work only where nothing else has the focus.
        if (event.defaultPrevented || this.#dom.root.contains(event.target as Node)) return;
        if (document.activeElement && document.activeElement !== document.body) return;
        this.#onKey(event);
      });
      matchMedia(NARROW).addEventListener('change', () => this.#place(this.#store.getSnapshot().context, true));
    }
    new ResizeObserver(() => {
      const width = Math.floor(dom.canvas.clientWidth);
      if (width !== this.#width && width > 0) {
        this.#width = width;
        this.#update(this.#store.getSnapshot().context);
      }
    }).observe(dom.canvas);
    const motion = matchMedia('(prefers-reduced-motion: reduce)');
    motion.addEventListener('change', () => t.setReducedMotion({ reduced: motion.matches }));
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
    // A dialog is modal: its keys are its own.
    if (this.#dom.helpDialog.open || this.#dom.confirmDialog.open) return;
    const shortcut = shortcutFor({ key: event.key, ctrl: event.ctrlKey, alt: event.altKey, meta: event.metaKey }, focusKind(event.target as Element | null));
    if (shortcut === null) return;
    event.preventDefault();
    const t = this.#store.trigger;
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
        return t.seek({ tick: this.#store.getSnapshot().context.headTick });
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
    this.#renderer.render(ctx, this.#width, () => this.#store.getSnapshot().context);
    this.#place(ctx, false);
    this.#show(ctx);
    this.#refreshLedger(ctx);
    this.#playback.run(ctx);
    this.#wasPlaying = ctx.playing;
  }

  /** Draws the frame of the shown tick, fetching it first when it is not cached. */
  #show(ctx: StageContext): void {
    if (ctx.engine !== 'ready' || this.#width === 0) return;
    const frame = this.#frames.get(ctx.tick);
    if (!frame) {
      this.#dom.root.setAttribute('aria-busy', 'true');
      this.#playback.fetch(ctx.tick);
      return;
    }
    this.#dom.root.removeAttribute('aria-busy');
    const drawn = this.#drawn;
    const viewNeeded = !this.#view && !isEmptyWorld(frame);
    if (viewNeeded) this.#loadView();
    if (drawn && drawn.frame === frame && drawn.ledgerGroup === ctx.ledgerGroup && drawn.width === this.#width && !viewNeeded) {
      // Nothing new to draw; a pause still gets its tick spoken.
      if (this.#wasPlaying && !ctx.playing && this.#view) this.#renderer.announce(this.#view.narrateTick(frame));
      this.#renderer.updateHead(ctx);
      return;
    }
    const stepping = ctx.move === 'step' && drawn !== null && drawn.frame.tick === frame.tick - 1;
    const durationMs = stepping && !ctx.reducedMotion ? Math.min(600, Math.round(850 / ctx.speed)) : 0;
    const started = performance.now();
    this.#renderer.show(ctx, frame, this.#view, { width: this.#width, durationMs });
    // Drawn without its picture until the drawing code arrives: #loadView draws it again.
    this.#drawn = viewNeeded ? null : { frame, ledgerGroup: ctx.ledgerGroup, width: this.#width };
    // The bench reads these: the time to render one step (drawing, table, narration, panels).
    performance.measure('streamlab:render-step', { start: started, end: performance.now() });
    if (++this.#measured % 2000 === 0) performance.clearMeasures('streamlab:render-step');
    if (ctx.playing) this.#playback.prefetch(ctx);
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

  /** The open ledger follows the shown tick whenever the clock rests. */
  #refreshLedger(ctx: StageContext): void {
    if (ctx.ledgerGroup === null || ctx.playing || ctx.engine !== 'ready' || ctx.ledger === null) return;
    if (ctx.ledger.tick !== ctx.tick) this.#store.trigger.openLedger({ group: ctx.ledgerGroup });
  }

  /** On narrow screens the stage sits right after the cell it is playing (before the first cell at first). */
  #place(ctx: StageContext, force: boolean): void {
    if (this.#options.mode !== 'lesson') return;
    const target = matchMedia(NARROW).matches ? (ctx.activeCell ?? -1) : null;
    if (!force && target === this.#placedAfter) return;
    const root = this.#dom.root;
    // Moving a subtree drops its focus: wait until the reader is elsewhere.
    if (root.contains(document.activeElement) && document.activeElement !== root) return;
    this.#placedAfter = target;
    if (target === null) {
      this.#home.parent.insertBefore(root, this.#home.next);
      return;
    }
    const anchor = this.#cells[Math.max(0, target)]?.element;
    if (!anchor) return;
    if (target < 0) anchor.before(root);
    else anchor.after(root);
  }
}
