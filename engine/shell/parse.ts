// Turns script text into invocations checked against the command table, or a precise error.
//
// Only shell-level mistakes are caught here (unknown tool or flag, a missing or malformed
// value, a flag given twice, sim's own argument rules). What a real Kafka tool would report
// itself (a missing --topic, two actions at once) is left to the executor, which prints
// Kafka's own words.

import type { ShellError, SourcePos } from './source.ts';
import { nearest, shellError, spanLength, splitLines } from './source.ts';
import type { CommandNode, CommandSpec, FlagSpec, ValueType } from './spec.ts';
import { TOOL_NAMES, findFlag, findSubcommand, findTool, flagSpellings, toolName, usage } from './spec.ts';
import type { CommandUnit, Word } from './tokenize.ts';
import { charPosOf, tokenize } from './tokenize.ts';

export { TOOL_NAMES } from './spec.ts';

/** One flag as given: canonical name, spelling as typed, value and positions. */
export interface ParsedFlag {
  /** Canonical, e.g. '--property'. */
  readonly name: string;
  /** As typed, e.g. '--reader-property'. */
  readonly written: string;
  readonly value: string | null;
  readonly pos: SourcePos;
  readonly valuePos: SourcePos | null;
}

/** One positional argument as given. */
export interface PositionalArg {
  readonly value: string;
  readonly pos: SourcePos;
}

/** One parsed command, ready for the executor. */
export interface Invocation {
  /** Canonical tool name without .sh: 'kafka-topics', …, 'sim', 'help'. */
  readonly tool: string;
  /** Sim subcommand path, e.g. ['consumer', 'start']; [] for other tools. */
  readonly path: readonly string[];
  readonly positionals: readonly PositionalArg[];
  /** In the order written; ignored flags (--bootstrap-server) are dropped. */
  readonly flags: readonly ParsedFlag[];
  /** Heredoc lines, or null. */
  readonly input: readonly string[] | null;
  /** 1-based line of the first heredoc line, or null without a heredoc. */
  readonly inputLine: number | null;
  /** Where the command starts. */
  readonly pos: SourcePos;
  /** The command's source lines, heredoc included, for echoing. */
  readonly text: string;
}

/** Every command of a script, or the ones before the first error plus that error. */
export type ParseResult =
  | { readonly ok: true; readonly commands: readonly Invocation[] }
  | { readonly ok: false; readonly commands: readonly Invocation[]; readonly error: ShellError };

type Parsed = { readonly ok: true; readonly invocation: Invocation } | { readonly ok: false; readonly error: ShellError };

type Problem = { readonly message: string; readonly suggestion: string | null };

/** Parses a script, stopping at its first error; never throws. */
export function parseScript(text: string): ParseResult {
  const lines = splitLines(text);
  const tokens = tokenize(text);
  const commands: Invocation[] = [];
  for (const unit of tokens.units) {
    const parsed = parseCommand(unit, lines);
    if (!parsed.ok) return { ok: false, commands, error: parsed.error };
    commands.push(parsed.invocation);
  }
  // The tokenizer stops at its error, so every unit it returned comes before that error.
  return tokens.ok ? { ok: true, commands } : { ok: false, commands, error: tokens.error };
}

/** The value of the last occurrence of a flag (canonical name), or null. */
export function flagValue(inv: Invocation, name: string): string | null {
  return inv.flags.findLast((f) => f.name === name)?.value ?? null;
}

/** The values of every occurrence of a flag (canonical name), in order. */
export function flagValues(inv: Invocation, name: string): string[] {
  return inv.flags.flatMap((f) => (f.name === name && f.value !== null ? [f.value] : []));
}

/** Whether a flag (canonical name) was given. */
export function hasFlag(inv: Invocation, name: string): boolean {
  return inv.flags.some((f) => f.name === name);
}

