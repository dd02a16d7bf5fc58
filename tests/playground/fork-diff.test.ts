/**
 * What differs between two worlds, checked on real worlds: the forks are built with the fork tree,
 * replayed by the notebook kernel (as each fork's worker does), and compared at one tick. Every
 * expected number is worked out below from Kafka's rules and the simulator's documented timings
 * (engine/core/options.ts: one tick per network hop, heartbeat every 3 ticks, session timeout 30),
 * not read from the function under test.
 */
import { describe, expect, it } from 'vitest';
import { describeDiff, diffScenes, figuresOf, figureText, type GroupFigures } from '../../site/playground/fork/fork-diff.ts';
import { createTree, forkWorld, recordSteps, type ForkTree, type TreeResult } from '../../site/playground/fork/fork-tree.ts';
import { STARTERS } from '../../site/playground/starters.ts';
import { NotebookKernel } from '../../site/stage/kernel/notebook-kernel.ts';
import { TABLE_ROW_LIMIT } from '../../site/stage/kernel/scene-limits.ts';
import type { Scene, StateRow } from '../../site/stage/protocol.ts';
import { group, scene } from '../stage/view/fixtures.ts';

const starter = (id: string) => STARTERS.find((s) => s.id === id)!;

function ok(result: TreeResult): ForkTree {
  if (!result.ok) throw new Error(result.message);
  return result.tree;
}

/** The scene of world `id` of `tree` at `tick`, replayed from its log as a fork's worker does. */
function sceneAt(tree: ForkTree, id: number, tick: number): Scene {
  const { seed, cells, ops } = tree.nodes[id]!.world;
  const kernel = NotebookKernel.replay(seed, cells, ops);
  expect(kernel.headTick, `world ${id} reaches tick ${tick}`).toBeGreaterThanOrEqual(tick);
  return kernel.frame(tick).scene;
}

const figures = (processed: number, duplicated: number, skipped: number, lag: number | null): GroupFigures => ({
  processed,
  duplicated,
  skipped,
  lag,
  lagComplete: true,
});

