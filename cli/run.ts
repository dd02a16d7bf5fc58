/** `streamlab run FILE`: a script's output on the same streams a terminal would use. */
import { readFile } from 'node:fs/promises';
import { formatShellError, ShellSession } from '../engine/index.ts';

async function readScript(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs the script in `file` and returns the exit code. */
export async function runFile(file: string, seed?: number): Promise<number> {
  let script: string;
  try {
    script = await readScript(file);
  } catch (error) {
    process.stderr.write(`streamlab: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 2;
  }
  const session = ShellSession.create(seed === undefined ? {} : { seed });
  const outcome = session.run(script);
  for (const o of outcome.outcomes) {
    for (const line of o.output) (line.stream === 'stdout' ? process.stdout : process.stderr).write(`${line.text}\n`);
  }
  if (outcome.parseError) {
    process.stderr.write(`${file}: ${formatShellError(outcome.parseError)}\n`);
  } else if (outcome.exitCode !== 0) {
    const failed = outcome.outcomes[outcome.outcomes.length - 1];
    if (failed) process.stderr.write(`${file}:${failed.invocation.pos.line}: stopped: ${failed.invocation.tool} exited with code ${outcome.exitCode}\n`);
  }
  return outcome.exitCode;
}
