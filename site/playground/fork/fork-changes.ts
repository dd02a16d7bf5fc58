/**
 * The one change a fork makes: changes worth trying, read off the world at the fork tick, and the
 * check of a command the reader typed instead. Pure: no DOM, no worker.
 *
 * What one command can change is what the shell allows. A running consumer's commit mode cannot
 * be changed (Kafka has no such call; the simulator's `--commit` is fixed at `sim consumer start`),
 * but a consumer that was stopped gracefully may be started again under its name with new flags
 * (engine/core/rules/consumers.ts startConsumer), so a stopped consumer gets commit-mode
 * alternatives: its own start command with another `--commit`. A crashed one can only restart.
 */
import { flagValue, formatShellError, parseScript, splitTranscript, type Invocation } from '../../../engine/index.ts';
import { ACT_COMMAND_LIMIT, type NotebookOp, type Scene } from '../../stage/protocol.ts';
import { shellWord } from '../../stage/shell-word.ts';

export interface SuggestedChange {
  /** What the change does, in words (the picker's option text). */
  readonly label: string;
  /** The shell command acted at the fork tick. */
  readonly command: string;
}

export type ChangeCheck = { readonly ok: true; readonly command: string } | { readonly ok: false; readonly message: string };

type CommitMode = 'auto' | 'after' | 'before';
const COMMIT_WORDS: Record<CommitMode, string> = {
  auto: 'committing every interval',
  after: 'committing after processing',
  before: 'committing before processing',
};
const COMMIT_MODES = Object.keys(COMMIT_WORDS) as CommitMode[];

/**
 * Changes worth trying at `scene`'s tick: per consumer application, what its status allows
 * (crash or stop a running one, restart one that is down, another commit mode for a stopped one
 * whose start command is in `starts`); per producer application, stop it; per topic, one more
 * partition.
 */
export function suggestChanges(scene: Scene, starts: ReadonlyMap<string, Invocation> = new Map()): SuggestedChange[] {
  const changes: SuggestedChange[] = [];
  for (const consumer of scene.consumers) {
    // A console consumer lives only while its command runs: nothing to act on between commands.
    if (consumer.console) continue;
    const name = shellWord(consumer.name);
    if (consumer.status === 'running' || consumer.status === 'stopping') changes.push({ label: `Crash ${consumer.name}`, command: `sim crash ${name}` });
    if (consumer.status === 'running') changes.push({ label: `Stop ${consumer.name} gracefully`, command: `sim consumer stop ${name}` });
    if (consumer.status === 'crashed' || consumer.status === 'stopped') changes.push({ label: `Restart ${consumer.name}`, command: `sim restart ${name}` });
    const start = starts.get(consumer.name);
    if (consumer.status === 'stopped' && start) changes.push(...commitAlternatives(consumer.name, start));
  }
  for (const producer of scene.producers) {
    if (producer.console || producer.status !== 'running') continue;
    changes.push({ label: `Stop producer ${producer.name}`, command: `sim producer stop ${shellWord(producer.name)}` });
  }
  scene.topics.forEach((topic, i) => {
    // The scene leaves out the last partitions of a huge world: the last topic listed may be cut
    // short, and its count would be wrong. (Past the engine's partition limit the act is refused.)
    if (scene.partitionsOmitted > 0 && i === scene.topics.length - 1) return;
    const count = topic.partitions.length;
    changes.push({
      label: `Add a partition to ${topic.name} (${count} to ${count + 1})`,
      command: `kafka-topics --alter --topic ${shellWord(topic.name)} --partitions ${count + 1}`,
    });
  });
  return changes.filter((c) => c.command.length <= ACT_COMMAND_LIMIT);
}

/** `start` (a `sim consumer start` of `name`) again with each other commit mode. */
function commitAlternatives(name: string, start: Invocation): SuggestedChange[] {
  const current = (flagValue(start, '--commit') ?? 'auto') as CommitMode;
  return COMMIT_MODES.filter((mode) => mode !== current).map((mode) => ({
    label: `Start ${name} again, ${COMMIT_WORDS[mode]} (--commit ${mode})`,
    command: withFlag(start, '--commit', mode),
  }));
}

/** The command `inv` written out again with `flag` set to `value` (replaced where given, else added). */
function withFlag(inv: Invocation, flag: string, value: string): string {
  const words = [inv.tool, ...inv.path, ...inv.positionals.map((p) => shellWord(p.value))];
  for (const f of inv.flags) {
    const v = f.name === flag ? value : f.value;
    words.push(v === null ? f.written : `${f.written} ${shellWord(v)}`);
  }
  if (!inv.flags.some((f) => f.name === flag)) words.push(`${flag} ${shellWord(value)}`);
  return words.join(' ');
}

/**
 * The last `sim consumer start` of each consumer name among the commands a world ran, in the order
 * its log ran them (cells as they were run, and actions): where a stopped consumer's flags are.
 * Read from the text, not the engine: a cell that failed part-way still lists its later starts.
 * That is harmless: a suggestion shows the whole command it will run, and the world may refuse it.
 */
export function consumerStarts(cells: readonly string[], ops: readonly NotebookOp[]): Map<string, Invocation> {
  const starts = new Map<string, Invocation>();
  for (const op of ops) {
    const scripts = op.op === 'cell' ? cellScripts(cells[op.cell] ?? '') : op.op === 'act' ? [op.command] : [];
    for (const script of scripts) {
      // A script that does not parse runs nothing (notebook-kernel.ts), so its starts never happened.
      const parsed = parseScript(script);
      for (const inv of parsed.ok ? parsed.commands : []) {
        const name = inv.positionals[0]?.value;
        if (inv.tool === 'sim' && inv.path.join(' ') === 'consumer start' && name !== undefined) starts.set(name, inv);
      }
    }
  }
  return starts;
}

/** The scripts of a cell: itself, or each `$ ` command of a transcript. */
function cellScripts(text: string): string[] {
  const transcript = splitTranscript(text);
  if (transcript === null) return [text];
  return transcript.ok ? transcript.steps.map((s) => s.command) : [];
}

/** Checks a typed change: exactly one command of at most ACT_COMMAND_LIMIT characters that parses. */
export function checkChange(text: string): ChangeCheck {
  const command = text.trim();
  if (command === '') return { ok: false, message: 'Type one command to change, such as sim crash NAME.' };
  if (command.length > ACT_COMMAND_LIMIT) {
    return { ok: false, message: `A change is one command of at most ${ACT_COMMAND_LIMIT} characters; this one has ${command.length}.` };
  }
  const parsed = parseScript(command);
  if (!parsed.ok) return { ok: false, message: formatShellError(parsed.error) };
  const count = parsed.commands.length;
  if (count === 0) return { ok: false, message: 'Type one command to change, such as sim crash NAME: a comment changes nothing.' };
  if (count > 1) return { ok: false, message: `A fork changes one thing: type one command, not ${count}.` };
  return { ok: true, command };
}
