/**
 * Renders the stage from the store's context and the frame of the tick it shows: controls, the
 * progress bar, messages, cells, dialogs, "You ran", scrubber marks, the ledger text — and, for
 * a frame, the drawing, the state table, the narration and the panels. Everything that names a
 * tick takes it from the frame drawn, so nothing shown belongs to another tick than the readout.
 */
import type { StageCell } from './cells/stage-cell.ts';
import { cellSummary } from './cells/cell-output.ts';
import { appControls, renderAppControls } from './panels/app-controls.ts';
import { brokerControls } from './panels/broker-controls.ts';
import { renderPartitionTable } from './panels/partition-table.ts';
import { renderCompactedTable } from './panels/compacted-table.ts';
import { setUnavailable } from './panels/buttons.ts';
import { renderStateTable } from './panels/state-table.ts';
import { renderMarks } from './panels/timeline-marks.ts';
import type { Frame, Scene } from './protocol.ts';
import type { StageDom } from './stage-dom.ts';
import type { StageContext } from './store.ts';
import type * as View from './view/view.ts';

/** A request shows its progress bar (with Cancel) once it has taken this long. */
const BUSY_DELAY_MS = 250;

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A fresh world: nothing created yet, so nothing to draw. */
export function isEmptyWorld(frame: Frame): boolean {
  const { scene } = frame;
  return scene.topics.length === 0 && scene.producers.length === 0 && scene.groups.length === 0 && scene.consumers.length === 0;
}

/** The drawing's accessible name: a one-line summary (the table and the narration carry the details). */
export function describeDrawing(frame: Frame): string {
  const { scene } = frame;
  const partitions = scene.topics.reduce((n, t) => n + t.partitions.length, 0);
  const records = scene.topics.reduce((n, t) => n + t.partitions.reduce((m, p) => m + (p.logEnd - p.logStart), 0), 0);
  const down = scene.consumers.filter((c) => c.status === 'crashed').length;
  return (
    `The world at tick ${frame.tick}: ${plural(scene.topics.length, 'topic')} with ${plural(partitions, 'partition')} holding ${plural(records, 'record')}, ` +
    `${plural(scene.producers.length, 'producer')}, ${plural(scene.groups.length, 'consumer group')}` +
    (down > 0 ? `, ${plural(down, 'consumer')} down` : '') +
    '. The table below lists every group’s offsets.'
  );
}

export interface DrawOptions {
  readonly width: number;
  readonly durationMs: number;
}

export class StageRenderer {
  readonly #dom: StageDom;
  #cells: readonly StageCell[];
  readonly #onAct: (command: string) => void;
  readonly #onLedger: (group: string) => void;
  #busySince: number | null = null;
  #busyTimer: ReturnType<typeof setInterval> | null = null;
  #marksKey = '';
  #youRanCount = -1;
  #announcedCells: readonly string[] = [];
  #drawnTick = 0;
  /** The scene of the last frame shown: its application and broker buttons follow the context too. */
  #shownScene: Scene | null = null;

  constructor(dom: StageDom, cells: readonly StageCell[], onAct: (command: string) => void, onLedger: (group: string) => void) {
    this.#dom = dom;
    this.#cells = cells;
    this.#onAct = onAct;
    this.#onLedger = onLedger;
  }

  /** The page's cells changed (the playground's notebook was edited). */
  setCells(cells: readonly StageCell[]): void {
    this.#cells = cells;
    this.#announcedCells = [];
  }

  /** Says `words` to screen readers (the stage's one live region). */
  announce(words: string): void {
    this.#dom.announcer.textContent = words;
  }

