/** `streamlab run FILE`: a script's output on the same streams a terminal would use, as it happens. */
import { readFile } from 'node:fs/promises';
import { formatShellError, ShellSession } from '../engine/index.ts';
import { LineRunner, printOutcome, stoppedMessage } from './line-runner.ts';
import { linesOf } from './lines.ts';

/** What `run -` calls standard input in its messages (`<stdin>:3: stopped: …`). */
const STDIN_LABEL = '<stdin>';

/**
 * Runs the script in `file` (`-` for standard input) and returns the exit code. Each command's
 * output is written as soon as it ran, so a script that dies half-way has shown everything
 * before; standard input is run line by line as it arrives, so `run -` can be fed by a
 * program that waits for each answer.
 */
export async function runFile(file: string, seed?: number): Promise<number> {
  const session = ShellSession.create(seed === undefined ? {} : { seed });
  if (file === '-') return runLines(session, linesOf(process.stdin));
  let script: string;
  try {
    script = await readFile(file, 'utf8');
  } catch (error) {
    process.stderr.write(`streamlab: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 2;
  }
  const outcome = session.run(script, printOutcome);
  if (outcome.parseError) {
    process.stderr.write(`${file}: ${formatShellError(outcome.parseError)}\n`);
  } else if (outcome.exitCode !== 0) {
    const failed = outcome.outcomes.at(-1);
    if (failed) process.stderr.write(stoppedMessage(file, failed.invocation.pos.line, failed));
  }
  return outcome.exitCode;
}

async function runLines(session: ShellSession, lines: AsyncIterable<string>): Promise<number> {
  // `clear`, `exit` and `quit` are words of the interactive shell: a script means the same in
  // `run`, in `check` and on the site, where they are unknown commands.
  const runner = new LineRunner(session, { builtins: false, stopOnError: true, absoluteLines: true, label: STDIN_LABEL, clearScreen: () => {} });
  for await (const line of lines) if (!runner.line(line)) return runner.status;
  return runner.end();
}
