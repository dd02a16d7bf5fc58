/**
 * The playground's notebook on the page: its cells (editors), its seed, and the stage that runs
 * them. The action log is the truth (site/playground/notebook.ts): the engine client records it
 * as the reader runs cells and acts on the stage, and every edit goes through notebook-edits.ts,
 * which says what of the log still holds. Whenever the cells the engine knows differ from what
 * the editors say, the world is rebuilt from the log before anything runs, so no output ever
 * belongs to a text the cell no longer has.
 */
import type { EngineClient } from '../../stage/engine-client.ts';
import type { NotebookOp } from '../../stage/protocol.ts';
import type { StageController } from '../../stage/stage-controller.ts';
import type { StageStore } from '../../stage/store.ts';
import { deleteCell, editCell, insertCell, moveCell, setSeed, type Draft, type Edited } from '../notebook-edits.ts';
import { PlaygroundCell } from './playground-cell.ts';

export interface NotebookHooks {
  /** Something the reader should keep changed: save it (the page debounces). */
  changed(): void;
  /** Tell the reader (what an edit undid on the stage). */
  tell(text: string): void;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export class PlaygroundNotebook {
  readonly #host: HTMLElement;
  readonly #store: StageStore;
  readonly #client: EngineClient;
  readonly #hooks: NotebookHooks;
  #controller: StageController | null = null;
  #cells: PlaygroundCell[] = [];
  #seed = 1;
  /** The texts the engine was given (the editors may have moved on since). */
  #engineTexts: string[] = [];
  /** While a rebuild replays, the log it is replaying: what a save must keep (the client's is partial). */
  #replaying: readonly NotebookOp[] | null = null;
  /** Rebuilds run one after another. */
  #work: Promise<void> = Promise.resolve();
  #reconcileTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(host: HTMLElement, store: StageStore, client: EngineClient, hooks: NotebookHooks) {
    this.#host = host;
    this.#store = store;
    this.#client = client;
    this.#hooks = hooks;
  }

  attach(controller: StageController): void {
    this.#controller = controller;
  }

  get seed(): number {
    return this.#seed;
  }

  get cells(): readonly PlaygroundCell[] {
    return this.#cells;
  }

  texts(): string[] {
    return this.#cells.map((c) => c.text);
  }

  /** The log to keep: the one a rebuild is replaying, or what the engine recorded. */
  ops(): readonly NotebookOp[] {
    return this.#replaying ?? this.#client.ops;
  }

  /** The notebook as it should be kept now (edits to cells that ran already taken into account). */
  draft(): Draft {
    return this.#settled().draft;
  }