  /** Everything that follows the context alone. `getContext` reads it afresh for the progress timer. */
  render(ctx: StageContext, width: number, getContext: () => StageContext): void {
    const dom = this.#dom;
    const ready = ctx.engine === 'ready';
    const idle = ready && ctx.busy === null && !ctx.restoring && ctx.awaitingTicks === null;
    if (dom.runAll) setUnavailable(dom.runAll, !idle || ctx.cells.every((c) => c.status === 'ran' || c.status === 'cut'));
    if (dom.reset) setUnavailable(dom.reset, !ready || ctx.busy !== null || ctx.restoring);
    setUnavailable(dom.stepBack, !ready || ctx.tick === 0);
    setUnavailable(dom.stepForward, !ready);
    setUnavailable(dom.play, !ready);
    dom.play.dataset['playing'] = String(ctx.playing);
    dom.playLabel.textContent = ctx.playing ? 'Pause' : 'Play';
    dom.speed.disabled = !ready;
    if (dom.speed.value !== String(ctx.speed)) dom.speed.value = String(ctx.speed);
    dom.tick.disabled = !ready;
    dom.tick.max = String(ctx.headTick);
    if (dom.tick.value !== String(ctx.tick)) dom.tick.value = String(ctx.tick);
    dom.tick.setAttribute('aria-valuetext', `tick ${ctx.tick} of ${ctx.headTick}`);
    this.#renderBusy(ctx, getContext);
    dom.message.hidden = ctx.message === null;
    if (dom.message.textContent !== (ctx.message ?? '')) dom.message.textContent = ctx.message ?? '';
    this.#cells.forEach((cell, i) => {
      const view = ctx.cells[i];
      if (view) cell.render(view);
      cell.setEnabled(idle);
      cell.setActive(i === ctx.activeCell);
    });
    this.#announceCells(ctx);
    this.#renderDialogs(ctx);
    this.#renderYouRan(ctx);
    const marksKey = `${ctx.headTick}:${ctx.marks.length}:${width}`;
    if (marksKey !== this.#marksKey) {
      this.#marksKey = marksKey;
      renderMarks(dom.marks, ctx.marks, ctx.headTick);
    }
    this.#renderLedgerText(ctx);
    // The buttons beside the stage are drawn with each frame, but whether they work follows the
    // context: when the stage stops being busy (a restored notebook replayed) with no new frame to
    // show, they must come back without waiting for one.
    if (this.#shownScene) this.#renderControls(ctx, this.#shownScene);
  }

  /** The applications' and brokers' buttons for `scene`, usable while the engine is ready and idle. */
  #renderControls(ctx: StageContext, scene: Scene): void {
    const dom = this.#dom;
    const unavailable = ctx.engine !== 'ready' || ctx.busy !== null || ctx.restoring;
    renderAppControls(dom.appList, appControls(scene), unavailable, this.#onAct);
    dom.apps.hidden = dom.appList.children.length === 0;
    renderAppControls(dom.brokerList, brokerControls(scene), unavailable, this.#onAct);
    dom.brokers.hidden = dom.brokerList.children.length === 0;
  }

  /** Draws `frame` (the SVG only once the drawing code is loaded) and everything that belongs to its tick. */
  show(ctx: StageContext, frame: Frame, view: typeof View | null, options: DrawOptions): void {
    const dom = this.#dom;
    if (view) {
      if (options.durationMs === 0) view.interruptStage(dom.svg);
      view.drawStage(dom.svg, frame, { width: options.width, durationMs: options.durationMs, ledgerGroup: ctx.ledgerGroup });
    }
    this.#drawnTick = frame.tick;
    dom.emptyNote.hidden = !isEmptyWorld(frame);
    dom.svg.setAttribute('aria-label', describeDrawing(frame));
    dom.readout.textContent = `tick ${frame.tick} of ${ctx.headTick}`;
    renderStateTable(dom.tableBody, dom.tableEmpty, frame.scene);
    const words = view ? view.narrateTick(frame) : `tick ${frame.tick}: nothing happened`;
    dom.narration.textContent = words;
    // While playing fast, one sentence per tick would drown a screen reader: speak when the clock rests.
    if (!ctx.playing || ctx.speed <= 2) this.announce(words);
    this.#shownScene = frame.scene;
    this.#renderControls(ctx, frame.scene);
    renderPartitionTable(dom.partitions, dom.partitionBody, frame.scene);
    renderCompactedTable(dom.compacted, dom.compactedBody, frame.scene);
    this.#renderLedgerButtons(frame, ctx);
  }

  /** The readout's head changes without a new frame (a live step arrived). */
  updateHead(ctx: StageContext): void {
    this.#dom.readout.textContent = `tick ${this.#drawnTick} of ${ctx.headTick}`;
  }

  #renderBusy(ctx: StageContext, getContext: () => StageContext): void {
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
      this.#busyTimer = setInterval(() => this.#renderBusy(getContext(), getContext), 200);
    }
    const elapsed = performance.now() - this.#busySince;
    const wasHidden = dom.progress.hidden;
    dom.progress.hidden = elapsed < BUSY_DELAY_MS;
    dom.progressText.textContent = `${ctx.busy.label}… ${(elapsed / 1000).toFixed(1)} s`;
    setUnavailable(dom.cancel, ctx.busy.cancelling);
    // Said once when the bar appears; its seconds are for the eye.
    if (wasHidden && !dom.progress.hidden) this.announce(`${ctx.busy.label}. Press Cancel to stop it.`);
  }

  /** Says, once, how each cell that just finished running went. */
  #announceCells(ctx: StageContext): void {
    const keys = ctx.cells.map((c) => c.status);
    const said = ctx.cells.flatMap((cell, i) => {
      const before = this.#announcedCells[i];
      if (before !== 'running' && before !== 'queued') return [];
      if (cell.status !== 'ran' && cell.status !== 'error') return [];
      return [`Cell ${i + 1}: ${cellSummary(cell.status, cell.result, this.#cells[i]?.hasTranscript ?? true)}.`];
    });
    this.#announcedCells = keys;
    if (said.length > 0) this.announce(said.join(' '));
  }

  #renderDialogs(ctx: StageContext): void {
    const { helpDialog, confirmDialog, confirmText } = this.#dom;
    if (ctx.helpOpen && !helpDialog.open) helpDialog.showModal();
    if (!ctx.helpOpen && helpDialog.open) helpDialog.close();
    if (ctx.confirm && !confirmDialog.open) {
      const { command, tick, discard } = ctx.confirm;
      confirmText.textContent = `You are looking at tick ${tick}, but the world has run to tick ${tick + discard}. Running ${command} now discards the ${plural(discard, 'later tick')}, and cells that ran in them must be run again.`;
      confirmDialog.returnValue = '';
      confirmDialog.showModal();
    }
    if (!ctx.confirm && confirmDialog.open) confirmDialog.close();
  }

  #renderYouRan(ctx: StageContext): void {
    if (ctx.actions.length === this.#youRanCount && this.#youRanCount !== -1) return;
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
    const text = ctx.ledger
      ? [`$ sim ledger --group ${ctx.ledgerGroup}   # at tick ${ctx.ledger.tick}`, ...ctx.ledger.lines.map((l) => l.text)].join('\n')
      : 'Reading the ledger…';
    if (ledgerText.textContent !== text) ledgerText.textContent = text;
  }

  #renderLedgerButtons(frame: Frame, ctx: StageContext): void {
    const { ledgers, ledgerButtons } = this.#dom;
    const groups = frame.scene.groups.map((g) => g.id);
    ledgers.hidden = groups.length === 0;
    const existing = new Map([...ledgerButtons.querySelectorAll<HTMLButtonElement>('button')].map((b) => [b.dataset['group'] ?? '', b]));
    const buttons = groups.map((group) => {
      let button = existing.get(group);
      if (!button) {
        button = document.createElement('button');
        button.type = 'button';
        button.className = 'stage-button small';
        button.textContent = `Ledger of ${group}`;
        button.dataset['group'] = group;
        button.addEventListener('click', () => this.#onLedger(group));
      }
      const pressed = String(ctx.ledgerGroup === group);
      if (button.getAttribute('aria-pressed') !== pressed) button.setAttribute('aria-pressed', pressed);
      return button;
    });
    if (buttons.length !== ledgerButtons.children.length || buttons.some((b, i) => ledgerButtons.children[i] !== b)) ledgerButtons.replaceChildren(...buttons);
  }
}
