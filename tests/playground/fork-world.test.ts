/**
 * A fork view's world in its worker: rebuilt from a node's log through the engine client's ordinary
 * requests, it holds the very timeline NotebookKernel.replay builds from that log. The worker is a
 * stand-in running the real kernel host, answering each request on the next turn as a worker would.
 */
import { describe, expect, it } from 'vitest';
import { createTree, forkWorld, recordSteps, type ForkTree, type TreeResult } from '../../site/playground/fork/fork-tree.ts';
import { ForkWorld } from '../../site/playground/fork/fork-world.ts';
import { STARTERS } from '../../site/playground/starters.ts';
import { KernelHost } from '../../site/stage/kernel/kernel-host.ts';
import { NotebookKernel } from '../../site/stage/kernel/notebook-kernel.ts';
import type { KernelRequest, KernelResponse } from '../../site/stage/protocol.ts';

class FakeWorker {
  readonly host = new KernelHost();
  requests = 0;
  terminated = false;
  onmessage: ((event: MessageEvent<KernelResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(request: KernelRequest): void {
    this.requests++;
    // Structured clone, as postMessage does: nothing is shared with the page.
    const copy = structuredClone(request);
    setTimeout(() => {
      if (!this.terminated) this.onmessage?.({ data: structuredClone(this.host.handle(copy)) } as MessageEvent<KernelResponse>);
    }, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

function spawner() {
  const spawned: FakeWorker[] = [];
  return { spawned, spawn: () => (spawned.push(new FakeWorker()), spawned[spawned.length - 1] as unknown as Worker) };
}

function ok(result: TreeResult): ForkTree {
  if (!result.ok) throw new Error(result.message);
  return result.tree;
}

const { seed, cells } = STARTERS.find((s) => s.id === 'crash-and-resume')!;
const notebook = () =>
  createTree(
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

describe('a fork world', () => {
  it("rebuilds a node's world from its log: the same frames as the kernel's own replay", async () => {
    let tree = ok(forkWorld(notebook(), 0, 10, 'sim crash ledger'));
    tree = recordSteps(tree, 1, 5);
    const node = tree.nodes[1]!;
    const { spawn } = spawner();
    const world = new ForkWorld(spawn);
    await world.show(node);
    const replayed = NotebookKernel.replay(seed, cells, node.world.ops);
    expect(world.nodeId).toBe(1);
    expect(world.headTick).toBe(15);
    expect(replayed.headTick).toBe(15);
    for (const t of [0, 9, 10, 15]) expect(await world.frame(t), `tick ${t}`).toEqual(replayed.frame(t));
  });

  it('keeps its worker when shown the node it holds, and replays afresh for another', async () => {
    const tree = ok(forkWorld(notebook(), 0, 10, 'sim crash ledger'));
    const { spawn, spawned } = spawner();
    const world = new ForkWorld(spawn);
    await world.show(tree.nodes[0]!);
    const asked = spawned[0]!.requests;
    await world.show(tree.nodes[0]!);
    expect(spawned).toHaveLength(1);
    expect(spawned[0]!.requests).toBe(asked);
    await world.show(tree.nodes[1]!);
    expect(spawned).toHaveLength(2);
    expect(spawned[0]!.terminated).toBe(true);
    expect(world.headTick).toBe(10);
  });

  it('steps its head up to a tick, never back, and says how far it went', async () => {
    const world = new ForkWorld(spawner().spawn);
    await world.show(notebook().nodes[0]!);
    expect(await world.reach(12)).toBe(0);
    expect(await world.reach(20)).toBe(4);
    expect(world.headTick).toBe(20);
    expect((await world.frame(20)).tick).toBe(20);
  });

  it('becomes the fork when a change changes the world, and stays its node when it does not', async () => {
    const world = new ForkWorld(spawner().spawn);
    await world.show(notebook().nodes[0]!);
    const read = await world.change('kafka-consumer-groups --describe --group accounting', 12);
    expect(read).toMatchObject({ changed: false, ok: true });
    expect(world.nodeId).toBe(0);
    const refused = await world.change('sim crash nobody', 12);
    expect(refused).toMatchObject({ changed: false, ok: false });
    expect(refused.output.map((l) => l.text).join('\n')).toContain('nobody');
    expect(world.nodeId).toBe(0);
    expect(world.headTick).toBe(16);
    const crashed = await world.change('sim crash ledger', 12);
    expect(crashed).toMatchObject({ changed: true, ok: true });
    // Acting at 12 discarded the ticks after it: the world is the fork's, not the notebook's.
    expect(world.nodeId).toBeNull();
    expect(world.headTick).toBe(12);
    world.adopt(1);
    expect(world.nodeId).toBe(1);
  });

  it('lets its worker go when disposed', async () => {
    const { spawn, spawned } = spawner();
    const world = new ForkWorld(spawn);
    await world.show(notebook().nodes[0]!);
    world.dispose();
    expect(spawned[0]!.terminated).toBe(true);
    expect(world.nodeId).toBeNull();
  });
});