/** Words that could complete the last word of a prompt line: tools, subcommands, flags or choices. */
export function completions(lineSoFar: string): string[] {
  const tokens = tokenize(lineSoFar);
  const unit = tokens.units[0];
  if (!tokens.ok || tokens.units.length > 1 || unit?.heredoc) return [];
  const words = [...(unit?.words ?? [])];
  const lines = splitLines(lineSoFar);
  const lastWord = words.at(-1);
  // The last word is being completed only if the cursor (the text's end) touches it.
  const touching = lastWord !== undefined && lastWord.end.line === lines.length && lastWord.end.column === (lines.at(-1) ?? '').length + 1;
  const partial = touching ? (words.pop()?.value ?? '') : '';
  const matching = (candidates: readonly string[]): string[] => candidates.filter((c) => c.startsWith(partial));

  const head = words[0];
  if (head === undefined) return matching(TOOL_NAMES);
  let node: CommandNode | null = findTool(head.value);
  let index = 1;
  while (node?.kind === 'group') {
    const word = words[index];
    if (word === undefined) return matching(node.subcommands.map((c) => c.name));
    node = findSubcommand(node, word.value);
    index += 1;
  }
  if (node === null) return [];
  return completeArguments(node, words.slice(index), partial).filter((c) => c.startsWith(partial));
}

function completeArguments(spec: CommandSpec, words: readonly Word[], partial: string): string[] {
  const given = new Set<string>();
  let awaiting: FlagSpec | null = null;
  let positionalCount = 0;
  for (const word of words) {
    if (awaiting !== null) {
      awaiting = null;
    } else if (looksLikeFlag(word.value)) {
      const [written = '', inline] = splitInline(word.value);
      const flag = findFlag(spec, written);
      if (flag !== null) given.add(flag.name);
      if (flag?.value && inline === null) awaiting = flag;
    } else {
      positionalCount += 1;
    }
  }
  if (awaiting?.value) return [...valueChoices(awaiting.value.type)];
  if (partial.startsWith('-') && partial.includes('=')) {
    const [written = ''] = splitInline(partial);
    const flag = findFlag(spec, written);
    return flag?.value ? valueChoices(flag.value.type).map((choice) => `${written}=${choice}`) : [];
  }
  const slot = spec.positionals[positionalCount];
  const positional = slot && !partial.startsWith('-') ? valueChoices(slot.type) : [];
  const flags = spec.flags.filter((f) => !f.ignored && (f.repeatable || !given.has(f.name))).map((f) => f.name);
  return [...positional, ...flags];
}

function valueChoices(type: ValueType): readonly string[] {
  if (type.kind === 'choice') return type.choices;
  return type.kind === 'tool' ? TOOL_NAMES : [];
}

