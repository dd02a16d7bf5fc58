/** `streamlab shell`: an interactive prompt on one simulated world, with history and tab completion. */
import { createInterface } from 'node:readline/promises';
import { completions, formatShellError, parseScript, ShellSession } from '../engine/index.ts';

/** A command is complete unless it is waiting for a heredoc's end, a closing quote or a continued line. */
function needsMoreInput(text: string): boolean {
  const parsed = parseScript(text);
  if (parsed.ok) return /\\$/.test(text);
  return /missing its closing|unterminated|ends inside/.test(parsed.error.message);
}

export async function startShell(seed?: number): Promise<number> {
  const session = ShellSession.create(seed === undefined ? {} : { seed });
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    historySize: 1000,
    completer: (line: string): [string[], string] => {
      const words = completions(line);
      const last = /\S*$/.exec(line)?.[0] ?? '';
      return [words, last];
    },
  });
  process.stdout.write('Streamlab Kafka shell — a simulated cluster at tick 0. Type `help`, Ctrl-D to leave.\n');
  let buffer = '';
  const prompt = () => (buffer ? '> ' : `[tick ${session.timeline.tick}] $ `);
  try {
    for (;;) {
      const line = await rl.question(prompt());
      buffer = buffer ? `${buffer}\n${line}` : line;
      if (needsMoreInput(buffer)) continue;
      const text = buffer;
      buffer = '';
      if (text.trim() === 'exit' || text.trim() === 'quit') break;
      const outcome = session.run(text);
      for (const o of outcome.outcomes) for (const l of o.output) (l.stream === 'stdout' ? process.stdout : process.stderr).write(`${l.text}\n`);
      if (outcome.parseError) process.stderr.write(`${formatShellError(outcome.parseError)}\n`);
    }
  } catch {
    // Ctrl-D closes the prompt: leave quietly.
  } finally {
    rl.close();
  }
  return 0;
}
