/**
 * Independent sources for the stage tests: lessons as realistic cells, and a separate shell
 * session whose *printed* output (what a learner reads in the terminal) is parsed back into the
 * numbers the stage claims to show.
 */
import { readFileSync } from 'node:fs';
import { extractKafkaCells, parseScript, runCell, ShellSession, type OutputLine } from '../../engine/index.ts';
import type { StateRow } from '../../site/stage/protocol.ts';

/** The kafka cells of lessons/NAME.mdx, in order. */
export function lessonCells(name: string): string[] {
  return extractKafkaCells(readFileSync(new URL(`../../lessons/${name}.mdx`, import.meta.url), 'utf8')).map((c) => c.code);
}

/** A fresh session that has run `cells` in order, as the lesson checker runs them. */
export function sessionAfter(seed: number, cells: readonly string[]): ShellSession {
  const session = ShellSession.create({ seed });
  for (const cell of cells) runCell(session, cell);
  return session;
}

/** What one command prints at tick `tick` of the session's timeline (a read-only command: nothing changes). */
export function printedAt(session: ShellSession, tick: number, command: string): OutputLine[] {
  const parsed = parseScript(command);
  const [invocation] = parsed.commands;
  if (!parsed.ok || !invocation) throw new Error(`does not parse: ${command}`);
  session.timeline.seek(tick);
  return [...session.execute(invocation).output];
}

const cell = (text: string | undefined): number | null => (text === undefined || text === '-' ? null : Number(text));

/** The rows of a printed `kafka-consumer-groups --describe` table, column by column. */
export function parseDescribe(lines: readonly OutputLine[]): StateRow[] {
  const stdout = lines.filter((l) => l.stream === 'stdout').map((l) => l.text);
  const header = stdout.findIndex((l) => l.startsWith('GROUP '));
  if (header < 0) return [];
  const names = (stdout[header] as string).trim().split(/\s+/);
  const column = (values: readonly string[], name: string) => values[names.indexOf(name)];
  return stdout
    .slice(header + 1)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const values = line.trim().split(/\s+/);
      const member = column(values, 'CLIENT-ID');
      return {
        group: column(values, 'GROUP') ?? '',
        topic: column(values, 'TOPIC') ?? '',
        partition: Number(column(values, 'PARTITION')),
        committed: cell(column(values, 'CURRENT-OFFSET')),
        logEnd: cell(column(values, 'LOG-END-OFFSET')),
        lag: cell(column(values, 'LAG')),
        member: member === undefined || member === '-' ? null : member,
      };
    });
}

/** What a printed `sim ledger --group G` says: its counts line, then its duplicated and skipped lines. */
export interface PrintedLedger {
  readonly processed: number;
  readonly distinct: number;
  readonly duplicated: number;
  readonly skipped: number;
  /** `t-0@5 ×2` for each duplicated line, in printed order. */
  readonly duplicatedRecords: readonly string[];
  /** `t-0@5` for each skipped line, in printed order. */
  readonly skippedRecords: readonly string[];
}

export function parseLedger(lines: readonly OutputLine[]): PrintedLedger {
  const text = lines.filter((l) => l.stream === 'stdout').map((l) => l.text);
  const counts = /^group .+: processed (\d+), distinct (\d+), duplicated (\d+), skipped (\d+)$/.exec(text[0] ?? '');
  if (!counts) throw new Error(`not a ledger: ${text[0] ?? '(nothing printed)'}`);
  const [processed, distinct, duplicated, skipped] = counts.slice(1).map(Number) as [number, number, number, number];
  const duplicatedRecords = text.flatMap((l) => {
    const m = /^ {2}duplicated (\S+): processed (\d+) times/.exec(l);
    return m ? [`${m[1]} ×${m[2]}`] : [];
  });
  const skippedRecords = text.flatMap((l) => {
    const m = /^ {2}skipped (\S+)$/.exec(l);
    return m ? [m[1] as string] : [];
  });
  return { processed, distinct, duplicated, skipped, duplicatedRecords, skippedRecords };
}
