/**
 * Runs input line by line on one session, printing each command's output as soon as it ran:
 * the loop behind `streamlab shell` (typed, pasted or piped) and `streamlab run -`. It only
 * does I/O; what a line means is ShellInput's job, what a command does the engine's.
 */
import { formatShellError, type CommandOutcome, type ShellError, type ShellSession } from '../engine/index.ts';
import { ShellInput, type InputAction } from './shell-input.ts';

/** Writes what a command printed, each line on its own stream, as a terminal shows it. */
export function printOutcome(outcome: CommandOutcome): void {
  for (const line of outcome.output) (line.stream === 'stdout' ? process.stdout : process.stderr).write(`${line.text}\n`);
}

/** The message `run` prints when a command exits non-zero: `FILE:LINE: stopped: TOOL exited with code N`. */
export function stoppedMessage(label: string, line: number, outcome: CommandOutcome): string {
  return `${label}:${line}: stopped: ${outcome.invocation.tool} exited with code ${outcome.exitCode}\n`;
}

export interface LineRunnerOptions {
  /** Whether `exit`, `quit` and `clear` are the shell's words; `run` knows only Kafka commands. */
  readonly builtins: boolean;
  /** Stop at the first command that fails or does not parse, as `run` does. */
  readonly stopOnError: boolean;
  /** Count lines from the start of the input (a script, a pipe), not from each command (a prompt). */
  readonly absoluteLines: boolean;
  /** The name `run` puts before its messages (`FILE:3: stopped: …`), or null in the shell. */
  readonly label: string | null;
  /** What `clear` does. */
  readonly clearScreen: () => void;
}

/** bash sets $? to 128 + SIGINT's number when Ctrl-C abandons a line. */
const INTERRUPTED = 130;
/** The status of a command that does not parse, as the engine gives it. */
const PARSE_ERROR = 2;

export class LineRunner {
  readonly input: ShellInput;
  readonly #session: ShellSession;
  readonly #options: LineRunnerOptions;
  #status = 0;

  constructor(session: ShellSession, options: LineRunnerOptions) {
    this.#session = session;
    this.#options = options;
    this.input = new ShellInput({ builtins: options.builtins });
  }

  /** The status of the last command, as bash's `$?`. */
  get status(): number {
    return this.#status;
  }

  /** Takes one input line; false once no more should be read (`exit`, or a failure in `run`). */
  line(text: string): boolean {
    return this.#act(this.input.feed(text));
  }

  /** Ctrl-C: drops the unfinished command. */
  interrupt(): void {
    this.input.interrupt();
    this.#status = INTERRUPTED;
  }

  /** The end of input: an unfinished command is run or reported; returns the exit status. */
  end(): number {
    const action = this.input.end();
    if (action !== null) this.#act(action);
    return this.#status;
  }

  #act(action: InputAction): boolean {
    switch (action.kind) {
      case 'more':
        return true;
      case 'clear':
        this.#options.clearScreen();
        this.#status = 0;
        return true;
      case 'refuse':
        process.stderr.write(`streamlab: ${action.message}\n`);
        this.#status = action.code;
        return true;
      case 'exit':
        if (action.message !== null) process.stderr.write(`streamlab: ${action.message}\n`);
        if (action.code !== null) this.#status = action.code;
        return false;
      case 'unfinished':
        this.#reportParseError(action.error, action.firstLine);
        this.#status = PARSE_ERROR;
        return !this.#options.stopOnError;
      case 'run':
        return this.#run(action.text, action.firstLine);
    }
  }

  #run(text: string, firstLine: number): boolean {
    const outcome = this.#session.run(text, printOutcome);
    // A chunk of blank lines or comments runs nothing and, as in bash, leaves the status alone.
    if (outcome.outcomes.length === 0 && outcome.parseError === null) return true;
    this.#status = outcome.exitCode;
    if (outcome.parseError !== null) {
      this.#reportParseError(outcome.parseError, firstLine);
      return !this.#options.stopOnError;
    }
    const last = outcome.outcomes.at(-1);
    if (outcome.exitCode === 0 || last === undefined || !this.#options.stopOnError) return true;
    process.stderr.write(stoppedMessage(this.#options.label ?? '-', this.#line(last.invocation.pos.line, firstLine), last));
    return false;
  }

  #reportParseError(error: ShellError, firstLine: number): void {
    const shifted = this.#options.absoluteLines ? shiftLines(error, firstLine - 1) : error;
    process.stderr.write(`${this.#prefix()}${formatShellError(shifted)}\n`);
  }

  /** A line number within a command, counted as the options say. */
  #line(lineInCommand: number, firstLine: number): number {
    return this.#options.absoluteLines ? lineInCommand + firstLine - 1 : lineInCommand;
  }

  #prefix(): string {
    return this.#options.label === null ? '' : `${this.#options.label}: `;
  }
}

/**
 * The error as the whole input would have it: each command is parsed on its own, so its line
 * numbers (the position, and the ones its message cites, as in "heredoc started at line 1")
 * count from the command's first line.
 */
export function shiftLines(error: ShellError, by: number): ShellError {
  const message = error.message.replace(/\bat line (\d+)/g, (_, n: string) => `at line ${Number(n) + by}`);
  return { ...error, message, pos: { ...error.pos, line: error.pos.line + by } };
}
