/** What a tool runs with: the timeline it acts on, where it prints, and how it waits. */
import type { Command } from '../core/commands.ts';
import type { WorldEvent } from '../core/events.ts';
import { LIMITS, limitMessage } from '../core/limits.ts';
import type { World } from '../core/types.ts';
import type { Timeline, TimelineApplyResult } from '../history/timeline.ts';
import { Output } from './output.ts';

/** A command that waits never waits longer than this many ticks (a lesson's story is a few hundred). */
export const MAX_WAIT_TICKS = LIMITS.ticksPerCommand;

/**
 * Events one command keeps for its caller (the stage test reads them; a frame is built from the
 * world, not from these). A long `sim run` makes millions, some carrying a whole group's
 * members: past this many they are counted, not kept.
 */
export const MAX_KEPT_EVENTS = 10_000;

export class ToolContext {
  readonly output = new Output();
  /** The events the command caused, its waiting included, in order: the first MAX_KEPT_EVENTS of them. */
  readonly events: WorldEvent[] = [];
  /** Events caused but not kept in `events`. */
  eventsOmitted = 0;
  readonly timeline: Timeline;
  /** Ticks this command may still advance (LIMITS.ticksPerCommand in all, however many waits it makes). */
  #ticksLeft: number = LIMITS.ticksPerCommand;
  readonly #watchers: ((events: readonly WorldEvent[]) => void)[] = [];
  #toldRecordLimit = false;
  /** Events plus records appended so far (LIMITS.workPerCommand). */
  #work = 0;

  constructor(timeline: Timeline) {
    this.timeline = timeline;
  }

  get world(): World {
    return this.timeline.world;
  }

  /** Ticks this command may still advance. */
  get ticksLeft(): number {
    return this.#ticksLeft;
  }

  /** Calls `watcher` with the events of every later apply and step of this command. */
  watch(watcher: (events: readonly WorldEvent[]) => void): void {
    this.#watchers.push(watcher);
  }

  /** Applies a command, keeping its events. */
  apply(command: Command): TimelineApplyResult {
    const result = this.timeline.apply(command);
    if (result.ok) this.#keep(result.events);
    return result;
  }

  /** True once the command has used up its ticks or its work (LIMITS): `step` then does nothing. */
  get isSpent(): boolean {
    return this.#ticksLeft <= 0 || this.#work >= LIMITS.workPerCommand;
  }

  /** Advances one tick, keeping its events; does nothing once the command is spent (`isSpent`). */
  step(): WorldEvent[] {
    if (this.isSpent) return [];
    this.#ticksLeft--;
    const events = this.timeline.step();
    this.#keep(events);
    this.#noteRecordLimit();
    if (this.#work >= LIMITS.workPerCommand) {
      const what = `stopped at tick ${this.world.tick} after ${(LIMITS.ticksPerCommand - this.#ticksLeft).toLocaleString('en-US')} ticks`;
      this.output.err(`note: ${limitMessage(what, LIMITS.workPerCommand, 'events and records per command')}; run it again to go on`);
    }
    return events;
  }

  /** Advances until `done()` holds, `maxTicks` passed or the command's tick budget is spent; true when `done()` held. */
  waitUntil(done: () => boolean, maxTicks: number = MAX_WAIT_TICKS): boolean {
    for (let i = 0; i < maxTicks && !this.isSpent; i++) {
      if (done()) return true;
      this.step();
    }
    return done();
  }

  #keep(events: readonly WorldEvent[]): void {
    // A loop, not push(...events): spreading a tick of 100,000 events overflows the stack.
    for (const e of events) {
      if (this.events.length < MAX_KEPT_EVENTS) this.events.push(e);
      else this.eventsOmitted++;
      this.#work += e.kind === 'records.appended' ? 1 + e.payload.count : 1;
    }
    for (const watcher of this.#watchers) watcher(events);
  }

  /** Says once per command that the world is full of records, so a producer's failures have a reason in sight. */
  #noteRecordLimit(): void {
    if (this.#toldRecordLimit || this.world.counters.recordsRetained < LIMITS.recordsRetained) return;
    this.#toldRecordLimit = true;
    const what = `the logs hold ${this.world.counters.recordsRetained.toLocaleString('en-US')} records at tick ${this.world.tick}`;
    this.output.err(
      `note: ${limitMessage(what, LIMITS.recordsRetained, 'records retained')}; the broker refuses new records (RECORD_LIMIT_REACHED) until retention or a topic deletion frees room`,
    );
  }
}
