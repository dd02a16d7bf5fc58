/**
 * One world of the fork view, running in its own engine worker (an EngineClient), so stepping
 * two worlds never freezes the page and neither can touch the other.
 *
 * A world is rebuilt from its node's log through the client's ordinary requests (run a cell, act,
 * advance), in order — the same path the stage takes to restore saved progress — so the worker
 * ends with exactly the timeline the log describes. The view keeps two of these and hands each
 * the node to show; one that already holds that node keeps its worker and timeline.
 */
import { EngineClient } from '../../stage/engine-client.ts';
import { ADVANCE_LIMIT, type Frame, type PrintedLine } from '../../stage/protocol.ts';
import type { ForkNode } from './fork-tree.ts';

/** What acting a change did. */
export interface ChangeOutcome {
  /** The command added to the world's history: false for a refused command, or one that only reads. */
  readonly changed: boolean;
  readonly ok: boolean;
  readonly output: readonly PrintedLine[];
}

export class ForkWorld {
  readonly #client: EngineClient;
  #nodeId: number | null = null;
  #head = 0;

  constructor(spawn: () => Worker) {
    // The seed and cells are placeholders: `show` gives the client each node's own.
    this.#client = new EngineClient({ seed: 0, cells: [], spawn });
  }

  /** The node whose world this worker holds, or null (none yet, or a rebuild failed half-way). */
  get nodeId(): number | null {
    return this.#nodeId;
  }

  get headTick(): number {
    return this.#head;
  }

  /** Makes this worker hold `node`'s world, replaying its log unless it already does. */
  async show(node: ForkNode): Promise<void> {
    if (this.#nodeId === node.id) return;
    this.#nodeId = null;
    const { seed, cells, ops } = node.world;
    // A new notebook for the client: its worker is let go, the next request starts a fresh one.
    this.#client.replaceNotebook(seed, cells);
    let head = (await this.#client.init()).status.headTick;
    for (const op of ops) {
      if (op.op === 'cell') head = (await this.#client.runCells([op.cell])).status.headTick;
      else if (op.op === 'act') head = (await this.#client.act(op.command, op.tick)).status.headTick;
      else head = (await this.#client.advance(op.ticks, op.untilQuiet)).status.headTick;
    }
    this.#head = head;
    this.#nodeId = node.id;
  }

  /** Steps the world's head up to `tick` (when it is behind); returns the ticks stepped. */
  async reach(tick: number): Promise<number> {
    const start = this.#head;
    while (this.#head < tick) {
      const answer = await this.#client.advance(Math.min(tick - this.#head, ADVANCE_LIMIT), false);
      if (answer.status.headTick <= this.#head) break;
      this.#head = answer.status.headTick;
    }
    return this.#head - start;
  }

  /** The frame at `tick` (the kernel clamps it to the timeline). */
  async frame(tick: number): Promise<Frame> {
    const [frame] = await this.#client.frames(tick, tick);
    if (!frame) throw new Error(`the engine sent no frame for tick ${tick}`);
    return frame;
  }

  /**
   * Acts `command` at `tick`, discarding the future after it: this worker's world becomes the
   * fork's, to be adopted by the fork's node when the command changed something. A command that
   * changed nothing leaves the world as it was (and still the same node's).
   */
  async change(command: string, tick: number): Promise<ChangeOutcome> {
    const before = this.#nodeId;
    this.#nodeId = null;
    const answer = await this.#client.act(command, tick);
    this.#head = answer.status.headTick;
    const changed = answer.ops.length > 0;
    if (!changed) this.#nodeId = before;
    return { changed, ok: answer.ok, output: answer.output };
  }

  /** After a change: this worker now holds `nodeId`'s world. */
  adopt(nodeId: number): void {
    this.#nodeId = nodeId;
  }

  /** Lets the worker go (a new notebook with nothing to run starts none). */
  dispose(): void {
    this.#nodeId = null;
    this.#client.replaceNotebook(0, []);
  }
}
