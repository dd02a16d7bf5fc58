/**
 * The shell's input as a state machine: lines go in one at a time, in the order they were
 * typed, pasted or piped, and what to do comes out — run a command, wait for more of it, leave,
 * clear the screen. No I/O here, so the Ctrl-C and Ctrl-D rules are testable without a terminal.
 *
 * Like bash, a command spans several lines while it is unfinished: an open heredoc, an open
 * quote, or a trailing backslash. At the end of input an open heredoc or quote is the parse
 * error it is (bash says "unexpected EOF"), while a trailing backslash continues into nothing.
 */
import { parseScript, type ShellError } from '../engine/index.ts';

/** What the shell should do after a line (or at the end of input). */
export type InputAction =
  /** The command is unfinished: show the continuation prompt and read on. */
  | { readonly kind: 'more' }
  /** Run `text`, a complete command (or only blank lines and comments) starting at input line `firstLine`. */
  | { readonly kind: 'run'; readonly text: string; readonly firstLine: number }
  /** The input ended inside a command: report `error` (positions count from `firstLine`). */
  | { readonly kind: 'unfinished'; readonly error: ShellError; readonly firstLine: number }
  /** `exit [N]` or `quit`: leave with `code`, or with the last command's status when null; print `message` first if any. */
  | { readonly kind: 'exit'; readonly code: number | null; readonly message: string | null }
  /** A shell word used wrongly (`exit a b`): print `message`, set the status to `code`, go on. */
  | { readonly kind: 'refuse'; readonly message: string; readonly code: number }
  /** `clear`: clear the screen. */
  | { readonly kind: 'clear' };

export interface ShellInputOptions {
  /** Whether `exit`, `quit` and `clear` are shell words (the shell) or unknown commands (`run`). */
  readonly builtins: boolean;
}

export class ShellInput {
  readonly #builtins: boolean;
  /** Lines of the unfinished command, or empty. */
  #pending: string[] = [];
  /** How many input lines were read so far. */
  #lineCount = 0;
  /**
   * The line that closes the open heredoc, if one is open. Until it comes no line can finish
   * the command, so the pending text is not parsed again: a pasted 100,000-line heredoc costs
   * one parse, not one per line.
   */
  #heredocEnd: string | null = null;

  constructor(options: ShellInputOptions) {
    this.#builtins = options.builtins;
  }

  /** True while a command is unfinished: the prompt is the continuation prompt `> `. */
  get isContinuing(): boolean {
    return this.#pending.length > 0;
  }

  /** Takes the next input line (without its newline). */
  feed(line: string): InputAction {
    this.#lineCount += 1;
    if (this.#pending.length === 0 && this.#builtins) {
      const builtin = shellWord(line);
      if (builtin !== null) return builtin;
    }
    this.#pending.push(line);
    if (this.#heredocEnd !== null && line !== this.#heredocEnd) return { kind: 'more' };
    const text = this.#pending.join('\n');
    const open = unfinished(text);
    this.#heredocEnd = open.heredocEnd;
    if (open.unfinished) return { kind: 'more' };
    return this.#take(text);
  }

  /** Ctrl-C: forgets the unfinished command, as bash drops a half-typed heredoc. */
  interrupt(): void {
    this.#pending = [];
    this.#heredocEnd = null;
  }

  /** The end of input: the unfinished command, if any, run or reported. */
  end(): InputAction | null {
    if (this.#pending.length === 0) return null;
    const text = this.#pending.join('\n');
    const parsed = parseScript(text);
    // A trailing backslash continues into nothing: the command runs as `run FILE` would run it.
    if (parsed.ok || !isOpen(parsed.error)) return this.#take(text);
    const firstLine = this.#lineCount - this.#pending.length + 1;
    this.interrupt();
    return { kind: 'unfinished', error: parsed.error, firstLine };
  }

  #take(text: string): InputAction {
    const firstLine = this.#lineCount - this.#pending.length + 1;
    this.interrupt();
    return { kind: 'run', text, firstLine };
  }
}

/**
 * Whether a command needs more lines (an open heredoc or quote, or a line-continuing
 * backslash), and the line that would close its heredoc if that is what is open.
 */
function unfinished(text: string): { unfinished: boolean; heredocEnd: string | null } {
  // An odd run of backslashes ends in one that escapes the newline; `\\` is a literal backslash.
  if ((/\\+$/.exec(text)?.[0].length ?? 0) % 2 === 1) return { unfinished: true, heredocEnd: null };
  const parsed = parseScript(text);
  if (parsed.ok || !isOpen(parsed.error)) return { unfinished: false, heredocEnd: null };
  // The tokenizer names the delimiter it waits for; a heredoc ends at a line that is exactly it.
  const heredocEnd = /^heredoc started at line \d+ is missing its closing (.*) line$/s.exec(parsed.error.message)?.[1] ?? null;
  return { unfinished: true, heredocEnd };
}

/** Whether a parse error is only that the text stops inside a heredoc or a quote. */
function isOpen(error: ShellError): boolean {
  return /missing its closing|unterminated/.test(error.message);
}

/** `exit [N]`, `quit` or `clear` on a line of its own (a comment may follow), else null. */
export function shellWord(line: string): InputAction | null {
  const words = line
    .replace(/(^|\s)#.*$/, '')
    .trim()
    .split(/\s+/);
  const [name, ...args] = words;
  if (name === 'clear' && args.length === 0) return { kind: 'clear' };
  if (name !== 'exit' && name !== 'quit') return null;
  const [arg] = args;
  if (arg === undefined) return { kind: 'exit', code: null, message: null };
  // bash: `exit` takes the status modulo 256; a word that is no number exits 2, two words refuse.
  if (args.length > 1) return { kind: 'refuse', message: `${name}: too many arguments`, code: 1 };
  if (!/^-?\d+$/.test(arg)) return { kind: 'exit', code: 2, message: `${name}: ${arg}: numeric argument required` };
  return { kind: 'exit', code: Number(BigInt.asUintN(8, BigInt(arg))), message: null };
}
