/**
 * Helpers for the golden transcript tests: a cell is written as a terminal shows it
 * (`$ command`, heredoc lines, then the expected lines, stdout and stderr interleaved) and
 * checked with the same `runCell` the lesson checker uses. Every expected line comes from
 * ../shared/reference/kafka-4-tools.md, not from what the implementation happens to print.
 */
import { expect } from 'vitest';
import { parseScript, runCell, ShellSession, type CommandOutcome } from '../../../engine/index.ts';

/** Makes tabs and trailing spaces visible, so a failure shows what differs. */
function visible(line: string): string {
  const body = line.replace(/\t/g, '→');
  const trailing = /( +)$/.exec(body)?.[1]?.length ?? 0;
  return trailing === 0 ? body : `${body.slice(0, body.length - trailing)}${'·'.repeat(trailing)}`;
}

function block(title: string, lines: readonly string[]): string {
  if (lines.length === 0) return `  ${title}: (nothing)`;
  return [`  ${title}:`, ...lines.map((l, i) => `    ${String(i + 1).padStart(2)}| ${visible(l)}`)].join('\n');
}

/**
 * Runs a transcript cell in `session` (a fresh world by default) and fails, with expected
 * and actual output side by side (→ is a tab, · a trailing space), on any parse error or
 * mismatch. Returns the session so a test can go on in the same world.
 */
export function expectTranscript(cell: string, session: ShellSession = ShellSession.create()): ShellSession {
  const result = runCell(session, cell);
  const problems: string[] = [];
  for (const e of result.errors) problems.push(`cell error at line ${e.line}:\n${e.message}`);
  for (const m of result.mismatches) {
    problems.push([`line ${m.line}: $ ${m.command}`, block('expected', m.expected), block('actual', m.actual)].join('\n'));
  }
  if (problems.length > 0) expect.fail(`transcript differs from the reference\n\n${problems.join('\n\n')}`);
  return session;
}

/** What one command printed, by stream, and its exit code. */
export interface Streams {
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  readonly exitCode: number;
}

/** Parses exactly one command (heredoc allowed) and runs it with `session.execute`. */
export function execute(session: ShellSession, text: string): Streams {
  const parsed = parseScript(text);
  if (!parsed.ok) expect.fail(`does not parse: ${text}\n${parsed.error.message}`);
  expect(parsed.commands, `expected exactly one command in: ${text}`).toHaveLength(1);
  const outcome = session.execute(parsed.commands[0] as (typeof parsed.commands)[number]);
  return streamsOf(outcome);
}

export function streamsOf(outcome: CommandOutcome): Streams {
  return {
    stdout: outcome.output.filter((l) => l.stream === 'stdout').map((l) => l.text),
    stderr: outcome.output.filter((l) => l.stream === 'stderr').map((l) => l.text),
    exitCode: outcome.exitCode,
  };
}

/** Runs setup commands (a plain script) that must all succeed. */
export function setup(session: ShellSession, script: string): ShellSession {
  const outcome = session.run(script);
  if (outcome.parseError || outcome.exitCode !== 0) {
    const last = outcome.outcomes.at(-1);
    expect.fail(
      `setup failed (exit ${outcome.exitCode}) at: ${last?.invocation.text ?? script}\n${last?.output.map((l) => l.text).join('\n') ?? ''}${outcome.parseError?.message ?? ''}`,
    );
  }
  return session;
}
