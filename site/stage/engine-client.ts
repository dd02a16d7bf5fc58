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
 * byte for byte) — the page never freezes, and nothing already done is lost.
 */
import type { Frame, KernelRequest, KernelResponse, NotebookOp, PrintedLine, TimelineStatus } from './protocol.ts';

type Answer<T extends KernelResponse['type']> = Extract<KernelResponse, { type: T }>;
type RequestBody = KernelRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** Thrown to the waiting caller when its request was cancelled (or the worker died). */
export class RequestCancelled extends Error {}

/** A fresh world: tick 0, nothing in it (engine/core/world.ts createWorld). */
export const EMPTY_FRAME: Frame = {
  tick: 0,
  scene: { tick: 0, producers: [], topics: [], groups: [], consumers: [], messages: [], messagesOmitted: 0, table: [] },
  events: [],
};

/** The timeline of a fresh world with `cells` cells, none run. */
export function emptyStatus(cells: number): TimelineStatus {
  return { headTick: 0, marks: [], quietAtHead: true, changedFrom: 0, cells: Array.from({ length: cells }, () => 'idle') };
}

interface Pending {
  readonly resolve: (answer: KernelResponse) => void;
  readonly reject: (error: Error) => void;
}

export interface EngineClientOptions {
  readonly seed: number;
  readonly cells: readonly string[];
  /** Makes the worker; the page passes `new Worker(new URL(...), { type: 'module' })`. */
  readonly spawn: () => Worker;
}

export class EngineClient {
  readonly #options: EngineClientOptions;
  #worker: Worker | null = null;
  /** The running worker's world, once `init` (and any replay) answered. */
  #started: Promise<Answer<'ready'>> | null = null;
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
      if (this.#worker === worker) {
        this.#worker = null;
        this.#started = null;
      }
      this.#failAll(new Error(`the engine stopped: ${event.message || 'unknown error'}`));
    };
    return worker;
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  /** Posts one request to the running worker. */
  #post<T extends KernelResponse['type']>(body: RequestBody, expect: T): Promise<Answer<T>> {
    const worker = this.#worker;
    if (!worker) return Promise.reject(new RequestCancelled('the engine is not running'));
    const id = this.#nextId++;
    return new Promise<KernelResponse>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ ...body, id } as KernelRequest);
    }).then((answer) => {
      if (answer.type !== expect) throw new Error(`the engine answered ${answer.type} to a request for ${expect}`);
      return answer as Answer<T>;
    });
  }

  /** Starts the worker and its world if they are not running yet, replaying `ops`. */
  #ensure(ops: readonly NotebookOp[] = this.#ops): Promise<Answer<'ready'>> {
    if (this.#started) return this.#started;
    this.#worker = this.#spawn();
    const init = this.#post({ type: 'init', seed: this.#options.seed, cells: this.#options.cells }, 'ready');
    const started = ops.length === 0 ? init : init.then(() => this.#post({ type: 'replay', ops }, 'ready'));
    this.#started = started;
    // A failed start may be retried by the next request.
    started.catch(() => {
      if (this.#started === started) this.#started = null;
    });
    return started;
  }

  async #send<T extends KernelResponse['type']>(body: RequestBody, expect: T): Promise<Answer<T>> {
    await this.#ensure();
    return this.#post(body, expect);
  }

  /** The reader is about to use the stage: start the worker now, so the first Run does not wait for it. */
  warm(): void {
    this.#ensure().catch(() => undefined);
  }

  /** Starts the world now (restoring `ops`, a saved visit's operations) and returns the head's frame. */
  async init(ops: readonly NotebookOp[] = []): Promise<Answer<'ready'>> {
    const ready = await this.#ensure(ops);
    this.#ops = [...ops];
    return ready;
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
   * that stops when the world is quiet never stopped in between), so the log stays short.
   */
  #record(ops: readonly NotebookOp[]): void {
    for (const op of ops) {
      const last = this.#ops[this.#ops.length - 1];
      if (op.op === 'advance' && last?.op === 'advance' && last.untilQuiet === op.untilQuiet) {
        this.#ops[this.#ops.length - 1] = { op: 'advance', ticks: last.ticks + op.ticks, untilQuiet: op.untilQuiet };
      } else this.#ops.push(op);
    }
  }

  async frames(from: number, to: number): Promise<readonly Frame[]> {
    // Nothing ever ran: the world is the empty one at tick 0 (its only tick), no worker needed.
    if (!this.#started && this.#ops.length === 0) return [EMPTY_FRAME];
    return (await this.#send({ type: 'frames', from, to }, 'frames')).frames;
  }

  async ledger(group: string, tick: number): Promise<readonly PrintedLine[]> {
    return (await this.#send({ type: 'ledger', group, tick }, 'ledger')).lines;
  }

  async reset(): Promise<Answer<'ready'>> {
    this.#ops = [];
    if (!this.#started) return { id: 0, type: 'ready', status: emptyStatus(this.#options.cells.length), frame: EMPTY_FRAME };
    return this.#send({ type: 'reset' }, 'ready');
  }

  /**
   * Abandons whatever the worker is doing: every waiting caller gets RequestCancelled, and a new
   * worker replays the operations that had completed. Returns the restored timeline's status.
   */
  async cancel(): Promise<TimelineStatus> {
    this.#worker?.terminate();
    this.#worker = null;
    this.#started = null;
    this.#failAll(new RequestCancelled('cancelled'));
    return (await this.#ensure()).status;
  }

  dispose(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#started = null;
    this.#failAll(new RequestCancelled('the page closed the engine'));
  }
}
