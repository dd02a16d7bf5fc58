/**
 * The page's side of the engine worker: requests as promises, in order, and cancellation.
 *
 * The worker starts on first use (or when the reader shows intent: `warm`), so a lesson page
 * loads only its own script until someone runs a cell; a fresh world is empty at tick 0, which the
 * page draws without asking (`EMPTY_FRAME`).
 *
 * A worker runs one request at a time, so a long one (a big `sim run`) cannot be interrupted from
 * inside. Cancelling therefore ends the worker and starts a fresh one that replays the notebook's
 * operations so far (`NotebookOp`s: the same seed and the same operations give the same timeline,
 * byte for byte) — the page never freezes, and nothing already done is lost. Reset and cancel
 * open a new epoch: an answer to a request of an older epoch is refused (RequestCancelled), so
 * nothing from before them reaches the page or the log.
 */
import { ADVANCE_LIMIT, type Frame, type KernelRequest, type KernelResponse, type NotebookOp, type PrintedLine, type TimelineStatus } from './protocol.ts';
import type { NotebookScript } from './kernel/notebook-script.ts';
import type { Watch } from './kernel/watches.ts';

type Answer<T extends KernelResponse['type']> = Extract<KernelResponse, { type: T }>;
type RequestBody = KernelRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** Thrown to the waiting caller when its request was cancelled or superseded by a reset. */
export class RequestCancelled extends Error {}

/** A fresh world: tick 0, nothing in it (engine/core/world.ts createWorld). */
export const EMPTY_FRAME: Frame = {
  tick: 0,
  scene: {
    tick: 0,
    brokers: [{ id: 1, status: 'running', fenced: false, slow: false, leads: 0 }],
    producers: [],
    topics: [],
    groups: [],
    consumers: [],
    messages: [],
    messagesOmitted: 0,
    partitionsOmitted: 0,
    table: [],
  },
  events: [],
};

/** The timeline of a fresh world with `cells` cells, none run. */
export function emptyStatus(cells: number, watches = 0): TimelineStatus {
  return {
    headTick: 0,
    marks: [],
    quietAtHead: true,
    changedFrom: 0,
    cells: Array.from({ length: cells }, () => 'idle'),
    watchHits: Array.from({ length: watches }, () => null),
  };
}

interface Pending {
  readonly resolve: (answer: KernelResponse) => void;
  readonly reject: (error: Error) => void;
}

/** A worker and the start of its world. */
interface Running {
  readonly worker: Worker;
  readonly ready: Promise<Answer<'ready'>>;
}

export interface EngineClientOptions {
  readonly seed: number;
  readonly cells: readonly string[];
  /** The page's guided steps' conditions (the status reports when each was first met). */
  readonly watches?: readonly Watch[];
  /** Makes the worker; the page passes `new Worker(new URL(...), { type: 'module' })`. */
  readonly spawn: () => Worker;
}

export class EngineClient {
  #options: EngineClientOptions;
  #running: Running | null = null;
  #cancelling: Promise<TimelineStatus> | null = null;
  #epoch = 0;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  /** The kernel's log since the last reset, as each answer reported it: what a fresh worker replays. */
  #ops: NotebookOp[] = [];

  constructor(options: EngineClientOptions) {
    this.#options = options;
  }

  get ops(): readonly NotebookOp[] {
    return this.#ops;
  }

