/**
 * The what-if fork's tree of worlds, as data (no DOM, no engine).
 *
 * A world is its seed, its cells and its operation log (protocol.ts `NotebookOp`): replaying the
 * log on a fresh kernel rebuilds the same timeline byte for byte. So a fork copies no engine
 * state: it is its parent's log as it stood when the fork was made, plus the one change acted at
 * the fork tick — an action in the past discards the future after it, which is exactly the branch.
 * Every node keeps its own log, and stepping a world appends to that log only, so revisiting any
 * node rebuilds what was seen there; forking a node twice makes two siblings. Nothing is ever
 * overwritten: a later copy of the notebook becomes another root beside the first.
 *
 * Immutable: every function returns a new tree, and the view keeps the latest one.
 */
import { ACT_COMMAND_LIMIT, ADVANCE_LIMIT } from '../../stage/protocol.ts';
import type { Draft } from '../notebook-edits.ts';

/** Worlds one tree holds, roots included: each shown world replays its whole log in a worker. */
export const MAX_WORLDS = 50;

/** Everything that rebuilds one world: a notebook's seed, cells and action log. */
export type WorldSpec = Draft;

export interface ForkNode {
  /** Its index in `ForkTree.nodes`. */
  readonly id: number;
  /** The world it was forked from; null for a copy of the notebook (a root). */
  readonly parent: number | null;
  /** The tick of the parent's timeline the change was made at; null for a root. */
  readonly tick: number | null;
  /** The one shell command that makes this world differ from its parent; null for a root. */
  readonly change: string | null;
  /** A short name for table headings: "Your notebook", "Fork 1". */
  readonly name: string;
  /** The name with the change and where it was made: "Fork 1: sim crash shipping at tick 12". */
  readonly label: string;
  readonly world: WorldSpec;
  /** The tick last shown with this world on the right: revisiting it returns there. */
  readonly shownTick: number;
}

export interface ForkTree {
  readonly nodes: readonly ForkNode[];
  /** The world shown on the right (and forked by the next fork). */
  readonly selected: number;
  /** The world shown on the left; null means the selected world's parent (none for a root). */
  readonly against: number | null;
}

export type TreeResult = { readonly ok: true; readonly tree: ForkTree; readonly node: ForkNode } | { readonly ok: false; readonly message: string };

/** The two worlds shown: `left` is null when a root is shown alone. */
export interface WorldPair {
  readonly left: ForkNode | null;
  readonly right: ForkNode;
}

const FULL = `The fork tree holds at most ${MAX_WORLDS} worlds: revisit one of them rather than make another.`;

const isTick = (tick: number): boolean => Number.isSafeInteger(tick) && tick >= 0;

/** A tree of one world: the notebook as it is now, shown at `tick`. */
export function createTree(world: WorldSpec, tick: number): ForkTree {
  return { nodes: [rootNode(0, 1, world, tick)], selected: 0, against: null };
}

/** Another copy of the notebook (it was edited, or ran further) as a new root; the old worlds stay. */
export function addRoot(tree: ForkTree, world: WorldSpec, tick: number): TreeResult {
  if (tree.nodes.length >= MAX_WORLDS) return { ok: false, message: FULL };
  const copy = tree.nodes.filter((n) => n.parent === null).length + 1;
  const node = rootNode(tree.nodes.length, copy, world, tick);
  return { ok: true, tree: { nodes: [...tree.nodes, node], selected: node.id, against: null }, node };
}

function rootNode(id: number, copy: number, world: WorldSpec, tick: number): ForkNode {
  const name = copy === 1 ? 'Your notebook' : `Your notebook, copy ${copy}`;
  return { id, parent: null, tick: null, change: null, name, label: name, world: copyWorld(world), shownTick: isTick(tick) ? tick : 0 };
}

/** The node `id`, or null. */
export function findNode(tree: ForkTree, id: number): ForkNode | null {
  return tree.nodes[id] ?? null;
}

/**
 * A new world: `parentId`'s log as it is now, plus `change` acted at `tick`. The new world is
 * selected (shown beside its parent). The caller has checked that the change changes something.
 */