describe('where the crash lands (crash-and-resume, commit after)', () => {
  // The reader ran the first two cells: ledger (commit after, 3 ticks a record, earliest) joins at
  // tick 0, the group is stable at 3 (rebalance delay 3), its first fetch (sent 4, answered 5,
  // delivered 6) holds what checkout had appended by then: payments-0 offset 0 and payments-1
  // offsets 0-2 (checkout sends one record a tick from tick 1). Those 4 are processed at ticks 9,
  // 12, 15 and 18; commit after sends {0: 1, 1: 3} at 18 and it lands at 19. The second fetch
  // (sent 20) brings the other 8 (payments-0 1-3, payments-1 3-7), delivered at 22.
  const { seed, cells } = starter('crash-and-resume');
  let tree = createTree(
    {
      seed,
      cells,
      ops: [
        { op: 'cell', cell: 0 },
        { op: 'cell', cell: 1 },
      ],
    },
    16,
  );
  // Fork 1 (+ its restart, fork 2): the notebook's own story, crash and restart at tick 16.
  tree = ok(forkWorld(tree, 0, 16, 'sim crash ledger'));
  tree = ok(forkWorld(tree, 1, 16, 'sim restart ledger'));
  // Fork 3 (+ its restart, fork 4): the notebook stepped on to tick 26, crash and restart there.
  tree = recordSteps(tree, 0, 10);
  tree = ok(forkWorld(tree, 0, 26, 'sim crash ledger'));
  tree = ok(forkWorld(tree, 3, 26, 'sim restart ledger'));
  tree = recordSteps(tree, 2, 134);
  tree = recordSteps(tree, 4, 124);
  const [early, late] = [2, 4];

  it('builds the two stories as forks: the crash-at-26 world holds the notebook stepped to 26', () => {
    expect(tree.nodes[late]!.world.ops).toEqual([
      { op: 'cell', cell: 0 },
      { op: 'cell', cell: 1 },
      { op: 'advance', ticks: 10, untilQuiet: false },
      { op: 'act', command: 'sim crash ledger', tick: 26 },
      { op: 'act', command: 'sim restart ledger', tick: 26 },
      { op: 'advance', ticks: 124, untilQuiet: false },
    ]);
  });

  it('at tick 26: the early crash has booked 3 and committed nothing, the late one booked 5 over committed offsets', () => {
    // Early: crashed at 16 with records 9, 12, 15 done (the fourth was in hand), nothing committed,
    // so every row's lag is "-". Late: the first batch (4) plus payments-1@3 (done at 25) booked;
    // committed {0: 1, 1: 3} against log ends {0: 4, 1: 8} (12 keyed payments, 4 and 8 by murmur2):
    // lag 3 + 5 = 8.
    const diff = diffScenes(sceneAt(tree, early, 26), sceneAt(tree, late, 26));
    expect(diff.groups).toEqual([{ group: 'accounting', left: figures(3, 0, 0, null), right: figures(5, 0, 0, 8), differs: ['processed', 'lag'] }]);
    expect(diff.differences).toBe(2);
    expect(describeDiff(diff, 'Fork 2', 'Fork 4')).toBe('Tick 26, Fork 2 and Fork 4: 2 differences: accounting processed 3 and 5; accounting lag - and 8.');
  });

  it('once both are quiet: the early crash redid 3 payments, the late one redid 1', () => {
    // At-least-once: a restarted member resumes from the committed offsets. Early: nothing was
    // committed, so all 12 are booked again: 3 + 12 = 15, 3 duplicated. Late: it resumes at
    // {0: 1, 1: 3}, booking the 8 after them again, payments-1@3 among them: 5 + 8 = 13, 1
    // duplicated. Neither skips anything, and both end committed at the log end: lag 0.
    const diff = diffScenes(sceneAt(tree, early, 150), sceneAt(tree, late, 150));
    expect(diff.groups).toEqual([{ group: 'accounting', left: figures(15, 3, 0, 0), right: figures(13, 1, 0, 0), differs: ['processed', 'duplicated'] }]);
  });

  it('before the fork tick, a fork is its parent: nothing differs', () => {
    const diff = diffScenes(sceneAt(tree, 0, 12), sceneAt(tree, late, 12));
    expect(diff.differences).toBe(0);
    expect(diff.groups[0]!.left).toEqual(figures(2, 0, 0, null));
    expect(describeDiff(diff, 'Your notebook', 'Fork 4')).toBe('Tick 12, Your notebook and Fork 4: no differences.');
  });
});

describe('one more partition, while a group is stopped (three-departments)', () => {
  // The first three cells: 12 orders over 3 partitions, three groups read them all, billing-1 stops
  // (gracefully: committed at the log end, 6/3/3), then website-2 starts to send 4 late orders,
  // keys alice, bob, carol, dave. The fork grows orders to 5 partitions at the tick website-2
  // started, before its first send.
  const { seed, cells } = starter('three-departments');
  const ops = [0, 1, 2].map((cell) => ({ op: 'cell', cell }) as const);
  const notebook = NotebookKernel.replay(seed, cells, ops);
  const started = Array.from({ length: notebook.headTick + 1 }, (_, t) => notebook.frame(t)).find((f) =>
    f.events.some((e) => e.kind === 'producer.started' && e.producer === 'website-2'),
  )!.tick;
  let tree = createTree({ seed, cells, ops }, notebook.headTick);
  tree = ok(forkWorld(tree, 0, started, 'kafka-topics --alter --topic orders --partitions 5'));
  const end = started + 100;
  tree = recordSteps(tree, 0, end - notebook.headTick);
  tree = recordSteps(tree, 1, 100);

  it("shows less lag for billing: an empty group's lag counts only partitions it committed", () => {
    // murmur2 (lesson 8's table): mod 3, alice and bob go to 0, dave to 1, carol to 2, so all 4
    // late orders land where billing has committed offsets: lag 2 + 1 + 1 = 4. Mod 5, alice goes
    // to 4, bob and dave to 3, carol to 2: only carol's is on a partition billing committed; the
    // three others are on partitions new to it, which kafka-consumer-groups does not list for a
    // group with no members. Shipping and analytics rebalance onto 5 partitions and read all 16
    // either way: nothing duplicated, nothing skipped, lag 0. Billing processed its 12, no more.
    const diff = diffScenes(sceneAt(tree, 0, end), sceneAt(tree, 1, end));
    expect(diff.groups).toEqual([
      { group: 'analytics', left: figures(16, 0, 0, 0), right: figures(16, 0, 0, 0), differs: [] },
      { group: 'billing', left: figures(12, 0, 0, 4), right: figures(12, 0, 0, 1), differs: ['lag'] },
      { group: 'shipping', left: figures(16, 0, 0, 0), right: figures(16, 0, 0, 0), differs: [] },
    ]);
  });
});

