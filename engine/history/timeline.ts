/**
 * The timeline: a world plus everything that was done to it, so any past tick can be
 * revisited. Checkpoints (world clones) are taken as the head advances; `seek(t)` restores
 * the nearest checkpoint at or before t and replays the recorded commands and ticks, so it
 * lands on exactly the state a fresh run reaches at t. Acting in the past truncates the
 * future, like undo. The broker rules know nothing of this (raftscope keeps its timeline
 * apart from its protocol the same way).
 */
import { applyCommand, type ApplyResult } from '../core/apply.ts';
import type { Command } from '../core/commands.ts';
import type { WorldEvent } from '../core/events.ts';
import type { WorldOptions } from '../core/options.ts';
import { tick } from '../core/tick.ts';
import type { World } from '../core/types.ts';
import { cloneWorld, createWorld } from '../core/world.ts';

/** A command as recorded: the tick it was applied at. */
export interface TimelineEntry {
  readonly tick: number;
  readonly command: Command;
}

interface Checkpoint {
  readonly tick: number;
  /** How many entries had been applied when it was taken. */
  readonly entries: number;
  readonly world: World;
}

export interface CheckpointPolicy {
  /** Take a checkpoint at least this often, in ticks. */
  readonly maxTicks: number;
  /** …or sooner, once this many events happened since the last one (replay cost tracks events, not ticks). */
  readonly maxEvents: number;
}

const DEFAULT_POLICY: CheckpointPolicy = { maxTicks: 512, maxEvents: 4096 };

/** A point in a timeline's history: a tick, and how many recorded commands precede it. */
export interface TimelineMark {
  readonly tick: number;
  readonly entries: number;
}

export type TimelineApplyResult = ApplyResult & { readonly discardedTicks: number };

export class Timeline {
  #world: World;
  readonly #entries: TimelineEntry[] = [];
  #checkpoints: Checkpoint[] = [];
  /** Entries applied to the live world so far. */
  #cursor = 0;
  #headTick = 0;
  #eventsSinceCheckpoint = 0;
  readonly #policy: CheckpointPolicy;

  constructor(options: Partial<WorldOptions> = {}, policy: Partial<CheckpointPolicy> = {}) {
    this.#world = createWorld(options);
    this.#policy = { ...DEFAULT_POLICY, ...policy };
    this.#checkpoints.push({ tick: 0, entries: 0, world: cloneWorld(this.#world) });
  }

  /** The world at the current tick. Read it; change it only through `apply` and `step`. */
  get world(): World {
    return this.#world;
  }

  get tick(): number {
    return this.#world.tick;
  }

  /** The furthest tick this timeline has reached. */
  get headTick(): number {
    return this.#headTick;
  }

  /** Every command applied, with its tick (what a saved notebook or a replay needs). */
  get entries(): readonly TimelineEntry[] {
    return this.#entries;
  }

  get checkpointCount(): number {
    return this.#checkpoints.length;
  }

  /** True when the current tick is behind the head: acting now would discard the future. */
  get isInPast(): boolean {
    return this.#world.tick < this.#headTick || this.#cursor < this.#entries.length;
  }

