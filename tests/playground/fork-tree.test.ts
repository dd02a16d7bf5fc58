/**
 * The what-if fork's tree of worlds: each fork is its parent's log as it stood when the fork was
 * made plus one change, stepping appends to one world's log only, and nothing is overwritten.
 */
import { describe, expect, it } from 'vitest';
import {
  addRoot,
  childrenOf,
  createTree,
  findNode,
  forkWorld,
  MAX_WORLDS,
  noteShownTick,
  pathToRoot,
  recordSteps,
  selectWorld,
  shownPair,
  type ForkTree,
  type TreeResult,
  type WorldSpec,
} from '../../site/playground/fork/fork-tree.ts';
import { STARTERS } from '../../site/playground/starters.ts';
import { NotebookKernel } from '../../site/stage/kernel/notebook-kernel.ts';
import { ADVANCE_LIMIT, type NotebookOp } from '../../site/stage/protocol.ts';

const NOTEBOOK: WorldSpec = { seed: 5, cells: ['sim tick 3', 'sim tick 4'], ops: [{ op: 'cell', cell: 0 }] };

/** The tree of a successful result (a failure fails the test with its message). */
function ok(result: TreeResult): ForkTree {
  if (!result.ok) throw new Error(result.message);
  return result.tree;
}

describe('a fork tree', () => {
  it('starts with the notebook as its one root, shown alone at the tick the stage showed', () => {
    const tree = createTree(NOTEBOOK, 3);
    expect(tree.nodes).toHaveLength(1);
    const root = tree.nodes[0]!;
    expect(root).toMatchObject({ id: 0, parent: null, tick: null, change: null, name: 'Your notebook', label: 'Your notebook', shownTick: 3 });
    expect(root.world).toEqual(NOTEBOOK);
    expect(shownPair(tree)).toEqual({ left: null, right: root });
  });

  it('keeps its own copy of the notebook: the page may go on changing its log', () => {
    const ops: NotebookOp[] = [{ op: 'cell', cell: 0 }];
    const tree = createTree({ ...NOTEBOOK, ops }, 3);
    ops.push({ op: 'cell', cell: 1 });
    expect(tree.nodes[0]!.world.ops).toEqual([{ op: 'cell', cell: 0 }]);
  });

  it("makes a fork of the parent's log plus the change at the fork tick, shown beside its parent", () => {
    const tree = ok(forkWorld(createTree(NOTEBOOK, 3), 0, 2, '  sim crash shipping '));
    const fork = tree.nodes[1]!;
    expect(fork).toMatchObject({ id: 1, parent: 0, tick: 2, change: 'sim crash shipping', name: 'Fork 1', shownTick: 2 });
    expect(fork.label).toBe('Fork 1: sim crash shipping at tick 2');
    expect(fork.world.ops).toEqual([
      { op: 'cell', cell: 0 },
      { op: 'act', command: 'sim crash shipping', tick: 2 },
    ]);
    expect(fork.world.seed).toBe(5);
    expect(shownPair(tree)).toEqual({ left: tree.nodes[0], right: fork });
  });

  it('makes siblings when the same world is forked twice, and never touches the parent', () => {
    let tree = createTree(NOTEBOOK, 3);
    tree = ok(forkWorld(tree, 0, 1, 'sim crash a'));
    tree = ok(forkWorld(tree, 0, 2, 'sim crash b'));
    expect(childrenOf(tree, 0).map((n) => n.label)).toEqual(['Fork 1: sim crash a at tick 1', 'Fork 2: sim crash b at tick 2']);
    expect(tree.nodes[0]!.world.ops).toEqual(NOTEBOOK.ops);
    expect(childrenOf(tree, null).map((n) => n.id)).toEqual([0]);
  });

  it('nests a fork of a fork, and walks back to the root', () => {
    let tree = createTree(NOTEBOOK, 3);
    tree = ok(forkWorld(tree, 0, 1, 'sim crash a'));
    tree = ok(forkWorld(tree, 1, 1, 'sim restart a'));
    expect(tree.nodes[2]!.world.ops).toEqual([
      { op: 'cell', cell: 0 },
      { op: 'act', command: 'sim crash a', tick: 1 },
      { op: 'act', command: 'sim restart a', tick: 1 },
    ]);
    expect(pathToRoot(tree, 2).map((n) => n.id)).toEqual([2, 1, 0]);
    expect(pathToRoot(tree, 0).map((n) => n.id)).toEqual([0]);
    expect(pathToRoot(tree, 9)).toEqual([]);
    expect(childrenOf(tree, 1).map((n) => n.id)).toEqual([2]);
  });

  it('labels a heredoc change by its first line', () => {
    const tree = ok(forkWorld(createTree(NOTEBOOK, 3), 0, 0, 'kafka-console-producer --topic t <<EOF\na\nEOF'));
    expect(tree.nodes[1]!.label).toBe('Fork 1: kafka-console-producer --topic t <<EOF … at tick 0');
  });

  it.each([
    { what: 'an unknown parent', parent: 7, tick: 0, change: 'sim crash a', message: 'There is no world 7 to fork.' },
    { what: 'a negative tick', parent: 0, tick: -1, change: 'sim crash a', message: 'A fork is made at a whole tick, not -1.' },
    { what: 'a fractional tick', parent: 0, tick: 1.5, change: 'sim crash a', message: 'A fork is made at a whole tick, not 1.5.' },
    { what: 'an empty change', parent: 0, tick: 0, change: '   ', message: 'A fork needs one command that changes something.' },
    {
      what: 'a change over 300 characters',
      parent: 0,
      tick: 0,
      change: `sim crash ${'a'.repeat(291)}`,
      message: 'A change is one command of at most 300 characters.',
    },
  ])('refuses a fork of $what, and the tree stays as it was', ({ parent, tick, change, message }) => {
    expect(forkWorld(createTree(NOTEBOOK, 3), parent, tick, change)).toEqual({ ok: false, message });
  });

  it('accepts a change of exactly 300 characters', () => {
    expect(forkWorld(createTree(NOTEBOOK, 3), 0, 0, `sim crash ${'a'.repeat(290)}`).ok).toBe(true);
  });

  it(`holds at most ${MAX_WORLDS} worlds, roots included, and says so`, () => {
    let tree = createTree(NOTEBOOK, 3);
    for (let i = 1; i < MAX_WORLDS; i++) tree = ok(forkWorld(tree, i - 1, 0, `sim crash c${i}`));
    expect(tree.nodes).toHaveLength(MAX_WORLDS);
    const refused = { ok: false, message: `The fork tree holds at most ${MAX_WORLDS} worlds: revisit one of them rather than make another.` };
    expect(forkWorld(tree, 0, 0, 'sim crash x')).toEqual(refused);
    expect(addRoot(tree, NOTEBOOK, 0)).toEqual(refused);
  });

  it('adds a later copy of the notebook as another root, keeping every world made before', () => {
    let tree = ok(forkWorld(createTree(NOTEBOOK, 3), 0, 1, 'sim crash a'));
    tree = ok(addRoot(tree, { ...NOTEBOOK, cells: ['sim tick 9'] }, 9));
    expect(childrenOf(tree, null).map((n) => [n.id, n.label, n.shownTick])).toEqual([
      [0, 'Your notebook', 3],
      [2, 'Your notebook, copy 2', 9],
    ]);
    expect(tree.nodes[2]!.world.cells).toEqual(['sim tick 9']);
    expect(shownPair(tree)).toEqual({ left: null, right: tree.nodes[2] });
    // Forks are numbered across roots: names stay unique.
    tree = ok(forkWorld(tree, 2, 9, 'sim crash b'));
    expect(tree.nodes[3]!.name).toBe('Fork 2');
  });
});