/** Resolves the tool and any sim subcommands, then the arguments. */
function parseCommand(unit: CommandUnit, lines: readonly string[]): Parsed {
  const head = unit.words[0];
  if (head === undefined) {
    // The tokenizer drops empty commands; this keeps the types honest.
    return { ok: false, error: shellError(lines, { line: unit.firstLine, column: 1 }, 1, 'empty command') };
  }
  const root = findTool(head.value);
  if (root === null) {
    const base = head.value.replace(/^.*\//, '').replace(/\.sh$/, '');
    const message = `unknown command ${show(head.value)}; type help to list the commands`;
    return fail(lines, head, message, nearest(base, TOOL_NAMES));
  }
  let node: CommandNode = root;
  const path: string[] = [];
  let last = head;
  while (node.kind === 'group') {
    const word: Word | undefined = unit.words[path.length + 1];
    const where = [root.name, ...path].join(' ');
    const names = node.subcommands.map((c) => c.name);
    if (word === undefined) return fail(lines, last, `${where} needs a subcommand: ${orList(names)}`);
    // `sim --help`, `sim consumer --help`: the group's help, not a missing subcommand.
    if (word.value === '--help') return { ok: true, invocation: helpRequest(unit, root.name, path, word) };
    const child = findSubcommand(node, word.value);
    if (child === null) {
      const message = `unknown subcommand ${show(word.value)} for ${where}; expected ${orList(names)}`;
      return fail(lines, word, message, nearest(word.value, names));
    }
    node = child;
    path.push(child.name);
    last = word;
  }
  return parseArguments(unit, lines, { tool: root.name, path, spec: node, last });
}

interface Target {
  readonly tool: string;
  readonly path: readonly string[];
  readonly spec: CommandSpec;
  /** The last word of the command name, where "needs a NAME" errors point. */
  readonly last: Word;
}

/** Checks the flags, positionals and heredoc of a resolved command. */
function parseArguments(unit: CommandUnit, lines: readonly string[], target: Target): Parsed {
  const { spec } = target;
  const name = [target.tool, ...target.path].join(' ');
  const heredoc = unit.heredoc;
  if (heredoc !== null && !spec.readsInput) {
    const message = `${name} reads no input, so it cannot take a heredoc (only kafka-console-producer does)`;
    return { ok: false, error: shellError(lines, heredoc.pos, spanLength(lines, heredoc.pos, heredoc.end), message) };
  }
  const flags: ParsedFlag[] = [];
  const positionals: PositionalArg[] = [];
  const seen = new Map<string, SourcePos>();
  let lastSwitch: string | null = null;
  const words = unit.words.slice(target.path.length + 1);
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i];
    if (word === undefined) break;
    if (looksLikeFlag(word.value)) {
      const parsed = parseFlag(word, words[i + 1], spec, name, lines, seen);
      if (!parsed.ok) return parsed;
      if (parsed.usedNext) i += 1;
      if (parsed.flag !== null) flags.push(parsed.flag);
      lastSwitch = parsed.flag?.value === null && !parsed.usedNext ? word.value : null;
      continue;
    }
    const slot = spec.positionals[positionals.length];
    if (slot === undefined) {
      const why =
        lastSwitch !== null
          ? `${lastSwitch} takes no value`
          : spec.positionals.length === 0 && target.tool.startsWith('kafka-')
            ? `${name} takes only options`
            : `usage: ${usage([target.tool, ...target.path], spec)}`;
      return fail(lines, word, `unexpected argument ${show(word.value)}: ${why}`);
    }
    const problem = checkValue(word.value, slot.type, `${name} ${slot.name}`);
    if (problem !== null) return fail(lines, word, problem.message, problem.suggestion);
    positionals.push({ value: canonicalValue(word.value, slot.type), pos: word.pos });
    lastSwitch = null;
  }
  // A command asked for its help need not be complete (`sim crash --help`).
  const wantsHelp = seen.has('--help');
  const missing = spec.positionals.slice(positionals.length).find((p) => p.required);
  if (missing !== undefined && !wantsHelp) {
    return fail(lines, target.last, `${name} needs ${article(missing.name)} ${missing.name}`);
  }
  const required = spec.flags.find((f) => f.required && !seen.has(f.name));
  if (required !== undefined && !wantsHelp) {
    return fail(lines, target.last, `${name} needs ${required.name} ${required.value?.name ?? ''}`.trimEnd());
  }
  const invocation: Invocation = {
    tool: target.tool,
    path: target.path,
    positionals,
    flags,
    input: heredoc?.lines ?? null,
    inputLine: heredoc?.firstLine ?? null,
    pos: unit.words[0]?.pos ?? { line: unit.firstLine, column: 1 },
    text: unit.text,
  };
  return { ok: true, invocation };
}

/** `TOOL SUB… --help` for a command group: an invocation of the group with only `--help`. */
function helpRequest(unit: CommandUnit, tool: string, path: readonly string[], word: Word): Invocation {
  return {
    tool,
    path,
    positionals: [],
    flags: [{ name: '--help', written: word.value, value: null, pos: word.pos, valuePos: null }],
    input: null,
    inputLine: null,
    pos: unit.words[0]?.pos ?? { line: unit.firstLine, column: 1 },
    text: unit.text,
  };
}

type FlagParse = { readonly ok: true; readonly flag: ParsedFlag | null; readonly usedNext: boolean } | { readonly ok: false; readonly error: ShellError };