describe('a group that only one world has', () => {
  // crash-and-resume after its first two cells; the fork starts a second department, audit,
  // reading payments from the earliest offset. By tick 150 both worlds are quiet: ledger never
  // crashed here, so it booked each of the 12 payments once and committed at the log end; audit
  // booked all 12 once too. The notebook has no audit group at all.
  const { seed, cells } = starter('crash-and-resume');
  let tree = createTree(
    {
      seed,
      cells,
      ops: [
        { op: 'cell', cell: 0 },
        { op: 'cell', cell: 1 },
      ],
    },
    16,
  );
  tree = ok(forkWorld(tree, 0, 16, 'sim consumer start audit-1 --group audit --topic payments --offset-reset earliest'));
  tree = recordSteps(recordSteps(tree, 0, 134), 1, 134);

  it('compares it with "no group", a difference in every measure', () => {
    const diff = diffScenes(sceneAt(tree, 0, 150), sceneAt(tree, 1, 150));
    expect(diff.groups).toEqual([
      { group: 'accounting', left: figures(12, 0, 0, 0), right: figures(12, 0, 0, 0), differs: [] },
      { group: 'audit', left: null, right: figures(12, 0, 0, 0), differs: ['processed', 'duplicated', 'skipped', 'lag'] },
    ]);
    expect(figureText(diff.groups[1]!.left, 'processed')).toBe('no group');
    expect(describeDiff(diff, 'Your notebook', 'Fork 1')).toBe(
      'Tick 150, Your notebook and Fork 1: 4 differences: audit processed no group and 12; audit duplicated no group and 0; audit skipped no group and 0; audit lag no group and 0.',
    );
  });
});

describe('reading one world', () => {
  const row = (g: string, partition: number, lag: number | null): StateRow => ({
    group: g,
    topic: 'orders',
    partition,
    committed: lag === null ? null : 0,
    logEnd: 5,
    lag,
    member: null,
  });

  it('sums the lag of the rows that have one, and prints "-" when none has', () => {
    const s = scene({ groups: [group('a'), group('b'), group('c')], table: [row('a', 0, 2), row('a', 1, null), row('a', 2, 3), row('b', 0, null)] });
    expect(figuresOf(s, 'a')?.lag).toBe(5);
    expect(figuresOf(s, 'b')?.lag).toBeNull();
    expect(figureText(figuresOf(s, 'b'), 'lag')).toBe('-');
    // A group with no rows at all (an empty group that never committed).
    expect(figureText(figuresOf(s, 'c'), 'lag')).toBe('-');
    expect(figuresOf(s, 'zzz')).toBeNull();
  });

  it('says the lag is a lower bound for groups whose rows a full table may have cut', () => {
    // The scene keeps the first TABLE_ROW_LIMIT rows, groups in scene order: a and b complete,
    // the last row's group (c) and every group after it (d) may have lost rows.
    const table = [row('a', 0, 1), row('b', 0, 1), ...Array.from({ length: TABLE_ROW_LIMIT - 2 }, (_, p) => row('c', p, 1))];
    const s = scene({ groups: [group('a'), group('b'), group('c'), group('d')], table });
    expect(['a', 'b', 'c', 'd'].map((g) => figureText(figuresOf(s, g), 'lag'))).toEqual(['1', '1', `${TABLE_ROW_LIMIT - 2} or more`, '-']);
    expect(figuresOf(s, 'd')?.lagComplete).toBe(false);
    // One row fewer and nothing was cut.
    const whole = scene({ groups: [group('c')], table: table.slice(0, -1).filter((r) => r.group === 'c') });
    expect(figuresOf(whole, 'c')?.lagComplete).toBe(true);
  });

  it('refuses to compare two different ticks', () => {
    expect(() => diffScenes(scene({ tick: 3 }), scene({ tick: 4 }))).toThrow('cannot compare tick 3 with tick 4');
  });
});