describe('stepping a world', () => {
  const forked = () => ok(forkWorld(createTree(NOTEBOOK, 3), 0, 2, 'sim crash a'));

  it("appends an advance to that world's log only, as one advance per run of steps", () => {
    let tree = forked();
    tree = recordSteps(tree, 1, 1);
    tree = recordSteps(tree, 1, 2);
    expect(tree.nodes[1]!.world.ops.slice(1)).toEqual([
      { op: 'act', command: 'sim crash a', tick: 2 },
      { op: 'advance', ticks: 3, untilQuiet: false },
    ]);
    expect(tree.nodes[0]!.world.ops).toEqual(NOTEBOOK.ops);
  });

  it('does not change a fork already made when its parent steps on', () => {
    let tree = forked();
    tree = recordSteps(tree, 0, 5);
    expect(tree.nodes[0]!.world.ops).toEqual([...NOTEBOOK.ops, { op: 'advance', ticks: 5, untilQuiet: false }]);
    expect(tree.nodes[1]!.world.ops).toEqual([...NOTEBOOK.ops, { op: 'act', command: 'sim crash a', tick: 2 }]);
  });

  it('never merges into an advance that stops when quiet (it may have stopped early)', () => {
    const tree = createTree({ ...NOTEBOOK, ops: [{ op: 'advance', ticks: 4, untilQuiet: true }] }, 0);
    expect(recordSteps(tree, 0, 2).nodes[0]!.world.ops).toEqual([
      { op: 'advance', ticks: 4, untilQuiet: true },
      { op: 'advance', ticks: 2, untilQuiet: false },
    ]);
  });

  it('splits steps beyond what one advance may step', () => {
    const tree = recordSteps(recordSteps(createTree(NOTEBOOK, 0), 0, 10), 0, ADVANCE_LIMIT);
    expect(tree.nodes[0]!.world.ops.slice(1)).toEqual([
      { op: 'advance', ticks: ADVANCE_LIMIT, untilQuiet: false },
      { op: 'advance', ticks: 10, untilQuiet: false },
    ]);
  });

  it.each([0, -1, 1.5, Number.NaN])('ignores %s ticks', (ticks) => {
    const tree = forked();
    expect(recordSteps(tree, 1, ticks)).toBe(tree);
  });

  it('remembers the tick shown with a world, for when it is shown again', () => {
    let tree = noteShownTick(forked(), 1, 7);
    tree = selectWorld(tree, 0);
    expect(findNode(tree, 1)?.shownTick).toBe(7);
    expect(findNode(tree, 0)?.shownTick).toBe(3);
    expect(noteShownTick(tree, 1, -2)).toBe(tree);
  });
});