/** Parses one flag word (`--topic`, `--topic=t`) and, if it takes one, its value. */
function parseFlag(word: Word, next: Word | undefined, spec: CommandSpec, command: string, lines: readonly string[], seen: Map<string, SourcePos>): FlagParse {
  const [written = '', inline] = splitInline(word.value);
  const eqPos = inline === null ? null : (charPosOf(word, written.length) ?? null);
  const flag = findFlag(spec, written);
  if (flag === null) {
    const length = spanLength(lines, word.pos, eqPos ?? word.end);
    const message = `unknown option ${show(written)} for ${command}`;
    return { ok: false, error: shellError(lines, word.pos, length, message, nearest(written, flagSpellings(spec))) };
  }
  const first = seen.get(flag.name);
  if (first !== undefined && !flag.repeatable) {
    return fail(lines, word, `${written} is given twice (first at line ${first.line}, column ${first.column})`);
  }
  seen.set(flag.name, word.pos);
  if (flag.value === null) {
    if (inline !== null) return fail(lines, word, `${written} takes no value`);
    return {
      ok: true,
      flag: flag.ignored ? null : { name: flag.name, written, value: null, pos: word.pos, valuePos: null },
      usedNext: false,
    };
  }
  let value: string;
  let valuePos: SourcePos;
  let usedNext = false;
  if (inline !== null && eqPos !== null) {
    value = inline;
    // An empty value (`--topic=`) sits just after the `=`.
    valuePos = charPosOf(word, written.length + 1) ?? { line: eqPos.line, column: eqPos.column + 1 };
  } else if (next !== undefined && !looksLikeFlag(next.value)) {
    value = next.value;
    valuePos = next.pos;
    usedNext = true;
  } else {
    return fail(lines, word, `${written} needs a value: ${written} ${flag.value.name}`);
  }
  const problem = checkValue(value, flag.value.type, written);
  if (problem !== null) {
    const end = usedNext && next !== undefined ? next.end : word.end;
    const error = shellError(lines, valuePos, spanLength(lines, valuePos, end), problem.message, problem.suggestion);
    return { ok: false, error };
  }
  const parsed: ParsedFlag = {
    name: flag.name,
    written,
    value: canonicalValue(value, flag.value.type),
    pos: word.pos,
    valuePos,
  };
  return { ok: true, flag: flag.ignored ? null : parsed, usedNext };
}

/** Why a value does not fit its type, or null if it does. */
function checkValue(value: string, type: ValueType, label: string): Problem | null {
  switch (type.kind) {
    case 'text':
      return null;
    case 'integer': {
      if (!/^-?\d+$/.test(value)) return { message: `${label} needs a whole number, not ${show(value)}`, suggestion: null };
      const n = Number(value);
      if (n < type.min) return { message: `${label} must be at least ${type.min}, not ${value}`, suggestion: null };
      if (n > type.max) {
        const why = type.limit === undefined ? '' : ` (the simulator's limit of ${type.limit}; see "Limits" in docs/shell.md)`;
        return { message: `${label} must be at most ${type.max}${why}, not ${value}`, suggestion: null };
      }
      return null;
    }
    case 'choice':
      if (type.choices.includes(value) || type.synonyms.some(([synonym]) => synonym === value)) return null;
      return {
        message: `${label} must be ${orList(type.choices)}, not ${show(value)}`,
        suggestion: nearest(value, type.choices),
      };
    case 'tool': {
      if (toolName(value) !== null) return null;
      const base = value.replace(/^.*\//, '').replace(/\.sh$/, '');
      return {
        message: `unknown tool ${show(value)}; the tools are ${orList(TOOL_NAMES)}`,
        suggestion: nearest(base, TOOL_NAMES),
      };
    }
  }
}

/** The value as the executor should see it: a synonym replaced, a tool name without `.sh`. */
function canonicalValue(value: string, type: ValueType): string {
  if (type.kind === 'choice') return type.synonyms.find(([synonym]) => synonym === value)?.[1] ?? value;
  return type.kind === 'tool' ? (toolName(value) ?? value) : value;
}

/** Whether a word is an option rather than a value: `--x` or `-x`, but not `-2` or `-`. */
function looksLikeFlag(value: string): boolean {
  return value.length >= 2 && value.startsWith('-') && !/^-\d/.test(value);
}

/** Splits `--name=value` (joptsimple accepts it) into name and value; value is null without `=`. */
function splitInline(value: string): [string, string | null] {
  const eq = value.startsWith('--') ? value.indexOf('=') : -1;
  return eq < 0 ? [value, null] : [value.slice(0, eq), value.slice(eq + 1)];
}

function fail(lines: readonly string[], word: Word, message: string, suggestion: string | null = null): { ok: false; error: ShellError } {
  return { ok: false, error: shellError(lines, word.pos, spanLength(lines, word.pos, word.end), message, suggestion) };
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

/** Quotes a value for a message when it would otherwise be invisible or ambiguous. */
function show(value: string): string {
  return value === '' || /[\s'"]/.test(value) ? JSON.stringify(value) : value;
}

/** `a` or `an` before a placeholder, as it is read aloud (`an N`, `a NAME`). */
function article(placeholder: string): string {
  const vowelSound = placeholder.length === 1 ? /^[AEFHILMNORSX]/i : /^[AEIOU]/i;
  return vowelSound.test(placeholder) ? 'an' : 'a';
}
