/** `streamlab check`: lessons are tested documents; report every difference with file and line. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkLesson } from '../engine/index.ts';
import { lessonStructureProblems } from './lesson-structure.ts';

async function lessonFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = (await readdir(path)).sort();
      files.push(...(await lessonFiles(entries.filter((e) => e.endsWith('.mdx') || !e.includes('.')).map((e) => join(path, e)))));
    } else files.push(path);
  }
  return files;
}

/** Checks every lesson under `paths`; returns 0 when every lesson has its parts and every cell ran and matched its transcript. */
export async function checkLessons(paths: readonly string[]): Promise<number> {
  let files: string[];
  try {
    files = await lessonFiles(paths);
  } catch (error) {
    process.stderr.write(`streamlab check: ${(error as Error).message}\n`);
    return 2;
  }
  let failures = 0;
  let cells = 0;
  for (const file of files) {
    const source = await readFile(file, 'utf8');
    const result = checkLesson(source);
    cells += result.cells;
    for (const p of lessonStructureProblems(source)) {
      failures++;
      process.stdout.write(`${file}:${p.line}: ${p.message}\n`);
    }
    for (const p of result.problems) {
      failures++;
      process.stdout.write(`${file}:${p.line}: ${p.message}\n`);
      if (p.expected && p.actual) {
        process.stdout.write(`  expected:\n${p.expected.map((l) => `    | ${l}`).join('\n')}\n  actual:\n${p.actual.map((l) => `    | ${l}`).join('\n')}\n`);
      }
    }
  }
  process.stdout.write(`${files.length} lesson(s), ${cells} cell(s), ${failures} problem(s)\n`);
  return failures === 0 ? 0 : 1;
}