describe('choosing the worlds compared', () => {
  const tree = () => {
    let t = createTree(NOTEBOOK, 3);
    t = ok(forkWorld(t, 0, 1, 'sim crash a'));
    return ok(forkWorld(t, 0, 2, 'sim crash b'));
  };

  it('shows a fork beside its parent by default', () => {
    const t = selectWorld(tree(), 1);
    expect([shownPair(t).left?.id, shownPair(t).right.id]).toEqual([0, 1]);
  });

  it('shows a fork beside any other world asked for: two siblings side by side', () => {
    const t = selectWorld(tree(), 2, 1);
    expect([shownPair(t).left?.id, shownPair(t).right.id]).toEqual([1, 2]);
  });

  it('shows a root alone unless another world is asked for', () => {
    expect(shownPair(selectWorld(tree(), 0)).left).toBeNull();
    expect(shownPair(selectWorld(tree(), 0, 2)).left?.id).toBe(2);
  });

  it('ignores a world compared with itself or an unknown one, and an unknown selection', () => {
    expect(shownPair(selectWorld(tree(), 1, 1)).left?.id).toBe(0);
    expect(shownPair(selectWorld(tree(), 1, 42)).left?.id).toBe(0);
    const t = tree();
    expect(selectWorld(t, 42)).toBe(t);
  });
});

describe('a world rebuilt from its log', () => {
  it('is the world that was seen: forking and stepping live equals replaying the node', () => {
    const starter = STARTERS.find((s) => s.id === 'crash-and-resume')!;
    // Live, as the view does it: the notebook's cells, a fork at tick 10, twelve steps.
    const live = new NotebookKernel(starter.seed, starter.cells);
    live.runCells([0, 1]);
    let tree = createTree({ seed: starter.seed, cells: starter.cells, ops: live.ops }, 16);
    live.act('sim crash ledger', 10);
    tree = ok(forkWorld(tree, 0, 10, 'sim crash ledger'));
    for (let i = 0; i < 12; i++) {
      live.advance(1, false);
      tree = recordSteps(tree, 1, 1);
    }
    const rebuilt = NotebookKernel.replay(starter.seed, starter.cells, tree.nodes[1]!.world.ops);
    expect(rebuilt.headTick).toBe(22);
    expect(live.headTick).toBe(22);
    for (let t = 0; t <= 22; t++) expect(JSON.stringify(rebuilt.frame(t)), `tick ${t}`).toBe(JSON.stringify(live.frame(t)));
    // And the root still rebuilds the notebook as it was copied, without the crash at 10.
    const root = NotebookKernel.replay(starter.seed, starter.cells, tree.nodes[0]!.world.ops);
    expect(root.headTick).toBe(16);
    expect(root.frame(12).scene.consumers.map((c) => c.status)).toEqual(['running']);
    expect(rebuilt.frame(12).scene.consumers.map((c) => c.status)).toEqual(['crashed']);
  });
});
