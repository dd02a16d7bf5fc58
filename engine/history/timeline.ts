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
import type { OffsetWindow } from '../core/record-store.ts';
import { cloneWorld, createWorld, worldWeight } from '../core/world.ts';

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
  /** What the copy costs in memory (worldWeight). */
  readonly weight: number;
}

export interface CheckpointPolicy {
  /** Take a checkpoint at least this often, in ticks. */
  readonly maxTicks: number;
  /**
   * …or sooner, once this many events happened since the last one (replay cost tracks events,
   * not ticks). A big world waits for more: at least `eventsPerWeight` events per unit of what
   * one copy of it costs, so copying never costs more than replaying would.
   */
  readonly maxEvents: number;
  readonly eventsPerWeight: number;
  /**
   * What all checkpoints together may weigh (worldWeight units, about 250 bytes each), and how
   * many there may be. Over either, every other older checkpoint goes and new ones are taken
   * half as often: memory stays bounded, and seeking far back costs a longer replay instead.
   */
  readonly maxWeight: number;
  readonly maxCheckpoints: number;
}

const DEFAULT_POLICY: CheckpointPolicy = { maxTicks: 512, maxEvents: 4096, eventsPerWeight: 4, maxWeight: 1_000_000, maxCheckpoints: 2048 };

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
  /** Sum of the checkpoints' weights. */
  #weight = 0;
  /** Checkpoint spacing, doubled each time old checkpoints are thinned out. */
  #spacing = 1;
  readonly #policy: CheckpointPolicy;

  constructor(options: Partial<WorldOptions> = {}, policy: Partial<CheckpointPolicy> = {}) {
    this.#world = createWorld(options);
    this.#policy = { ...DEFAULT_POLICY, ...policy };
    this.#pushCheckpoint();
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
    const { maxTicks, maxEvents, eventsPerWeight } = this.#policy;
    const eventsDue = Math.max(maxEvents, eventsPerWeight * last.weight) * this.#spacing;
    if (this.#world.tick - last.tick < maxTicks * this.#spacing && this.#eventsSinceCheckpoint < eventsDue) return;
    this.#pushCheckpoint();
    this.#eventsSinceCheckpoint = 0;
    if (this.#weight > this.#policy.maxWeight || this.#checkpoints.length > this.#policy.maxCheckpoints) this.#thin();
    this.#releaseRecords();
  }

  #pushCheckpoint(): void {
    const weight = worldWeight(this.#world);
    this.#checkpoints.push({ tick: this.#world.tick, entries: this.#cursor, world: cloneWorld(this.#world), weight });
    this.#weight += weight;
  }

  /** Drops every other checkpoint between the first (tick 0) and the newest, and spaces new ones twice as far. */
  #thin(): void {
    const list = this.#checkpoints;
    const kept = list.filter((_, i) => i === 0 || i === list.length - 1 || i % 2 === 0);
    this.#checkpoints = kept;
    this.#weight = kept.reduce((sum, c) => sum + c.weight, 0);
    this.#spacing *= 2;
  }

  /**
   * Frees the stored records that retention deleted from the live log and from every
   * checkpoint's log alike: no seek can reach them any more. Only partitions whose log start
   * has moved can have any, so this costs nothing without retention.
   */
  #releaseRecords(): void {
    for (const topic of this.#world.topics.values()) {
      for (const live of topic.partitions) {
        if (live.logStartOffset === 0) continue;
        const windows: OffsetWindow[] = [[live.logStartOffset, live.logEndOffset]];
        for (const c of this.#checkpoints) {
          const old = c.world.topics.get(topic.name)?.partitions[live.partition];
          if (old !== undefined && old.store === live.store) windows.push([old.logStartOffset, old.logEndOffset]);
        }
        live.store.release(live.logStartOffset, windows);
      }
    }
  }

  /** Drops everything after the current position: entries, checkpoints, and stored records past each log end. */
  #truncateFuture(): void {
    const world = this.#world;
    this.#entries.length = this.#cursor;
    this.#checkpoints = this.#checkpoints.filter((c) => c.tick < world.tick || (c.tick === world.tick && c.entries <= this.#cursor));
    this.#weight = this.#checkpoints.reduce((sum, c) => sum + c.weight, 0);
    this.#headTick = world.tick;
    this.#eventsSinceCheckpoint = 0;
    for (const topic of world.topics.values()) for (const p of topic.partitions) p.store.truncate(p.logEndOffset);
    for (const group of world.groups.values()) group.ledger.truncate(group.ledgerLength);
    for (const producer of world.producers.values()) producer.ledger.truncate(producer.ledgerLength);
  }
}