  #spawn(): Worker {
    const worker = this.#options.spawn();
    worker.onmessage = (event: MessageEvent<KernelResponse>) => {
      const answer = event.data;
      const pending = this.#pending.get(answer.id);
      if (!pending) return;
      this.#pending.delete(answer.id);
      if (answer.type === 'failed') pending.reject(new Error(answer.message));
      else pending.resolve(answer);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      // A dead worker answers nothing: forget it, so the next request starts a fresh one that
      // replays the operations so far.
      worker.terminate();
      if (this.#running?.worker === worker) this.#running = null;
      this.#failAll(new Error(`the engine stopped: ${event.message || 'unknown error'}`));
    };
    return worker;
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  /**
   * Posts one request to `worker`. The answer to a reader's request is refused if the epoch changed
   * meanwhile; a worker's own start (init, replay) is not a reader's request and is never refused.
   */
  #post<T extends KernelResponse['type']>(worker: Worker, body: RequestBody, expect: T, bound = true): Promise<Answer<T>> {
    const epoch = bound ? this.#epoch : null;
    const id = this.#nextId++;
    return new Promise<KernelResponse>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ ...body, id });
    }).then((answer) => {
      if (epoch !== null && epoch !== this.#epoch) throw new RequestCancelled('superseded by a reset or a cancel');
      if (answer.type !== expect) throw new Error(`the engine answered ${answer.type} to a request for ${expect}`);
      return answer as Answer<T>;
    });
  }

  /** The running worker, started (and the operations so far replayed into it) if need be. */
  #ensure(): Running {
    if (this.#running) return this.#running;
    const worker = this.#spawn();
    const ops = [...this.#ops];
    const init = this.#post(
      worker,
      { type: 'init', seed: this.#options.seed, cells: this.#options.cells, watches: this.#options.watches ?? [] },
      'ready',
      false,
    );
    const ready = ops.length === 0 ? init : init.then(() => this.#post(worker, { type: 'replay', ops }, 'ready', false));
    const running: Running = { worker, ready };
    this.#running = running;
    // A failed start may be retried by the next request.
    ready.catch(() => {
      if (this.#running === running) this.#running = null;
    });
    return running;
  }

  /** Sends a request to the worker whose world is ready: never to one still replaying, never to a replaced one. */
  async #send<T extends KernelResponse['type']>(body: RequestBody, expect: T): Promise<Answer<T>> {
    const running = this.#ensure();
    await running.ready;
    if (this.#running !== running) throw new RequestCancelled('the engine was replaced');
    return this.#post(running.worker, body, expect);
  }

  /** The reader is about to use the stage: start the worker now, so the first Run does not wait for it. */
  warm(): void {
    this.#ensure().ready.catch(() => undefined);
  }

  /** Starts the world now and returns the head's frame. */
  init(): Promise<Answer<'ready'>> {
    return this.#ensure().ready;
  }

  async runCells(cells: readonly number[]): Promise<Answer<'cellsRun'>> {
    const answer = await this.#send({ type: 'runCells', cells }, 'cellsRun');
    this.#record(answer.ops);
    return answer;
  }

  async act(command: string, tick: number): Promise<Answer<'acted'>> {
    const answer = await this.#send({ type: 'act', command, tick }, 'acted');
    this.#record(answer.ops);
    return answer;
  }

  async advance(ticks: number, untilQuiet: boolean): Promise<Answer<'advanced'>> {
    const answer = await this.#send({ type: 'advance', ticks, untilQuiet }, 'advanced');
    this.#record(answer.ops);
    return answer;
  }

  /**
   * Keeps the operations an answer reported. Playing live logs an advance every few ticks; two in
   * a row of the same kind are one (the kernel logs the ticks it really stepped, and an advance
   * that stops when the world is quiet never stopped in between), up to what one advance may step.
   */
  #record(ops: readonly NotebookOp[]): void {
    for (const op of ops) {
      const last = this.#ops[this.#ops.length - 1];
      if (op.op === 'advance' && last?.op === 'advance' && last.untilQuiet === op.untilQuiet && last.ticks + op.ticks <= ADVANCE_LIMIT) {
        this.#ops[this.#ops.length - 1] = { op: 'advance', ticks: last.ticks + op.ticks, untilQuiet: op.untilQuiet };
      } else this.#ops.push(op);
    }
  }

  async frames(from: number, to: number): Promise<readonly Frame[]> {
    // Nothing ever ran: the world is the empty one at tick 0 (its only tick), no worker needed.
    if (!this.#running && this.#ops.length === 0) return [EMPTY_FRAME];
    return (await this.#send({ type: 'frames', from, to }, 'frames')).frames;
  }

  async ledger(group: string, tick: number): Promise<readonly PrintedLine[]> {
    return (await this.#send({ type: 'ledger', group, tick }, 'ledger')).lines;
  }

  /** The notebook as one straight script with what each command prints (nothing ran: an empty one). */
  async script(): Promise<NotebookScript> {
    if (!this.#running && this.#ops.length === 0) return { ok: true, seed: this.#options.seed, blocks: [] };
    return (await this.#send({ type: 'script' }, 'script')).script;
  }

  /**
   * Another notebook from now on (the playground's cells were edited, added, moved, or its seed
   * changed): the worker is let go, whatever is in flight is refused, and the next request starts
   * a fresh world with these cells. The caller replays the operations to keep through the normal
   * requests (stage-effects.ts restoreProgress), so each cell shows its output again.
   */
  replaceNotebook(seed: number, cells: readonly string[]): void {
    this.#epoch++;
    this.#running?.worker.terminate();
    this.#running = null;
    this.#failAll(new RequestCancelled('the notebook changed'));
    this.#options = { ...this.#options, seed, cells: [...cells] };
    this.#ops = [];
  }

  /** Forgets everything: requests still in flight are refused when they answer. */
  async reset(): Promise<Answer<'ready'>> {
    this.#epoch++;
    this.#ops = [];
    if (!this.#running)
      return { id: 0, type: 'ready', status: emptyStatus(this.#options.cells.length, this.#options.watches?.length ?? 0), frame: EMPTY_FRAME };
    return this.#send({ type: 'reset' }, 'ready');
  }

  /**
   * Abandons whatever the worker is doing: every waiting caller gets RequestCancelled, and a new
   * worker replays the operations that had completed. Returns the restored timeline's status;
   * cancelling again while that happens waits for the same restart.
   */
  cancel(): Promise<TimelineStatus> {
    if (this.#cancelling) return this.#cancelling;
    this.#epoch++;
    this.#running?.worker.terminate();
    this.#running = null;
    this.#failAll(new RequestCancelled('cancelled'));
    const restart = this.#ensure().ready.then((ready) => ready.status);
    this.#cancelling = restart;
    const done = () => {
      if (this.#cancelling === restart) this.#cancelling = null;
    };
    restart.then(done, done);
    return restart;
  }
}
