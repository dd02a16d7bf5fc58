/** What a tool runs with: the timeline it acts on, where it prints, and how it waits. */
import type { Command } from '../core/commands.ts';
import type { WorldEvent } from '../core/events.ts';
import type { World } from '../core/types.ts';
import type { Timeline, TimelineApplyResult } from '../history/timeline.ts';
import { Output } from './output.ts';

/** A command that waits never waits longer than this many ticks (a lesson's story is a few hundred). */
export const MAX_WAIT_TICKS = 100_000;

export class ToolContext {
  readonly output = new Output();
  /** Every event the command caused, its waiting included, in order. */
  readonly events: WorldEvent[] = [];
  readonly timeline: Timeline;

  constructor(timeline: Timeline) {
    this.timeline = timeline;
  }

  get world(): World {
    return this.timeline.world;
  }

  /** Applies a command, keeping its events. */
  apply(command: Command): TimelineApplyResult {
    const result = this.timeline.apply(command);
    if (result.ok) this.events.push(...result.events);
    return result;
  }

  /** Advances one tick, keeping its events. */
  step(): WorldEvent[] {
    const events = this.timeline.step();
    this.events.push(...events);
    return events;
  }

  /** Advances until `done()` holds or `maxTicks` passed; true when `done()` held. */
  waitUntil(done: () => boolean, maxTicks = MAX_WAIT_TICKS): boolean {
    for (let i = 0; i < maxTicks; i++) {
      if (done()) return true;
      this.step();
    }
    return done();
  }
}
