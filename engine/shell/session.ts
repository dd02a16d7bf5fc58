/**
 * A shell session: runs parsed commands against a timeline and returns what a terminal
 * would show. Errors never escape as exceptions: every failure is output plus an exit code,
 * an internal error (a bug in the engine or a tool) included — the session says so, puts the
 * world back as it was before the command, and carries on.
 */
import type { WorldEvent } from '../core/events.ts';
import type { WorldOptions } from '../core/options.ts';
import { Timeline, type TimelineEntry, type TimelineMark } from '../history/timeline.ts';
import type { OutputLine } from './output.ts';
import { hasFlag, parseScript, type Invocation } from './parse.ts';
import { formatShellError, type ShellError } from './source.ts';
import { ToolContext } from './tool-context.ts';
import { runConsoleConsumer } from './tools/console-consumer.ts';
import { runConsoleProducer } from './tools/console-producer.ts';
import { runConsumerGroups } from './tools/consumer-groups.ts';
import { runKafkaConfigs } from './tools/kafka-configs.ts';
import { runLeaderElection } from './tools/leader-election.ts';
import { runKafkaTransactions } from './tools/kafka-transactions.ts';
import { runGetOffsets } from './tools/get-offsets.ts';
import { printHelp } from './tools/help.ts';
import { runKafkaTopics } from './tools/kafka-topics.ts';
import { runSim } from './tools/sim.ts';

/** What one command did. */
export interface CommandOutcome {
  readonly invocation: Invocation;
  readonly output: readonly OutputLine[];
  readonly exitCode: number;
  readonly events: readonly WorldEvent[];
}

/** What a script did: the commands it ran, and the parse error or failing command that stopped it. */
export interface ScriptOutcome {
  readonly outcomes: readonly CommandOutcome[];
  /** A parse error (line and column) that stopped the script before running it. */
  readonly parseError: ShellError | null;
  /** The exit code of the script: 0, the failing command's code, or 2 for a parse error. */
  readonly exitCode: number;
}

export class ShellSession {
  readonly timeline: Timeline;

  constructor(timeline: Timeline = new Timeline()) {
    this.timeline = timeline;
  }

  /** A session on a fresh world with these options. */
  static create(options: Partial<WorldOptions> = {}): ShellSession {
    return new ShellSession(new Timeline(options));
  }

  /**
   * Runs one parsed command. If the engine or the tool throws, the output printed so far is
   * kept, a message on stderr says what failed, the world goes back to where it was before the
   * command, and the exit code is 70 (EX_SOFTWARE, sysexits.h: an internal software error).
   */
  execute(invocation: Invocation): CommandOutcome {
    const ctx = new ToolContext(this.timeline);
    const before = savePoint(this.timeline);
    try {
      const wantsHelp = hasFlag(invocation, '--help');
      const exitCode = wantsHelp ? printHelp(ctx, [invocation.tool, ...invocation.path]) : dispatch(ctx, invocation);
      return { invocation, output: ctx.output.lines, exitCode, events: ctx.events };
    } catch (error) {
      const command = [invocation.tool, ...invocation.path].join(' ');
      const why = error instanceof Error ? error.message : String(error);
      ctx.output.err(`streamlab: internal error in ${command}: ${why} — ${restore(this.timeline, before)}`);
      // The events described a world that is gone.
      return { invocation, output: ctx.output.lines, exitCode: INTERNAL_ERROR, events: [] };
    }
  }

  /**
   * Runs a script: every command in order, stopping at the first that exits non-zero. A
   * script that does not parse runs the commands before the error, then stops there.
   * `onOutcome` hears each command's outcome as soon as it ran, before the next one starts,
   * so a caller can print as it goes (the CLI does).
   */
  run(script: string, onOutcome?: (outcome: CommandOutcome) => void): ScriptOutcome {
    const parsed = parseScript(script);
    const outcomes: CommandOutcome[] = [];
    for (const invocation of parsed.commands) {
      const outcome = this.execute(invocation);
      outcomes.push(outcome);
      onOutcome?.(outcome);
      if (outcome.exitCode !== 0) return { outcomes, parseError: null, exitCode: outcome.exitCode };
    }
    if (!parsed.ok) return { outcomes, parseError: parsed.error, exitCode: 2 };
    return { outcomes, parseError: null, exitCode: 0 };
  }
}

/** The exit code of a command that failed inside the engine (sysexits.h's EX_SOFTWARE). */
export const INTERNAL_ERROR = 70;

/** Where the timeline stood before a command, to put it back if the command fails inside. */
interface SavePoint {
  readonly mark: TimelineMark;
  readonly headTick: number;
  readonly entries: number;
  readonly lastEntry: TimelineEntry | undefined;
}

function savePoint(timeline: Timeline): SavePoint {
  const entries = timeline.entries;
  return { mark: timeline.mark(), headTick: timeline.headTick, entries: entries.length, lastEntry: entries.at(-1) };
}

/** Puts the timeline back at `before` and says where the world now is. */
function restore(timeline: Timeline, before: SavePoint): string {
  const recorded = timeline.headTick !== before.headTick || timeline.entries.length !== before.entries || timeline.entries.at(-1) !== before.lastEntry;
  try {
    // A command that recorded nothing (a read, or replaying ticks in the past) leaves the
    // future as it was: rebuilding the world at its tick is enough, and keeps that future.
    if (recorded) timeline.rollBackTo(before.mark);
    else timeline.seek(before.mark.tick);
  } catch (error) {
    return `and the world could not be put back (${error instanceof Error ? error.message : String(error)})`;
  }
  return `the world is back at tick ${timeline.tick}`;
}

function dispatch(ctx: ToolContext, inv: Invocation): number {
  switch (inv.tool) {
    case 'kafka-topics':
      return runKafkaTopics(ctx, inv);
    case 'kafka-console-producer':
      return runConsoleProducer(ctx, inv);
    case 'kafka-console-consumer':
      return runConsoleConsumer(ctx, inv);
    case 'kafka-consumer-groups':
      return runConsumerGroups(ctx, inv);
    case 'kafka-get-offsets':
      return runGetOffsets(ctx, inv);
    case 'kafka-configs':
      return runKafkaConfigs(ctx, inv);
    case 'kafka-leader-election':
      return runLeaderElection(ctx, inv);
    case 'kafka-transactions':
      return runKafkaTransactions(ctx, inv);
    case 'sim':
      return runSim(ctx, inv);
    case 'help':
      return printHelp(
        ctx,
        inv.positionals.map((p) => p.value),
      );
    default:
      ctx.output.err(`error: no tool named ${inv.tool}`);
      return 127;
  }
}

/** The lines a script printed, stdout and stderr interleaved as a terminal shows them, then its error. */
export function renderScript(outcome: ScriptOutcome): string[] {
  const lines = outcome.outcomes.flatMap((o) => o.output.map((l) => l.text));
  if (outcome.parseError) lines.push(...formatShellError(outcome.parseError).split('\n'));
  return lines;
}
