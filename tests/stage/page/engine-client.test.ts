import { describe, expect, it } from 'vitest';
import { EMPTY_FRAME, emptyStatus, EngineClient, RequestCancelled } from '../../../site/stage/engine-client.ts';
import { KernelHost } from '../../../site/stage/kernel/kernel-host.ts';
import type { KernelRequest, KernelResponse } from '../../../site/stage/protocol.ts';

/** A Worker stand-in that runs the real kernel host, answering when told to (so a request can be caught in flight). */
class FakeWorker {
  static spawned: FakeWorker[] = [];
  readonly host = new KernelHost();
  readonly inbox: KernelRequest[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<KernelResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  constructor() {
    FakeWorker.spawned.push(this);
  }
  postMessage(request: KernelRequest): void {
    this.inbox.push(request);
  }
  /** Answers every request received so far, in order. */
  flush(): void {
    while (!this.terminated && this.inbox.length > 0) {
      const answer = this.host.handle(this.inbox.shift() as KernelRequest);
      this.onmessage?.({ data: answer } as MessageEvent<KernelResponse>);
    }
  }
  terminate(): void {
    this.terminated = true;
  }
}

const CELLS = [
  'kafka-topics --create --topic t --partitions 2\nsim producer start p --topic t --count 6 --keys a,b\nsim consumer start c --group g --topic t --offset-reset earliest',
  'sim run',
];

function client() {
  FakeWorker.spawned = [];
  return new EngineClient({ seed: 3, cells: CELLS, spawn: () => new FakeWorker() as unknown as Worker });
}

/** Lets the client's promise chain move on, answering whatever the newest worker has received. */
async function settle(times = 6): Promise<void> {
  for (let i = 0; i < times; i++) {
    FakeWorker.spawned.at(-1)?.flush();
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
  }
}

async function answered<T>(promise: Promise<T>): Promise<T> {
  await settle();
  return promise;
}

describe('the engine client', () => {
  it('starts no worker until the engine is needed: tick 0 of a fresh world is known without it', async () => {
    const c = client();
    expect(await c.frames(0, 0)).toEqual([EMPTY_FRAME]);
    expect(FakeWorker.spawned).toHaveLength(0);
    const answer = await answered(c.runCells([0]));
    expect(FakeWorker.spawned).toHaveLength(1);
    expect(answer.results.map((r) => r.error)).toEqual([null]);
  });

  it('keeps the operations each answer reports, in order', async () => {
    const c = client();
    await answered(c.runCells([0, 1]));
    const head = (await answered(c.frames(0, 0)))[0];
    expect(head?.tick).toBe(0);
    await answered(c.act('sim crash c', 2));
    expect(c.ops).toEqual([
      { op: 'cell', cell: 0 },
      { op: 'cell', cell: 1 },
      { op: 'act', command: 'sim crash c', tick: 2 },
    ]);
  });

  it('cancelling rejects the request in flight and rebuilds the same world in a new worker', async () => {
    const c = client();
    await answered(c.runCells([0]));
    const before = JSON.stringify(await answered(c.frames(0, 50)));
    const inFlight = c.runCells([1]);
    await Promise.resolve();
    const cancelled = c.cancel();
    await expect(inFlight).rejects.toBeInstanceOf(RequestCancelled);
    const status = await answered(cancelled);
    expect(FakeWorker.spawned).toHaveLength(2);
    expect(FakeWorker.spawned[0]?.terminated).toBe(true);
    expect(status.cells).toEqual(['ran', 'idle']);
    expect(JSON.stringify(await answered(c.frames(0, 50)))).toBe(before);
    expect(c.ops).toEqual([{ op: 'cell', cell: 0 }]);
  });

  it('a worker that dies fails the request in flight, and the next request rebuilds the world in a new one', async () => {
    const c = client();
    await answered(c.runCells([0]));
    const before = JSON.stringify(await answered(c.frames(0, 20)));
    const worker = FakeWorker.spawned[0] as FakeWorker;
    const pending = c.frames(0, 3);
    await Promise.resolve();
    worker.onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
    await expect(pending).rejects.toThrow('the engine stopped: boom');
    expect(worker.terminated).toBe(true);
    expect(JSON.stringify(await answered(c.frames(0, 20)))).toBe(before);
    expect(FakeWorker.spawned).toHaveLength(2);
  });

  it('logs live steps of one kind as one operation, and a rebuilt world from that log is the same', async () => {
    const c = client();
    await answered(c.runCells([0]));
    await answered(c.advance(3, false));
    await answered(c.advance(2, false));
    await answered(c.advance(4, true));
    expect(c.ops).toEqual([
      { op: 'cell', cell: 0 },
      { op: 'advance', ticks: 5, untilQuiet: false },
      { op: 'advance', ticks: 4, untilQuiet: true },
    ]);
    const before = JSON.stringify(await answered(c.frames(0, 40)));
    await answered(c.cancel());
    expect(JSON.stringify(await answered(c.frames(0, 40)))).toBe(before);
  });

  it('never merges live steps past what one advance may step, so the log replays the same', async () => {
    const c = client();
    await answered(c.runCells([0]));
    await answered(c.advance(60_000, false));
    await answered(c.advance(60_000, false));
    expect(c.ops.slice(1)).toEqual([
      { op: 'advance', ticks: 60_000, untilQuiet: false },
      { op: 'advance', ticks: 60_000, untilQuiet: false },
    ]);
  });

  it('an answer to a request sent before a reset is refused, and leaves nothing in the log', async () => {
    const c = client();
    await answered(c.runCells([0]));
    const stale = c.advance(3, false).then(
      () => 'answered',
      (error: unknown) => error,
    );
    await Promise.resolve();
    const reset = c.reset();
    expect(await answered(stale)).toBeInstanceOf(RequestCancelled);
    await answered(reset);
    expect(c.ops).toEqual([]);
  });

  it('cancelling twice waits for one restart; a request made meanwhile goes to the rebuilt world, after its replay', async () => {
    const c = client();
    await answered(c.runCells([0]));
    const first = c.cancel();
    const second = c.cancel();
    const request = c.runCells([1]);
    await answered(first);
    expect(await answered(second)).toEqual(await first);
    expect(FakeWorker.spawned).toHaveLength(2);
    const answer = await answered(request);
    expect(answer.results.map((r) => r.cell)).toEqual([1]);
    expect(c.ops).toEqual([
      { op: 'cell', cell: 0 },
      { op: 'cell', cell: 1 },
    ]);
  });
});

describe('the empty world the page draws without the engine', () => {
  it('is exactly the frame and status a fresh kernel gives at tick 0', () => {
    const host = new KernelHost();
    const ready = host.handle({ id: 1, type: 'init', seed: 3, cells: CELLS });
    expect(ready.type).toBe('ready');
    if (ready.type !== 'ready') return;
    expect(ready.frame).toEqual(EMPTY_FRAME);
    expect(ready.status).toEqual(emptyStatus(CELLS.length));
  });
});
