/**
 * A timeline that tells a listener what the shell did through it: the events of every command
 * applied and every tick stepped, and the moment it discarded its future. The notebook kernel
 * needs both (scrubber marks, cells cut by an action in the past), and the shell's tools only
 * ever change the world through `apply` and `step`, so watching those two sees everything.
 */
import { Timeline, type Command, type TimelineApplyResult, type TimelineMark, type WorldEvent } from '../../../engine/index.ts';

export interface TimelineListener {
  /** The future after tick `tick` (`discardedTicks` of it) was discarded by a command applied in the past. */
  truncated(tick: number, discardedTicks: number): void;
  events(events: readonly WorldEvent[]): void;
}

export class RecordingTimeline extends Timeline {
  #listener: TimelineListener | null = null;
  /** Bumped whenever the recorded history changes: a command kept, a tick computed, a future discarded. */
  #revision = 0;

  /** Listens until called again (null: stop listening). Seeking is never reported: it changes nothing. */
  listen(listener: TimelineListener | null): void {
    this.#listener = listener;
  }

  get revision(): number {
    return this.#revision;
  }

  override apply(command: Command): TimelineApplyResult {
    const at = this.tick;
    const result = super.apply(command);
    if (!result.ok) return result;
    this.#revision++;
    if (result.discardedTicks > 0) this.#listener?.truncated(at, result.discardedTicks);
    this.#listener?.events(result.events);
    return result;
  }

  /** The shell rolls back after an internal error: what it forgets is a discarded future like any other. */
  override rollBackTo(mark: TimelineMark | number): void {
    const head = this.headTick;
    super.rollBackTo(mark);
    this.#revision++;
    if (head > this.tick) this.#listener?.truncated(this.tick, head - this.tick);
  }

  override step(): WorldEvent[] {
    const computed = !this.isInPast;
    const events = super.step();
    // In the past a step replays the recorded tick: the history is the same as before.
    if (computed) this.#revision++;
    this.#listener?.events(events);
    return events;
  }
}
