/**
 * The worker's side of the protocol: one request in, one response out. Kept apart from the
 * worker entry so it can be tested in Node without a Worker.
 */
import { isNotebookOp, type Frame, type KernelRequest, type KernelResponse } from '../protocol.ts';
import { NotebookKernel } from './notebook-kernel.ts';
import { notebookScript } from './notebook-script.ts';
import { isWatch, type Watch } from './watches.ts';

/**
 * Frames an answer that changed the timeline (runCells, act, advance) carries, at most: the first
 * ones the page will play. The page fetches the rest as it plays (a `frames` request), so a long
 * run is not posted whole while the reader watches only its start.
 */
export const EAGER_FRAMES = 64;

/** A response without its id (distributed over the union, so each answer keeps its own fields). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type AnyAnswer = WithoutId<KernelResponse>;
type Answer<T extends KernelResponse['type']> = WithoutId<Extract<KernelResponse, { type: T }>>;

export class KernelHost {
  #kernel: NotebookKernel | null = null;
  #seed = 0;
  #cells: readonly string[] = [];
  #watches: readonly Watch[] = [];

  /** Answers one request; never throws (an unexpected failure is a `failed` answer). */
  handle(request: KernelRequest): KernelResponse {
    let id = -1;
    try {
      if (typeof request.id === 'number') id = request.id;
      return { id, ...this.#answer(request) };
    } catch (error) {
      return { id, type: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
  }

  #answer(request: KernelRequest): AnyAnswer {
    if (request.type === 'init') return this.#init(request.seed, request.cells, request.watches ?? []);
    const kernel = this.#kernel;
    if (!kernel) return { type: 'failed', message: `cannot ${request.type} before init` };
    const logged = kernel.ops.length;
    // The page keeps the log (a cancelled worker takes its own with it): send what this request added.
    const added = () => kernel.ops.slice(logged);
    switch (request.type) {
      case 'runCells': {
        if (!Array.isArray(request.cells)) return { type: 'failed', message: 'runCells takes a list of cell indices' };
        const results = kernel.runCells(request.cells);
        const from = Math.min(...results.map((r) => r.fromTick));
        const to = Math.max(...results.map((r) => r.toTick));
        const frames = results.length > 0 ? kernel.frames(from, Math.min(to, from + EAGER_FRAMES - 1)) : [];
        const answer: Answer<'cellsRun'> = { type: 'cellsRun', results, status: kernel.status(), frames, ops: added() };
        return answer;
      }
      case 'act': {
        const acted = kernel.act(String(request.command), Number(request.tick));
        const status = kernel.status();
        const answer: Answer<'acted'> = { type: 'acted', ...acted, status, frames: changedFrames(kernel, status.changedFrom), ops: added() };
        return answer;
      }
      case 'advance': {
        const advanced = kernel.advance(Number(request.ticks), request.untilQuiet === true);
        if (advanced.error) return { type: 'failed', message: advanced.error };
        const status = kernel.status();
        const answer: Answer<'advanced'> = { type: 'advanced', status, frames: changedFrames(kernel, status.changedFrom), ops: added() };
        return answer;
      }
      case 'frames':
        return { type: 'frames', frames: kernel.frames(Number(request.from), Number(request.to)) };
      case 'ledger':
        return { type: 'ledger', lines: kernel.ledger(String(request.group), Number(request.tick)) };
      case 'replay': {
        if (!Array.isArray(request.ops)) return { type: 'failed', message: 'replay takes a list of operations' };
        const ops: readonly unknown[] = request.ops;
        this.#kernel = NotebookKernel.replay(
          this.#seed,
          this.#cells,
          ops.filter((op) => isNotebookOp(op, this.#cells.length)),
          this.#watches,
        );
        return this.#ready(this.#kernel.headTick);
      }
      case 'reset':
        kernel.reset();
        return this.#ready(0);
      case 'script':
        return { type: 'script', script: notebookScript(this.#seed, this.#cells, kernel.history) };
      default:
        return { type: 'failed', message: `unknown request ${JSON.stringify((request as { type?: unknown }).type)}` };
    }
  }

  #init(seed: unknown, cells: unknown, watches: unknown): AnyAnswer {
    if (typeof seed !== 'number' || !Number.isFinite(seed)) return { type: 'failed', message: 'init takes a numeric seed' };
    if (!Array.isArray(cells) || !cells.every((c): c is string => typeof c === 'string')) return { type: 'failed', message: 'init takes the cell texts' };
    if (!Array.isArray(watches) || !watches.every(isWatch)) return { type: 'failed', message: 'init takes a list of watches (event kind and fields)' };
    this.#seed = seed;
    this.#cells = [...cells];
    this.#watches = [...watches];
    this.#kernel = new NotebookKernel(seed, this.#cells, this.#watches);
    return this.#ready(0);
  }

  #ready(tick: number): Answer<'ready'> {
    const kernel = this.#kernel as NotebookKernel;
    const frame: Frame = kernel.frame(tick);
    return { type: 'ready', status: kernel.status(), frame };
  }
}

/** The frames an operation changed, from `changedFrom` on (the first EAGER_FRAMES; the page asks for the rest). */
function changedFrames(kernel: NotebookKernel, changedFrom: number): Frame[] {
  return changedFrom > kernel.headTick ? [] : kernel.frames(changedFrom, Math.min(kernel.headTick, changedFrom + EAGER_FRAMES - 1));
}
