import { describe, expect, it } from 'vitest';
import { EAGER_FRAMES, KernelHost } from '../../site/stage/kernel/kernel-host.ts';
import { NotebookKernel } from '../../site/stage/kernel/notebook-kernel.ts';
import type { KernelRequest, KernelResponse } from '../../site/stage/protocol.ts';
import { lessonCells } from './helpers.ts';

// The lesson's first five cells, which the course keeps as they were written for these tests.
const CELLS = lessonCells('05-crash-and-resume').slice(0, 5);

function initialised(): KernelHost {
  const host = new KernelHost();
  host.handle({ id: 1, type: 'init', seed: 1, cells: CELLS });
  return host;
}

function answer<T extends KernelResponse['type']>(response: KernelResponse, type: T): Extract<KernelResponse, { type: T }> {
  expect(response.type, JSON.stringify(response).slice(0, 300)).toBe(type);
  return response as Extract<KernelResponse, { type: T }>;
}

describe('the kernel host answers every request with its id', () => {
  it('init: ready, with the status and frame 0', () => {
    const ready = answer(new KernelHost().handle({ id: 7, type: 'init', seed: 1, cells: CELLS }), 'ready');
    expect(ready.id).toBe(7);
    expect(ready.status).toEqual({ headTick: 0, marks: [], quietAtHead: true, changedFrom: 0, cells: ['idle', 'idle', 'idle', 'idle', 'idle'], watchHits: [] });
    expect(ready.frame.tick).toBe(0);
  });

  it('runCells: the results, the status, and the frames the cells covered', () => {
    const run = answer(initialised().handle({ id: 2, type: 'runCells', cells: [0, 1] }), 'cellsRun');
    expect(run.results.map((r) => [r.cell, r.fromTick, r.toTick])).toEqual([
      [0, 0, 0],
      [1, 0, 16],
    ]);
    expect(run.frames.map((f) => f.tick)).toEqual(Array.from({ length: 17 }, (_, i) => i));
    expect(run.status.cells).toEqual(['ran', 'ran', 'idle', 'idle', 'idle']);
  });

  it('every changing answer carries the operations it added to the log, which replay the same notebook', () => {
    const cells = ['kafka-topics --create --topic a --partitions 1\nsim crash nobody', 'sim tick 2\nkafka-topics --lst'];
    const host = new KernelHost();
    host.handle({ id: 1, type: 'init', seed: 1, cells });
    // The first cell fails at run time but did create the topic: its op is logged; the second does not parse: nothing ran.
    const run = answer(host.handle({ id: 2, type: 'runCells', cells: [0, 1] }), 'cellsRun');
    expect(run.results.map((r) => r.error === null)).toEqual([false]);
    expect(run.ops).toEqual([{ op: 'cell', cell: 0 }]);
    const refused = answer(host.handle({ id: 3, type: 'act', command: 'sim crash nobody', tick: 0 }), 'acted');
    expect(refused.ops).toEqual([]);
    const advanced = answer(host.handle({ id: 4, type: 'advance', ticks: 3, untilQuiet: false }), 'advanced');
    expect(advanced.ops).toEqual([{ op: 'advance', ticks: 3, untilQuiet: false }]);
    const fresh = new KernelHost();
    fresh.handle({ id: 1, type: 'init', seed: 1, cells });
    const replayed = answer(fresh.handle({ id: 2, type: 'replay', ops: [...run.ops, ...refused.ops, ...advanced.ops] }), 'ready');
    expect(JSON.stringify(replayed.status)).toBe(JSON.stringify({ ...advanced.status, changedFrom: 0 }));
    expect(replayed.frame.scene.topics.map((t) => t.name)).toEqual(['a']);
  });

  it('act: the output, and the frames from the action to the head', () => {
    const host = initialised();
    host.handle({ id: 2, type: 'runCells', cells: [0, 1, 2, 3, 4] });
    const acted = answer(host.handle({ id: 3, type: 'act', command: 'sim crash ledger', tick: 10 }), 'acted');
    expect(acted).toMatchObject({ id: 3, ok: true, discardedTicks: 76 });
    expect(acted.frames.map((f) => f.tick)).toEqual([10]);
    const earlier = answer(host.handle({ id: 4, type: 'act', command: 'sim crash ledger', tick: 5 }), 'acted');
    expect(earlier).toMatchObject({ ok: true, discardedTicks: 5 });
    expect(earlier.status.marks.filter((m) => m.kind === 'action')).toEqual([{ tick: 5, kind: 'action' }]);
  });

  it('advance: the new frames; frames and ledger: read only', () => {
    const host = initialised();
    host.handle({ id: 2, type: 'runCells', cells: [0] });
    const advanced = answer(host.handle({ id: 3, type: 'advance', ticks: 4, untilQuiet: false }), 'advanced');
    expect(advanced.frames.map((f) => f.tick)).toEqual([1, 2, 3, 4]);
    expect(advanced.status.headTick).toBe(4);
    expect(answer(host.handle({ id: 4, type: 'frames', from: 2, to: 3 }), 'frames').frames.map((f) => f.tick)).toEqual([2, 3]);
    const ledger = answer(host.handle({ id: 5, type: 'ledger', group: 'accounting', tick: 4 }), 'ledger');
    expect(ledger.lines).toEqual([{ stream: 'stdout', text: 'group accounting: processed 0, distinct 0, duplicated 0, skipped 0' }]);
    expect(answer(host.handle({ id: 6, type: 'advance', ticks: -3, untilQuiet: false }), 'failed').message).toMatch(/whole number of ticks/);
  });

  it(`an answer that changed the timeline carries its first ${EAGER_FRAMES} frames; the page asks for the rest`, () => {
    const host = initialised();
    // Lesson 02's cells cover ticks 0 to 86 (its transcript ends `quiet at tick 86`).
    const run = answer(host.handle({ id: 2, type: 'runCells', cells: [0, 1, 2, 3, 4] }), 'cellsRun');
    expect(run.status.headTick).toBe(86);
    expect(run.frames.map((f) => f.tick)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    const advanced = answer(host.handle({ id: 3, type: 'advance', ticks: 100, untilQuiet: false }), 'advanced');
    expect(advanced.frames.map((f) => f.tick)).toEqual(Array.from({ length: 64 }, (_, i) => 87 + i));
    // At the head (86 + 100), an action that steps 80 ticks.
    const acted = answer(host.handle({ id: 4, type: 'act', command: 'sim tick 80', tick: 186 }), 'acted');
    expect(acted.status.headTick).toBe(266);
    expect(acted.frames.map((f) => f.tick)).toEqual(Array.from({ length: 64 }, (_, i) => 186 + i));
    // The rest, as the page fetches them.
    const rest = answer(host.handle({ id: 5, type: 'frames', from: 250, to: 266 }), 'frames');
    expect(rest.frames.map((f) => f.tick)).toEqual(Array.from({ length: 17 }, (_, i) => 250 + i));
  });

  it('replay rebuilds the kernel from ops (ill-shaped ops are dropped); reset starts over', () => {
    const kernel = new NotebookKernel(1, CELLS);
    kernel.runCells([0, 1]);
    kernel.act('sim crash ledger', 8);
    const host = initialised();
    const ops: unknown[] = [...kernel.ops, { op: 'cell' }, { op: 'rm -rf' }, null];
    const ready = answer(host.handle({ id: 2, type: 'replay', ops } as KernelRequest), 'ready');
    expect(ready.status.headTick).toBe(8);
    expect(ready.status.cells).toEqual(['ran', 'cut', 'idle', 'idle', 'idle']);
    expect(JSON.stringify(ready.frame)).toBe(JSON.stringify(kernel.frame(8)));
    const reset = answer(host.handle({ id: 3, type: 'reset' }), 'ready');
    expect(reset.status.headTick).toBe(0);
    expect(reset.status.cells).toEqual(['idle', 'idle', 'idle', 'idle', 'idle']);
  });

  // prettier-ignore
  it.each([
    ['a request before init', new KernelHost(), { id: 9, type: 'frames', from: 0, to: 1 }, 'cannot frames before init'],
    ['init without a numeric seed', new KernelHost(), { id: 9, type: 'init', seed: 'one', cells: [] }, 'init takes a numeric seed'],
    ['init without cell texts', new KernelHost(), { id: 9, type: 'init', seed: 1, cells: [1, 2] }, 'init takes the cell texts'],
    ['an unknown request', initialised(), { id: 9, type: 'explode' }, 'unknown request "explode"'],
  ])('%s is a failed answer, not an exception', (_name, host, request, message) => {
    expect(host.handle(request as unknown as KernelRequest)).toEqual({ id: 9, type: 'failed', message });
  });
});

describe('the worker entry', () => {
  it('posts one answer per message, and a failed one when the host throws', async () => {
    const posted: KernelResponse[] = [];
    const scope = { onmessage: null as ((event: { data: unknown }) => void) | null, postMessage: (m: KernelResponse) => posted.push(m) };
    const global = globalThis as { self?: unknown };
    const previous = global.self;
    global.self = scope;
    try {
      await import('../../site/stage/kernel/engine.worker.ts');
      scope.onmessage?.({ data: { id: 1, type: 'init', seed: 1, cells: ['sim tick 2'] } });
      scope.onmessage?.({ data: null });
    } finally {
      global.self = previous;
    }
    expect(posted.map((m) => [m.id, m.type])).toEqual([
      [1, 'ready'],
      [-1, 'failed'],
    ]);
  });
});
