/**
 * `streamlab shell`: a prompt on one simulated world, with history and tab completion.
 *
 * It behaves as bash does. On a terminal, each line typed or pasted runs in order (readline's
 * line events, handled one at a time, so none is lost while a command runs), the prompt and the banner
 * go to stderr (so `streamlab shell > log` keeps only the output), Ctrl-C drops the current
 * line and any unfinished command, and Ctrl-D on an empty line leaves. With input that is not
 * a terminal (`streamlab shell < file`, a pipe) there is no prompt and no banner, every line
 * runs, and an error does not stop the rest, as with `bash < file`. Either way the exit
 * status is the last command's.
 */
import { createInterface, type Interface } from 'node:readline';
import { completions, ShellSession } from '../engine/index.ts';
import { LineRunner } from './line-runner.ts';
import { linesOf } from './lines.ts';

/** Home the cursor and clear the screen (ECMA-48 CUP and ED 2), what clear(1) writes on xterm. */
const CLEAR_SCREEN = '\x1b[H\x1b[2J';

export async function startShell(seed?: number): Promise<number> {
  const session = ShellSession.create(seed === undefined ? {} : { seed });
  const interactive = process.stdin.isTTY === true;
  const runner = new LineRunner(session, {
    builtins: true,
    stopOnError: false,
    absoluteLines: !interactive,
    label: null,
    // Only a screen can be cleared: into a pipe or a file the code would be noise.
    clearScreen: () => {
      if (process.stdout.isTTY) process.stdout.write(CLEAR_SCREEN);
    },
  });
  if (!interactive) {
    for await (const line of linesOf(process.stdin)) if (!runner.line(line)) return runner.status;
    return runner.end();
  }
  return promptLoop(session, runner);
}

function promptLoop(session: ShellSession, runner: LineRunner): Promise<number> {
  // bash writes its prompt and the line being edited to stderr.
  const output = process.stderr;
  const rl = createInterface({
    input: process.stdin,
    output,
    terminal: true,
    historySize: 1000,
    completer: (line: string): [string[], string] => [completions(line), /\S*$/.exec(line)?.[0] ?? ''],
  });
  const prompt = (): void => {
    rl.setPrompt(runner.input.isContinuing ? '> ' : `[tick ${session.timeline.tick}] $ `);
    rl.prompt();
  };
  output.write('Streamlab Kafka shell — a simulated cluster at tick 0. Type `help`, Ctrl-D to leave.\n');
  prompt();
  return new Promise((resolve) => {
    let leaving = false;
    // Readline emits lines and Ctrl-C in the order they were typed or pasted, and a command runs
    // to its end inside the handler, so a pasted block runs line by line, in order, all of it.
    rl.on('line', (line) => {
      if (leaving) return;
      if (runner.line(line)) return prompt();
      leaving = true;
      rl.close();
    });
    rl.on('SIGINT', () => {
      dropLine(rl, output);
      runner.interrupt();
      prompt();
    });
    rl.on('close', () => {
      // Ctrl-D leaves the cursor after the prompt; bash ends that line before leaving.
      if (!leaving) output.write('\n');
      resolve(runner.end());
    });
  });
}

/** Ctrl-C as bash shows it: `^C` after what was typed, then the line is forgotten. */
function dropLine(rl: Interface, output: NodeJS.WritableStream): void {
  rl.write(null, { ctrl: true, name: 'e' });
  output.write('^C\n');
  // Ctrl-U deletes what was typed; readline redraws the (empty) line where the cursor now is.
  rl.write(null, { ctrl: true, name: 'u' });
}
