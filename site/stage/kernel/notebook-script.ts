/**
 * A notebook as one straight script: the operations still in its timeline (cells run, stage
 * actions, live steps) turned into the shell commands that redo them in order, each run again in
 * a fresh world of the same seed to capture what it prints. The playground exports this as a
 * `.kafka` file for `streamlab run` and as a lesson whose cells are transcripts.
 *
 * A live step of N ticks is `sim tick N` (the same N steps of the clock); a stage action is the
 * `sim` command its button issued. A cell cut by an action taken in its past cannot be written:
 * no script stops a cell halfway, so the export says so instead of writing something else.
 */
import { formatShellError, parseScript, ShellSession, splitTranscript, Timeline, type Invocation } from '../../../engine/index.ts';
import type { PrintedLine } from '../protocol.ts';
import type { HistoryEntry } from './notebook-kernel.ts';

export interface ScriptCommand {
  /** The command as written (continuation and heredoc lines included, no `$ ` prompt). */
  readonly text: string;
  readonly output: readonly PrintedLine[];
  readonly exitCode: number;
}

export type ScriptOrigin =
  | { readonly kind: 'cell'; readonly cell: number }
  | { readonly kind: 'act'; readonly tick: number }
  | { readonly kind: 'advance'; readonly ticks: number; readonly tick: number };

export interface ScriptBlock {
  readonly origin: ScriptOrigin;
  /**
   * The block as script text: a plain cell that ran whole keeps its own text (comments too);
   * otherwise its commands, one after another.
   */
  readonly source: string;
  readonly commands: readonly ScriptCommand[];
}

export type NotebookScript =
  { readonly ok: true; readonly seed: number; readonly blocks: readonly ScriptBlock[] } | { readonly ok: false; readonly problem: string };

const printed = (lines: readonly { stream: 'stdout' | 'stderr'; text: string }[]): PrintedLine[] => lines.map((l) => ({ stream: l.stream, text: l.text }));

/** The script that redoes `history` (a kernel's), with what each command prints. Never throws. */
export function notebookScript(seed: number, cells: readonly string[], history: readonly HistoryEntry[]): NotebookScript {
  const cut = history.find((e) => e.kind === 'cell' && e.cut);
  if (cut?.kind === 'cell') {
    return {
      ok: false,
      problem:
        `Cell ${cut.cell + 1} was cut: you acted on the stage at tick ${cut.to}, in the middle of the ticks it ran, and a script cannot stop a cell halfway. ` +
        'Reset and run the cells again (acting at the last tick), then export.',
    };
  }
  const session = new ShellSession(new Timeline({ seed }));
  const run = (invocation: Invocation): ScriptCommand => {
    const outcome = session.execute(invocation);
    return { text: invocation.text, output: printed(outcome.output), exitCode: outcome.exitCode };
  };
  const blocks: ScriptBlock[] = [];
  for (const entry of history) {
    if (entry.kind === 'cell') {
      const block = cellBlock(entry.cell, cells[entry.cell] ?? '', run);
      if (typeof block === 'string') return { ok: false, problem: block };
      blocks.push(block);
      continue;
    }
    const text = entry.kind === 'act' ? entry.command : `sim tick ${entry.ticks}`;
    const parsed = parseScript(text);
    const [only] = parsed.commands;
    if (!parsed.ok || !only || parsed.commands.length !== 1) return { ok: false, problem: `The stage action ${JSON.stringify(text)} is not one command.` };
    const origin: ScriptOrigin = entry.kind === 'act' ? { kind: 'act', tick: entry.from } : { kind: 'advance', ticks: entry.ticks, tick: entry.from };
    blocks.push({ origin, source: text, commands: [run(only)] });
  }
  return { ok: true, seed, blocks };
}

/** One cell's commands run as the kernel ran them (engine/shell/transcript-check.ts runCell), or why not. */
function cellBlock(cell: number, text: string, run: (invocation: Invocation) => ScriptCommand): ScriptBlock | string {
  const origin: ScriptOrigin = { kind: 'cell', cell };
  const transcript = splitTranscript(text);
  if (transcript === null) {
    const parsed = parseScript(text);
    if (!parsed.ok) return `Cell ${cell + 1} does not parse: ${formatShellError(parsed.error)}`;
    // A plain script stops at its first failing command, as `streamlab run` does.
    const commands: ScriptCommand[] = [];
    for (const invocation of parsed.commands) {
      const command = run(invocation);
      commands.push(command);
      if (command.exitCode !== 0) break;
    }
    const whole = commands.length === parsed.commands.length && commands.every((c) => c.exitCode === 0);
    return { origin, source: whole ? text.replace(/\s+$/, '') : commands.map((c) => c.text).join('\n'), commands };
  }
  if (!transcript.ok) return `Cell ${cell + 1} is not a valid transcript: ${formatShellError(transcript.error)}`;
  // A transcript runs every step; a step's output is what all its commands printed.
  const commands: ScriptCommand[] = [];
  for (const step of transcript.steps) {
    const parsed = parseScript(step.command);
    if (!parsed.ok) return `Cell ${cell + 1} does not parse: ${formatShellError(parsed.error)}`;
    const ran = parsed.commands.map(run);
    commands.push({
      text: step.command,
      output: ran.flatMap((c) => c.output),
      exitCode: ran.find((c) => c.exitCode !== 0)?.exitCode ?? 0,
    });
  }
  return { origin, source: commands.map((c) => c.text).join('\n'), commands };
}