  /** Applies `command` now. In the past, the recorded future is discarded first (and counted). */
  apply(command: Command): TimelineApplyResult {
    let discardedTicks = 0;
    if (this.isInPast) {
      discardedTicks = this.#headTick - this.#world.tick;
      const result = applyCommand(cloneWorld(this.#world), command);
      // A refused command discards nothing: the future stays as it was.
      if (!result.ok) return { ...result, discardedTicks: 0 };
      this.#truncateFuture();
    }
    const result = applyCommand(this.#world, command);
    if (result.ok) {
      this.#entries.push({ tick: this.#world.tick, command });
      this.#cursor = this.#entries.length;
      this.#eventsSinceCheckpoint += result.events.length;
    }
    return { ...result, discardedTicks };
  }

  /** Advances one tick: at the head a new tick is computed; in the past the recorded one is replayed. */
  step(): WorldEvent[] {
    if (this.isInPast) {
      const events = tick(this.#world);
      return events.concat(this.#applyRecordedEntries());
    }
    const events = tick(this.#world);
    this.#headTick = this.#world.tick;
    this.#eventsSinceCheckpoint += events.length;
    this.#maybeCheckpoint();
    return events;
  }

  /** Moves to tick `target` (clamped to [0, head]) and returns the events of that tick. */
  seek(target: number): WorldEvent[] {
    const t = Math.max(0, Math.min(Math.floor(target), this.#headTick));
    // Restore from before t (not at t), so tick t itself is replayed and its events returned:
    // landing on a checkpoint's own tick returned only the events of its commands.
    const checkpoint = this.#checkpointAtOrBefore(Math.max(0, t - 1));
    this.#world = cloneWorld(checkpoint.world);
    this.#cursor = checkpoint.entries;
    let events: WorldEvent[] = this.#applyRecordedEntries();
    while (this.#world.tick < t) {
      events = tick(this.#world);
      events = events.concat(this.#applyRecordedEntries());
    }
    return events;
  }

  /** Where the timeline stands now: its tick and how many recorded commands it has applied. */
  mark(): TimelineMark {
    return { tick: this.#world.tick, entries: this.#cursor };
  }

  /**
   * Goes back to `mark` (or to the end of tick `mark`) and forgets everything recorded after
   * it, as if the head had never passed it. The shell calls it when a command failed inside the
   * engine: the restored world comes from a checkpoint and a replay, so it is consistent
   * whatever the failure left half-written.
   */
  rollBackTo(mark: TimelineMark | number): void {
    const target = typeof mark === 'number' ? { tick: mark, entries: this.#entries.length } : mark;
    const tickOf = (e: TimelineEntry) => e.tick;
    let keep = Math.min(target.entries, this.#entries.length);
    while (keep > 0 && tickOf(this.#entries[keep - 1] as TimelineEntry) > target.tick) keep--;
    this.#entries.length = keep;
    this.#headTick = Math.min(this.#headTick, Math.max(0, target.tick));
    this.seek(target.tick);
    this.#truncateFuture();
  }

  /** Goes to the furthest tick reached. */
  seekHead(): WorldEvent[] {
    return this.seek(this.#headTick);
  }

  #applyRecordedEntries(): WorldEvent[] {
    const events: WorldEvent[] = [];
    while (this.#cursor < this.#entries.length) {
      const entry = this.#entries[this.#cursor] as TimelineEntry;
      if (entry.tick !== this.#world.tick) break;
      const result = applyCommand(this.#world, entry.command);
      if (result.ok) events.push(...result.events);
      this.#cursor++;
    }
    return events;
  }

  #checkpointAtOrBefore(t: number): Checkpoint {
    const list = this.#checkpoints;
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((list[mid] as Checkpoint).tick <= t) lo = mid;
      else hi = mid - 1;
    }
    return list[lo] as Checkpoint;
  }

  #maybeCheckpoint(): void {
    const last = this.#checkpoints[this.#checkpoints.length - 1] as Checkpoint;
    if (this.#world.tick - last.tick < this.#policy.maxTicks && this.#eventsSinceCheckpoint < this.#policy.maxEvents) return;
    this.#checkpoints.push({ tick: this.#world.tick, entries: this.#cursor, world: cloneWorld(this.#world) });
    this.#eventsSinceCheckpoint = 0;
  }

  /** Drops everything after the current position: entries, checkpoints, and stored records past each log end. */
  #truncateFuture(): void {
    const world = this.#world;
    this.#entries.length = this.#cursor;
    this.#checkpoints = this.#checkpoints.filter((c) => c.tick < world.tick || (c.tick === world.tick && c.entries <= this.#cursor));
    this.#headTick = world.tick;
    this.#eventsSinceCheckpoint = 0;
    for (const topic of world.topics.values()) for (const p of topic.partitions) p.store.truncate(p.logEndOffset);
    for (const group of world.groups.values()) group.ledger.truncate(group.ledgerLength);
  }
}