  /** Replaces the whole notebook (a starter, a link, an import, the saved one) and replays `ops`. */
  replace(seed: number, texts: readonly string[], ops: readonly NotebookOp[], notice: string | null = null): Promise<void> {
    return this.#queue(async () => {
      for (const cell of this.#cells) cell.destroy();
      this.#cells = texts.map((t) => this.#newCell(t));
      this.#host.replaceChildren(...this.#cells.map((c) => c.element));
      this.#seed = seed;
      await this.#rebuild(ops, notice);
    });
  }

  /** Before anything runs: hand edited texts to the engine (rebuilding from the log). */
  ready(): Promise<void> {
    if (this.#reconcileTimer !== null) clearTimeout(this.#reconcileTimer);
    this.#reconcileTimer = null;
    return this.#queue(async () => {
      const { draft, undone } = this.#settled();
      if (undone > 0 || this.#stale()) await this.#rebuild(draft.ops, this.#undoneNotice(undone));
    });
  }

  addCell(text = ''): Promise<void> {
    return this.#structural(
      (draft) => insertCell(draft, draft.cells.length, text),
      () => {
        const cell = this.#newCell(text);
        this.#cells.push(cell);
        this.#host.append(cell.element);
        return cell;
      },
    ).then((cell) => cell?.focus());
  }

  removeCell(cell: PlaygroundCell): Promise<void> {
    const index = this.#cells.indexOf(cell);
    return this.#structural(
      (draft) => deleteCell(draft, index),
      () => {
        this.#cells.splice(index, 1);
        cell.destroy();
        // The focus goes to the cell that took its place (or the one before it).
        return this.#cells[Math.min(index, this.#cells.length - 1)] ?? null;
      },
    ).then((next) => {
      if (next) next.focusButton('run');
      else this.#host.parentElement?.querySelector<HTMLElement>('[data-pg="add-cell"]')?.focus();
    });
  }

  moveCell(cell: PlaygroundCell, by: -1 | 1): Promise<void> {
    const from = this.#cells.indexOf(cell);
    const to = from + by;
    if (from === -1 || to < 0 || to >= this.#cells.length) return Promise.resolve();
    return this.#structural(
      (draft) => moveCell(draft, from, to),
      () => {
        this.#cells.splice(to, 0, ...this.#cells.splice(from, 1));
        if (by < 0) this.#cells[to + 1]?.element.before(cell.element);
        else this.#cells[to - 1]?.element.after(cell.element);
        return cell;
      },
    ).then(() => cell.focusButton(to === 0 ? 'down' : to === this.#cells.length - 1 ? 'up' : by < 0 ? 'up' : 'down'));
  }

  setSeed(seed: number): Promise<void> {
    return this.#structural(
      (draft) => setSeed(draft, seed),
      () => {
        this.#seed = seed;
        return null;
      },
    ).then(() => undefined);
  }

  /** An editor changed: the engine learns of it before the next run (now, if the cell had run). */
  edited(): void {
    this.#hooks.changed();
    if (this.#reconcileTimer !== null) clearTimeout(this.#reconcileTimer);
    this.#reconcileTimer = setTimeout(() => {
      this.#reconcileTimer = null;
      // Busy (a cell running): the stage's completion calls `afterOperation`, which comes back here.
      if (this.#store.getSnapshot().context.busy === null) void this.#reconcileRan();
    }, 400);
  }

  /** The engine finished an operation: an edit made meanwhile to a cell that ran is applied now. */
  afterOperation(): void {
    if (this.#reconcileTimer === null) void this.#reconcileRan();
  }

  // --- internals ------------------------------------------------------------------------------

  #newCell(text: string): PlaygroundCell {
    return new PlaygroundCell(text, {
      run: (cell) => void this.ready().then(() => this.#store.trigger.runCells({ upTo: cell.index })),
      edited: () => this.edited(),
      move: (cell, by) => void this.moveCell(cell, by),
      remove: (cell) => void this.removeCell(cell),
    });
  }

  /** Rebuilds only when an edited cell had run (its output is no longer true); otherwise waits for the next run. */
  #reconcileRan(): Promise<void> {
    return this.#queue(async () => {
      const { draft, undone } = this.#settled();
      if (undone > 0) await this.#rebuild(draft.ops, this.#undoneNotice(undone));
    });
  }

  /** The draft with every editor's text applied: cells that ran and changed take the log back. */
  #settled(): Edited {
    let draft: Draft = { seed: this.#seed, cells: this.#engineTexts, ops: this.ops() };
    let undone = 0;
    const texts = this.texts();
    if (texts.length !== draft.cells.length) return { draft: { ...draft, cells: texts }, undone: 0, rebuild: true };
    texts.forEach((text, i) => {
      const edited = editCell(draft, i, text);
      draft = edited.draft;
      undone += edited.undone;
    });
    return { draft, undone, rebuild: undone > 0 };
  }

  #stale(): boolean {
    const texts = this.texts();
    return texts.length !== this.#engineTexts.length || texts.some((t, i) => t !== this.#engineTexts[i]);
  }

  /** A structural edit: `edit` computes the new log from the settled draft, `apply` changes the page's cells. */
  #structural<T>(edit: (draft: Draft) => Edited, apply: () => T): Promise<T | null> {
    let applied: T | null = null;
    return this.#queue(async () => {
      const edited = edit(this.#settled().draft);
      if (!edited.rebuild) return;
      applied = apply();
      await this.#rebuild(edited.draft.ops, this.#undoneNotice(edited.undone));
      this.#hooks.changed();
    }).then(() => applied);
  }

  #undoneNotice(undone: number): string | null {
    return undone === 0 ? null : `You changed a cell that had run, so the world went back to before it first ran (${plural(undone, 'step')} undone).`;
  }

  async #rebuild(ops: readonly NotebookOp[], notice: string | null): Promise<void> {
    const controller = this.#controller;
    if (!controller) return;
    this.#renumber();
    this.#engineTexts = this.texts();
    this.#replaying = ops;
    try {
      await controller.load(this.#seed, this.#engineTexts, this.#cells, ops, null);
    } finally {
      this.#replaying = null;
    }
    if (notice !== null) this.#hooks.tell(notice);
    this.#hooks.changed();
  }

  #renumber(): void {
    this.#cells.forEach((cell, i) => cell.place(i, this.#cells.length));
  }

  #queue(work: () => Promise<void>): Promise<void> {
    this.#work = this.#work.then(work, work);
    return this.#work;
  }
}