export function forkWorld(tree: ForkTree, parentId: number, tick: number, change: string): TreeResult {
  const parent = findNode(tree, parentId);
  if (!parent) return { ok: false, message: `There is no world ${parentId} to fork.` };
  if (!isTick(tick)) return { ok: false, message: `A fork is made at a whole tick, not ${tick}.` };
  const command = change.trim();
  if (command === '') return { ok: false, message: 'A fork needs one command that changes something.' };
  if (command.length > ACT_COMMAND_LIMIT) return { ok: false, message: `A change is one command of at most ${ACT_COMMAND_LIMIT} characters.` };
  if (tree.nodes.length >= MAX_WORLDS) return { ok: false, message: FULL };
  const number = tree.nodes.filter((n) => n.parent !== null).length + 1;
  const node: ForkNode = {
    id: tree.nodes.length,
    parent: parent.id,
    tick,
    change: command,
    name: `Fork ${number}`,
    label: `Fork ${number}: ${oneLine(command)} at tick ${tick}`,
    world: { ...parent.world, ops: [...parent.world.ops, { op: 'act', command, tick }] },
    shownTick: tick,
  };
  return { ok: true, tree: { nodes: [...tree.nodes, node], selected: node.id, against: null }, node };
}

/** A command as one line of a label: a heredoc's body is left out. */
function oneLine(command: string): string {
  const [first = '', ...rest] = command.split(/\r?\n/);
  return rest.length > 0 ? `${first} …` : first;
}

/**
 * `id`'s world stepped `ticks` ticks past its head: logged as the kernel logs it (one advance that
 * does not stop when quiet), so replaying the log lands on the same ticks.
 */
export function recordSteps(tree: ForkTree, id: number, ticks: number): ForkTree {
  const node = findNode(tree, id);
  if (!node || !Number.isSafeInteger(ticks) || ticks <= 0) return tree;
  const ops = [...node.world.ops];
  let left = ticks;
  while (left > 0) {
    const last = ops[ops.length - 1];
    // Consecutive steps are one advance (as the engine client logs them), up to what one may step.
    if (last?.op === 'advance' && !last.untilQuiet && last.ticks < ADVANCE_LIMIT) {
      const take = Math.min(left, ADVANCE_LIMIT - last.ticks);
      ops[ops.length - 1] = { op: 'advance', ticks: last.ticks + take, untilQuiet: false };
      left -= take;
    } else {
      const take = Math.min(left, ADVANCE_LIMIT);
      ops.push({ op: 'advance', ticks: take, untilQuiet: false });
      left -= take;
    }
  }
  return replaceNode(tree, { ...node, world: { ...node.world, ops } });
}

/** Remembers the tick shown with `id` on the right, for when it is revisited. */
export function noteShownTick(tree: ForkTree, id: number, tick: number): ForkTree {
  const node = findNode(tree, id);
  if (!node || !isTick(tick) || node.shownTick === tick) return tree;
  return replaceNode(tree, { ...node, shownTick: tick });
}

/**
 * Shows `id` on the right, and on the left `against` (another world) or, by default, `id`'s
 * parent. Unknown ids leave the tree as it is.
 */
export function selectWorld(tree: ForkTree, id: number, against: number | null = null): ForkTree {
  if (!findNode(tree, id)) return tree;
  const other = against !== null && against !== id && findNode(tree, against) ? against : null;
  return { ...tree, selected: id, against: other };
}

/** The worlds shown: the selected one, and the one it is compared with. */
export function shownPair(tree: ForkTree): WorldPair {
  const right = findNode(tree, tree.selected) ?? (tree.nodes[0] as ForkNode);
  const leftId = tree.against ?? right.parent;
  return { left: leftId === null ? null : findNode(tree, leftId), right };
}

/** The worlds forked from `id`, oldest first. */
export function childrenOf(tree: ForkTree, id: number | null): ForkNode[] {
  return tree.nodes.filter((n) => n.parent === id);
}

/** `id`, its parent, its parent's parent, … up to its root. */
export function pathToRoot(tree: ForkTree, id: number): ForkNode[] {
  const path: ForkNode[] = [];
  for (let node = findNode(tree, id); node; node = node.parent === null ? null : findNode(tree, node.parent)) path.push(node);
  return path;
}

function replaceNode(tree: ForkTree, node: ForkNode): ForkTree {
  return { ...tree, nodes: tree.nodes.map((n) => (n.id === node.id ? node : n)) };
}

function copyWorld(world: WorldSpec): WorldSpec {
  return { seed: world.seed, cells: [...world.cells], ops: [...world.ops] };
}
