#!/usr/bin/env node
/**
 * The streamlab command: run a Kafka shell script, open an interactive shell, or check
 * lessons. Argument parsing is commander's; the prompt is Node's readline (history, tab
 * completion). All Kafka behaviour lives in the engine; this file only does I/O.
 */
import { Command, InvalidArgumentError } from 'commander';
import { ENGINE_VERSION } from '../engine/index.ts';
import { checkLessons } from './check.ts';
import { runFile } from './run.ts';
import { startShell } from './shell.ts';

// `streamlab run FILE | head`: once the reader has gone, stop quietly with the status of a
// command killed by SIGPIPE (128 + 13), as a Unix tool does, rather than with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(141);
  });
}

function seedOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError('the seed is a whole number from 0 to 4294967295');
  return n;
}

const program = new Command()
  .name('streamlab')
  .description('Streamlab: a deterministic Apache Kafka simulator you can script, explore and teach with.')
  .version(ENGINE_VERSION, '-V, --version', "print the version of streamlab (its engine's)")
  .showHelpAfterError();

program
  .command('run')
  .description("run a Kafka shell script, printing each command's output as it runs; stops with a non-zero exit at the first error")
  .argument('<file>', 'script file (- for standard input)')
  .option('--seed <n>', 'seed of the simulated world', seedOption)
  .action(async (file: string, options: { seed?: number }) => {
    process.exitCode = await runFile(file, options.seed);
  });

program
  .command('shell')
  .description('an interactive Kafka shell on a simulated cluster (tab completes, `help` lists commands); reads a script from a pipe as bash does')
  .option('--seed <n>', 'seed of the simulated world', seedOption)
  .action(async (options: { seed?: number }) => {
    process.exitCode = await startShell(options.seed);
  });

program
  .command('check')
  .description('run every kafka cell of the given MDX lessons (default: lessons/) and report output that differs')
  .argument('[paths...]', 'lesson files or folders')
  .action(async (paths: string[]) => {
    process.exitCode = await checkLessons(paths.length > 0 ? paths : ['lessons']);
  });

await program.parseAsync(process.argv);
