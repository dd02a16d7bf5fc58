/**
 * The playground's what-if fork (issue 10): copy the notebook's world at the tick its stage shows,
 * change one thing, and step the two worlds together, side by side, with a table of what differs.
 * Forks form a tree (fork-tree.ts) that is kept: any world can be shown again, exactly as it was.
 *
 * Two ForkWorlds (one engine worker each) hold the two worlds shown. Everything the reader does
 * is one task on a queue, run in order, so a quick second press of Step waits for the first
 * instead of racing it. The tree is the truth: each task updates it, then `#render` draws it.
 */
import { RequestCancelled } from '../../stage/engine-client.ts';
import { setUnavailable } from '../../stage/panels/buttons.ts';
import { isNotebookOp, type Frame, type NotebookOp } from '../../stage/protocol.ts';
import type * as View from '../../stage/view/view.ts';
import { checkChange, consumerStarts, suggestChanges } from './fork-changes.ts';
import { describeDiff, diffScenes } from './fork-diff.ts';
import { buildForkDom, type ForkDom, type WorldFigure } from './fork-dom.ts';
import { renderCompareWith, renderDiff, renderPicker, renderTree } from './fork-render.ts';
import {
  addRoot,
  createTree,
  findNode,
  forkWorld,
  MAX_WORLDS,
  noteShownTick,
  recordSteps,
  selectWorld,
  shownPair,
  type ForkNode,
  type ForkTree,
} from './fork-tree.ts';
import { ForkWorld } from './fork-world.ts';

/** The notebook as the page has it: its world, and the tick its stage shows. */
export interface ForkSource {
  readonly seed: number;
  readonly cells: readonly string[];
  readonly ops: readonly NotebookOp[];
  readonly tick: number;
}

export interface ForkView {
  /** Ends both workers and removes the panel. */
  destroy(): void;
}

/** Length of one step's animation (the stage's own step length at normal speed). */
const STEP_MS = 600;
/** A task says what it is doing once it has taken this long. */
const BUSY_DELAY_MS = 300;

/** Makes an engine worker for one world of the fork view (the stage's worker script). */
export function spawnForkWorker(): Worker {
  return new Worker(new URL('../../stage/kernel/engine.worker.ts', import.meta.url), { type: 'module', name: 'streamlab-fork-engine' });
}

/** Mounts the fork panel at the end of `container`; `source` is read when the reader copies the notebook. */
export function mountForkView(container: HTMLElement, source: () => ForkSource, spawn: () => Worker = spawnForkWorker): ForkView {
  const panel = new ForkPanel(buildForkDom(container), source, spawn);
  return { destroy: () => panel.destroy() };
}

interface Shown {
  readonly node: ForkNode;
  readonly frame: Frame;
}

class ForkPanel {
  readonly #dom: ForkDom;
  readonly #source: () => ForkSource;
  /** Which worker holds the world of each side; swapped, not rebuilt, when a world changes sides. */
  #sides: { left: ForkWorld; right: ForkWorld };
  #tree: ForkTree | null = null;
  #left: Shown | null = null;
  #right: Shown | null = null;
  #queue: Promise<void> = Promise.resolve();
  #destroyed = false;
  #view: typeof View | null = null;
  readonly #resize: ResizeObserver | null;
  #widths = '';

