/**
 * A shell session: runs parsed commands against a timeline and returns what a terminal
 * would show. Errors never escape as exceptions: every failure is output plus an exit code.
 */
import type { WorldEvent } from '../core/events.ts';
import type { WorldOptions } from '../core/options.ts';
import { Timeline } from '../history/timeline.ts';
import type { OutputLine } from './output.ts';
import { hasFlag, parseScript, type Invocation } from './parse.ts';
import { formatShellError, type ShellError } from './source.ts';
import { ToolContext } from './tool-context.ts';
import { runConsoleConsumer } from './tools/console-consumer.ts';
import { runConsoleProducer } from './tools/console-producer.ts';
import { runConsumerGroups } from './tools/consumer-groups.ts';
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

  /** Runs one parsed command. */
  execute(invocation: Invocation): CommandOutcome {
    const ctx = new ToolContext(this.timeline);
    let exitCode: number;
    if (invocation.tool !== 'help' && invocation.tool !== 'sim' && hasFlag(invocation, '--help')) {
      exitCode = printHelp(ctx, invocation.tool);
    } else {
      exitCode = dispatch(ctx, invocation);
    }
    return { invocation, output: ctx.output.lines, exitCode, events: ctx.events };
  }

  /**
   * Runs a script: every command in order, stopping at the first that exits non-zero. A
   * script that does not parse runs the commands before the error, then stops there.
   */
  run(script: string): ScriptOutcome {
    const parsed = parseScript(script);
    const outcomes: CommandOutcome[] = [];
    for (const invocation of parsed.commands) {
      const outcome = this.execute(invocation);
      outcomes.push(outcome);
      if (outcome.exitCode !== 0) return { outcomes, parseError: null, exitCode: outcome.exitCode };
    }
    if (!parsed.ok) return { outcomes, parseError: parsed.error, exitCode: 2 };
    return { outcomes, parseError: null, exitCode: 0 };
  }
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
    case 'sim':
      return runSim(ctx, inv);
    case 'help':
      return printHelp(ctx, inv.positionals[0]?.value ?? null);
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
