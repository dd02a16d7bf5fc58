/**
 * `npm run new-lesson "Title"`: writes `lessons/NN-slug.mdx`, the next lesson of the course, with
 * every part a lesson needs (objectives, a transcript cell, a predict-then-reveal question, a
 * try-it, a summary) filled with a small working example, so it passes `npm run check` and
 * builds as it is; the author replaces the example with the lesson's story.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const MAX_TITLE = 80;

/** The file name's slug: lower-case words joined by dashes (`Exactly once, really?` → `exactly-once-really`). */
export function slugOf(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** Why `title` cannot name a lesson, or null when it can. */
export function titleProblem(title: string): string | null {
  if (title.trim() === '') return 'the lesson needs a title: npm run new-lesson "Title of the lesson"';
  if (title.length > MAX_TITLE) return `a title of at most ${MAX_TITLE} characters, please (this one has ${title.length})`;
  if (/[\r\n]/.test(title)) return 'the title must be one line';
  if (slugOf(title) === '') return 'the title needs at least one letter or digit for the file name';
  return null;
}

/** The next number of the course: one more than the highest `NN-` prefix in `files`. */
export function nextNumber(files: readonly string[]): number {
  const numbers = files.map((f) => /^(\d+)-.*\.mdx$/.exec(f)?.[1]).filter((n) => n !== undefined);
  return numbers.reduce((max, n) => Math.max(max, Number(n)), 0) + 1;
}

/** The lesson's text: front matter, the example story, and every part the checker asks for. */
export function lessonTemplate(title: string): string {
  // YAML double-quoted: a title with a colon or a quote stays one string.
  const yamlTitle = JSON.stringify(title.trim());
  return `---
title: ${yamlTitle}
description: Replace me with one sentence saying what the reader will see happen.
objectives:
  - Replace me with what the reader can do afterwards
  - One short sentence per objective
duration: 8
---

import { Predict, Choice, TryIt, WaitFor, Term } from '../site/components/lesson/index.ts';

Replace this paragraph with the lesson's opening: one idea, in short sentences. Link a glossary
word where the lesson first uses it, such as a <Term id="partition">partition</Term>.

Every \`\`\`kafka cell runs in the page's one world, after the cells above it. A cell with
\`$ command\` lines is a transcript: \`npm run check\` runs it and compares what it prints, line
for line.

\`\`\`kafka
$ kafka-topics --create --topic orders --partitions 3
Created topic orders.
$ sim producer start website --topic orders --count 6 --keys alice,bob,carol
producer website started on orders
$ sim run
quiet at tick 8 after 8 ticks
\`\`\`

<Predict id="empty-partition" question="The website sent six orders keyed alice, bob and carol. How many of them are in partition 1?">
  <Choice feedback="A key always lands in the same partition, and none of these three keys hashes to partition 1.">Two: the orders are spread evenly</Choice>
  <Choice correct feedback="Right: the partition comes from the key's murmur2 hash, and no key here hashes to 1, so it stays empty.">None</Choice>
  <Choice feedback="Records are spread by key, not all written to one partition.">All six</Choice>
</Predict>

\`\`\`kafka
$ kafka-get-offsets --topic orders
orders:0:4
orders:1:0
orders:2:2
\`\`\`

<TryIt title="Read the orders with a consumer group">

Run the cell below, then press **Play** on the stage and watch \`shipping-1\`'s position move
along each partition's tape until its lag is 0.

\`\`\`kafka
sim consumer start shipping-1 --group shipping --topic orders --offset-reset earliest
sim run
kafka-consumer-groups --describe --group shipping
\`\`\`

</TryIt>

## Summary

- Replace me with what the lesson showed, one point per line.
- Keep it to three to five points.
`;
}

/** Writes the lesson into `dir`; returns its path, or throws an Error saying why not. */
export async function newLesson(title: string, dir = 'lessons'): Promise<string> {
  const problem = titleProblem(title);
  if (problem) throw new Error(problem);
  const number = nextNumber(await readdir(dir));
  const path = join(dir, `${String(number).padStart(2, '0')}-${slugOf(title)}.mdx`);
  // 'wx': never overwrite a lesson that is already there.
  await writeFile(path, lessonTemplate(title), { flag: 'wx' });
  return path;
}

async function main(args: readonly string[]): Promise<number> {
  const title = args.join(' ');
  try {
    const path = await newLesson(title);
    process.stdout.write(`Wrote ${path}. Check it with: npm run check -- ${path}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`new-lesson: ${(error as Error).message}\n`);
    return 2;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