  constructor(dom: ForkDom, source: () => ForkSource, spawn: () => Worker) {
    this.#dom = dom;
    this.#source = source;
    this.#sides = { left: new ForkWorld(spawn), right: new ForkWorld(spawn) };
    dom.copy.addEventListener('click', () => this.#enqueue('Copying the notebook’s world…', () => this.#copy()));
    dom.picker.addEventListener('change', () => {
      if (dom.picker.value !== '') dom.input.value = dom.picker.value;
    });
    dom.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    dom.back.addEventListener('click', () => this.#enqueue('Stepping…', () => this.#step(-1)));
    dom.forward.addEventListener('click', () => this.#enqueue('Stepping…', () => this.#step(1)));
    dom.tree.addEventListener('click', (event) => {
      const id = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-node]')?.dataset['node'];
      if (id !== undefined) this.#enqueue('Rebuilding the world…', () => this.#select(Number(id), null));
    });
    dom.compareWith.addEventListener('change', () => {
      const tree = this.#tree;
      const against = dom.compareWith.value === '' ? null : Number(dom.compareWith.value);
      if (tree) this.#enqueue('Rebuilding the world…', () => this.#select(tree.selected, against));
    });
    this.#resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.#redrawIfResized());
    this.#resize?.observe(dom.worlds);
  }

  destroy(): void {
    this.#destroyed = true;
    this.#resize?.disconnect();
    this.#sides.left.dispose();
    this.#sides.right.dispose();
    this.#dom.root.remove();
  }

  /** Runs `task` after every task before it; `label` says what the panel is busy with, if it takes a while. */
  #enqueue(label: string, task: () => Promise<void>): void {
    this.#queue = this.#queue.then(async () => {
      if (this.#destroyed) return;
      this.#dom.failure.textContent = '';
      // Said only when a task is slow (a long log replaying): a quick step must not flash it.
      const slow = setTimeout(() => (this.#dom.status.textContent = label), BUSY_DELAY_MS);
      this.#dom.worlds.setAttribute('aria-busy', 'true');
      try {
        await task();
      } catch (error) {
        if (this.#destroyed || error instanceof RequestCancelled) return;
        const message = error instanceof Error ? error.message : String(error);
        this.#dom.failure.textContent = `The engine failed: ${message}. Every world is kept: pick one in the list of worlds to rebuild it.`;
      } finally {
        clearTimeout(slow);
        this.#dom.status.textContent = '';
        this.#dom.worlds.setAttribute('aria-busy', 'false');
      }
    });
  }

  /** A copy of the notebook as it is now: the tree's first root, or another root beside the others. */
  async #copy(): Promise<void> {
    const src = this.#source();
    const world = { seed: src.seed, cells: [...src.cells], ops: src.ops.filter((op) => isNotebookOp(op, src.cells.length)) };
    if (this.#tree === null) this.#tree = createTree(world, src.tick);
    else {
      const added = addRoot(this.#tree, world, src.tick);
      if (!added.ok) {
        this.#dom.failure.textContent = added.message;
        return;
      }
      this.#tree = added.tree;
    }
    this.#dom.copy.textContent = 'Copy the notebook’s world again';
    await this.#show(false);
  }

  async #select(id: number, against: number | null): Promise<void> {
    if (!this.#tree) return;
    this.#tree = selectWorld(this.#tree, id, against);
    this.#dom.note.textContent = '';
    await this.#show(false);
  }

  /** Shows the tree's pair at the tick last shown with its right world, rebuilding workers as needed. */
  async #show(stepping: boolean): Promise<void> {
    const tree = this.#tree;
    if (!tree) return;
    const { left, right } = shownPair(tree);
    // Keep a worker that already holds a world to be shown, on whichever side it is now needed.
    const { left: a, right: b } = this.#sides;
    const holdsRight = b.nodeId === right.id ? b : a.nodeId === right.id ? a : b.nodeId === left?.id ? a : b;
    this.#sides = { right: holdsRight, left: holdsRight === a ? b : a };
    await this.#moveTo(right.shownTick, stepping);
  }

  /**
   * Both worlds to `tick`, each in its worker (rebuilt from its log if the worker holds another):
   * a world whose head is behind steps there, and its log records the steps.
   */
  async #moveTo(tick: number, stepping: boolean): Promise<void> {
    this.#view ??= await import('../../stage/view/view.ts');
    const { left, right } = shownPair(this.#tree as ForkTree);
    const load = async (node: ForkNode, world: ForkWorld): Promise<Shown> => {
      // A no-op when the worker holds the node already; a rebuild after a failure left it half-way.
      await world.show(node);
      const stepped = await world.reach(tick);
      if (stepped > 0) this.#tree = recordSteps(this.#tree as ForkTree, node.id, stepped);
      return { node, frame: await world.frame(tick) };
    };
    const [shownRight, shownLeft] = await Promise.all([load(right, this.#sides.right), left ? load(left, this.#sides.left) : Promise.resolve(null)]);
    this.#tree = noteShownTick(this.#tree as ForkTree, right.id, tick);
    this.#right = { node: findNode(this.#tree, right.id) ?? right, frame: shownRight.frame };
    this.#left = shownLeft && left ? { node: findNode(this.#tree, left.id) ?? left, frame: shownLeft.frame } : null;
    this.#render(stepping);
  }

  async #step(delta: number): Promise<void> {
    if (!this.#right) return;
    const tick = Math.max(0, this.#right.frame.tick + delta);
    if (tick !== this.#right.frame.tick) await this.#moveTo(tick, delta === 1);
  }

  #submit(): void {
    const check = checkChange(this.#dom.input.value);
    if (!check.ok) {
      this.#refuse(check.message);
      return;
    }
    this.#enqueue('Forking…', () => this.#fork(check.command));
  }

  #refuse(message: string): void {
    this.#dom.error.textContent = message;
    this.#dom.input.setAttribute('aria-invalid', 'true');
  }

  /** Acts `command` in the right world at the shown tick; if it changed the world, that world is a new node. */
  async #fork(command: string): Promise<void> {
    const tree = this.#tree;
    const shown = this.#right;
    if (!tree || !shown) return;
    if (tree.nodes.length >= MAX_WORLDS) {
      this.#refuse(`The fork tree holds at most ${MAX_WORLDS} worlds: revisit one of them rather than make another.`);
      return;
    }
    const tick = shown.frame.tick;
    const world = this.#sides.right;
    // The change must land in the shown world, not in whatever a failed rebuild left behind.
    await world.show(shown.node);
    const outcome = await world.change(command, tick);
    // The engine's note that acting in the past discarded later ticks is about the copy's own
    // future, which a fork replaces by design: it would only confuse here.
    const printed = outcome.output
      .map((line) => line.text)
      .filter((text) => !/^note: acting at tick \d+ discarded /.test(text))
      .join('\n');
    if (!outcome.changed) {
      this.#refuse(`No fork: ${command} changed nothing in ${shown.node.name} at tick ${tick}.${printed ? `\n${printed}` : ''}`);
      return;
    }
    const result = forkWorld(tree, shown.node.id, tick, command);
    if (!result.ok) {
      this.#refuse(result.message);
      return;
    }
    world.adopt(result.node.id);
    this.#tree = result.tree;
    this.#dom.error.textContent = '';
    this.#dom.input.removeAttribute('aria-invalid');
    this.#dom.input.value = '';
    this.#dom.note.textContent = printed ? `${result.node.name} printed: ${printed}` : '';
    await this.#show(false);
  }

  #durationMs(stepping: boolean): number {
    const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    return stepping && !reduced ? STEP_MS : 0;
  }

  /** Draws everything from the tree and the frames shown. */
  #render(stepping: boolean): void {
    const dom = this.#dom;
    const tree = this.#tree;
    const right = this.#right;
    if (!tree || !right) return;
    const left = this.#left;
    const tick = right.frame.tick;
    dom.form.hidden = false;
    dom.body.hidden = false;
    dom.legend.textContent = `What if, in ${right.node.name} at tick ${tick}, …`;
    dom.submit.textContent = `Fork at tick ${tick}`;
    renderPicker(dom.picker, suggestChanges(right.frame.scene, consumerStarts(right.node.world.cells, right.node.world.ops)));
    renderCompareWith(dom.compareWith, tree, right.node);
    renderTree(dom.tree, tree);
    dom.left.figure.hidden = left === null;
    dom.worlds.dataset['count'] = left ? '2' : '1';
    this.#draw(dom.right, right, stepping);
    if (left) this.#draw(dom.left, left, stepping);
    const forkedAt = right.node.tick === null ? '' : `, forked at tick ${right.node.tick}`;
    dom.readout.textContent = `Tick ${tick}${forkedAt}`;
    dom.back.textContent = left ? 'Step both back' : 'Step back';
    // aria-disabled, not disabled: a disabled button would drop the keyboard focus (buttons.ts).
    setUnavailable(dom.back, tick === 0);
    dom.forward.textContent = left ? 'Step both forward' : 'Step forward';
    dom.tableWrap.hidden = left === null;
    dom.single.hidden = left !== null;
    if (left) {
      const diff = diffScenes(left.frame.scene, right.frame.scene);
      dom.caption.textContent = `What differs at tick ${tick} between ${left.node.label} and ${right.node.label}`;
      dom.leftHeading.textContent = left.node.name;
      dom.rightHeading.textContent = right.node.name;
      renderDiff(dom.tableBody, diff);
      dom.announcer.textContent = describeDiff(diff, left.node.name, right.node.name);
    } else {
      const words = this.#view ? this.#view.narrateTick(right.frame) : `tick ${tick}`;
      dom.announcer.textContent = `${right.node.name}, ${words}`;
    }
  }

  #draw(side: WorldFigure, shown: Shown, stepping: boolean): void {
    side.caption.textContent = shown.node.label;
    side.svg.setAttribute('aria-label', `${shown.node.label}, drawn at tick ${shown.frame.tick}. The table below compares its numbers.`);
    const view = this.#view;
    if (!view) return;
    const durationMs = this.#durationMs(stepping);
    if (durationMs === 0) view.interruptStage(side.svg);
    view.drawStage(side.svg, shown.frame, { width: this.#width(side), durationMs, ledgerGroup: null });
  }

  #width(side: WorldFigure): number {
    return Math.max(1, Math.floor(side.canvas.clientWidth));
  }

  /** The panel changed width (a rotated phone, the stacking breakpoint): draw again at once. */
  #redrawIfResized(): void {
    const widths = `${this.#width(this.#dom.left)}:${this.#width(this.#dom.right)}`;
    if (widths === this.#widths) return;
    this.#widths = widths;
    const view = this.#view;
    for (const [side, shown] of [
      [this.#dom.left, this.#left],
      [this.#dom.right, this.#right],
    ] as const) {
      if (!view || !shown || side.figure.hidden) continue;
      view.interruptStage(side.svg);
      view.drawStage(side.svg, shown.frame, { width: this.#width(side), durationMs: 0, ledgerGroup: null });
    }
  }
}
