/**
 * What every lesson of the course has (issue 9's list), checked by `streamlab check` beside the
 * transcripts: objectives in its front matter, at least two runnable cells of which one is a
 * transcript, a predict-then-reveal question followed by the cell that reveals it, a try-it
 * experiment, and a closing summary. A page with `lesson: false` is not a lesson and is skipped.
 * The check reads the MDX as text (no build needed), so each problem names its line.
 */
import { extractKafkaCells } from '../engine/index.ts';

export interface StructureProblem {
  /** 1-based line the problem is at (1 when it is about the whole lesson). */
  readonly line: number;
  readonly message: string;
}

interface Fence {
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly transcript: boolean;
}

/** The lesson's cells as the checker finds and runs them (engine/lessons/cells.ts), with where each fence opens. */
function kafkaFences(source: string): Fence[] {
  return extractKafkaCells(source).map((cell) => ({ line: cell.line - 1, transcript: cell.code.split('\n').some((l) => l.startsWith('$ ')) }));
}

/** The front matter's lines (between the opening and closing `---`), or null when there is none. */
function frontMatter(lines: readonly string[]): string[] | null {
  if (lines[0]?.trim() !== '---') return null;
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  return end === -1 ? null : lines.slice(1, end);
}

/** Per line, whether it is inside a fenced code block of any language (an example, not the lesson's own markup). */
function inFences(lines: readonly string[]): boolean[] {
  const inside: boolean[] = [];
  let marker: string | null = null;
  for (const line of lines) {
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1] ?? null;
    if (marker === null) {
      inside.push(fence !== null);
      if (fence !== null) marker = fence;
    } else {
      inside.push(true);
      if (fence !== null && fence[0] === marker[0] && fence.length >= marker.length && line.trim() === fence) marker = null;
    }
  }
  return inside;
}

/** Every way `source` falls short of a course lesson; empty when it has all its parts. */
export function lessonStructureProblems(source: string): StructureProblem[] {
  const lines = source.split(/\r?\n/);
  const front = frontMatter(lines);
  if (front?.some((l) => /^lesson:\s*false\s*$/.test(l))) return [];
  const problems: StructureProblem[] = [];
  const example = inFences(lines);
  const lineOf = (pattern: RegExp): number[] => lines.flatMap((l, i) => (!example[i] && pattern.test(l) ? [i + 1] : []));
  const need = (message: string, line = 1) => problems.push({ line, message: `lesson structure: ${message}` });

  const objectives = front?.findIndex((l) => /^objectives:\s*$/.test(l)) ?? -1;
  if (front === null || objectives === -1 || !/^\s+-\s+\S/.test(front[objectives + 1] ?? '')) {
    need('no objectives: the front matter needs `objectives:` with at least one `- what the reader can do afterwards`');
  }
  const fences = kafkaFences(source);
  if (fences.length < 2) need(`${fences.length} runnable cell(s): a lesson needs at least two \`\`\`kafka cells`);
  if (!fences.some((f) => f.transcript)) need('no transcript: at least one ```kafka cell needs `$ command` lines with the output it prints');

  const predicts = lineOf(/^\s*<Predict\b/);
  if (predicts.length === 0) need('no <Predict> question: the reader commits to an answer before a cell shows what happens');
  for (const at of predicts) {
    if (!fences.some((f) => f.line > at)) need('this <Predict> has no ```kafka cell after it to reveal its answer', at);
  }
  if (lineOf(/^\s*<TryIt\b/).length === 0) need('no <TryIt> experiment: invite the reader to change one thing and say what to look for');
  if (lineOf(/^##\s+Summary\s*$/).length === 0) need('no `## Summary` section closing the lesson');
  return problems;
}
