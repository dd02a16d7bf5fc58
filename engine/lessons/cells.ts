/**
 * Lessons: the ` ```kafka ` fences of an MDX file are its runnable cells. All cells of one
 * page share one world and run in order, like a notebook kernel, so the checker runs them
 * in one session and reports problems with the file's own line numbers.
 */
import { ShellSession } from '../shell/session.ts';
import { runCell } from '../shell/transcript-check.ts';

export interface LessonCell {
  readonly code: string;
  /** 1-based line in the file of the cell's first code line (the line after the fence). */
  readonly line: number;
}

/** The ` ```kafka ` cells of a lesson, in order. An unclosed fence runs to the end of the file. */
export function extractKafkaCells(source: string): LessonCell[] {
  const lines = source.split(/\r?\n/);
  const cells: LessonCell[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})kafka\b.*$/.exec(lines[i] as string);
    if (!open) continue;
    const fence = open[2] as string;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !(lines[end] as string).trim().startsWith(fence)) end++;
    cells.push({ code: lines.slice(start, end).join('\n'), line: start + 1 });
    i = end;
  }
  return cells;
}

export interface LessonProblem {
  /** 1-based line in the lesson file. */
  readonly line: number;
  readonly message: string;
  readonly expected?: readonly string[];
  readonly actual?: readonly string[];
}

/**
 * The seed a lesson's front matter gives its world (`seed: 7`), or 1 as `streamlab run` uses. The
 * site's schema checks the field; this only reads it, so the checker runs the world the page runs.
 */
export function lessonSeed(source: string): number {
  const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---\r?$/m.exec(source);
  if (!frontMatter || frontMatter.index !== 0) return 1;
  const seed = /^seed:\s*(\d+)\s*(?:#.*)?$/m.exec(frontMatter[1] ?? '');
  return seed ? Number(seed[1]) : 1;
}

/** Runs every cell of a lesson in one world; returns each error and each output that differs from its transcript. */
export function checkLesson(source: string): { cells: number; problems: LessonProblem[] } {
  const session = ShellSession.create({ seed: lessonSeed(source) });
  const problems: LessonProblem[] = [];
  const cells = extractKafkaCells(source);
  for (const cell of cells) {
    const result = runCell(session, cell.code);
    for (const e of result.errors) problems.push({ line: cell.line + e.line - 1, message: e.message });
    for (const m of result.mismatches) {
      problems.push({ line: cell.line + m.line - 1, message: `output differs for: ${m.command.split('\n')[0]}`, expected: m.expected, actual: m.actual });
    }
  }
  return { cells: cells.length, problems };
}
