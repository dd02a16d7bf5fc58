/**
 * The page's side of the engine worker: requests as promises, in order, and cancellation.
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
  #worker: Worker;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  /** The kernel's log since the last reset, as each answer reported it: what a fresh worker replays. */
  #ops: NotebookOp[] = [];

  constructor(options: EngineClientOptions) {
    this.#options = options;
    this.#worker = this.#start();
  }

  get ops(): readonly NotebookOp[] {
    return this.#ops;
  }

  #start(): Worker {
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
      this.#failAll(new Error(`the engine stopped: ${event.message || 'unknown error'}`));
    };
    return worker;
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  #send<T extends KernelResponse['type']>(body: RequestBody, expect: T): Promise<Answer<T>> {
    const id = this.#nextId++;
    return new Promise<KernelResponse>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...body, id } as KernelRequest);
    }).then((answer) => {
      if (answer.type !== expect) throw new Error(`the engine answered ${answer.type} to a request for ${expect}`);
      return answer as Answer<T>;
    });
  }

  /** Starts the world (or restores `ops`, a saved notebook's operations) and returns the first frame. */
  async init(ops: readonly NotebookOp[] = []): Promise<Answer<'ready'>> {
    const ready = await this.#send({ type: 'init', seed: this.#options.seed, cells: this.#options.cells }, 'ready');
    if (ops.length === 0) return ready;
    const replayed = await this.#send({ type: 'replay', ops }, 'ready');
    this.#ops = [...ops];
    return replayed;
  }

  async runCells(cells: readonly number[]): Promise<Answer<'cellsRun'>> {
    const answer = await this.#send({ type: 'runCells', cells }, 'cellsRun');
    this.#ops.push(...answer.ops);
    return answer;
  }

  async act(command: string, tick: number): Promise<Answer<'acted'>> {
    const answer = await this.#send({ type: 'act', command, tick }, 'acted');
    this.#ops.push(...answer.ops);
    return answer;
  }

  async advance(ticks: number, untilQuiet: boolean): Promise<Answer<'advanced'>> {
    const answer = await this.#send({ type: 'advance', ticks, untilQuiet }, 'advanced');
    this.#ops.push(...answer.ops);
    return answer;
  }

  async frames(from: number, to: number): Promise<readonly Frame[]> {
    return (await this.#send({ type: 'frames', from, to }, 'frames')).frames;
  }

  async ledger(group: string, tick: number): Promise<readonly PrintedLine[]> {
    return (await this.#send({ type: 'ledger', group, tick }, 'ledger')).lines;
  }

  async reset(): Promise<Answer<'ready'>> {
    const answer = await this.#send({ type: 'reset' }, 'ready');
    this.#ops = [];
    return answer;
  }

  /**
   * Abandons whatever the worker is doing: every waiting caller gets RequestCancelled, and a new
   * worker replays the operations that had completed. Returns the restored timeline's status.
   */
  async cancel(): Promise<TimelineStatus> {
    this.#worker.terminate();
    this.#failAll(new RequestCancelled('cancelled'));
    this.#worker = this.#start();
    const ready = await this.init(this.#ops);
    return ready.status;
  }

  dispose(): void {
    this.#worker.terminate();
    this.#failAll(new RequestCancelled('the page closed the engine'));
  }
}
