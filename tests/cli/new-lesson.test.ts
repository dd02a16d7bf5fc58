/**
 * `npm run new-lesson "Title"` scaffolds the next lesson of the course, which passes `npm run
 * check` (its parts and its transcripts) and builds as it is, questions and all.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { checkLesson } from '../../engine/index.ts';
import { lessonStructureProblems } from '../../cli/lesson-structure.ts';
import { lessonTemplate, newLesson, nextNumber, slugOf, titleProblem } from '../../cli/new-lesson.ts';

const root = resolve('.');
const work = mkdtempSync(join(tmpdir(), 'streamlab-new-lesson-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('naming the new lesson', () => {
  it.each([
    ['Exactly once, really?', 'exactly-once-really'],
    ['  Idempotent producers  ', 'idempotent-producers'],
    ['Café: réplicas & ISR', 'cafe-replicas-isr'],
    ['ÜBER 9000', 'uber-9000'],
  ])('%s → %s', (title, slug) => {
    expect(slugOf(title)).toBe(slug);
  });

  it.each([
    ['', /needs a title/],
    ['   ', /needs a title/],
    ['x'.repeat(81), /at most 80 characters, please \(this one has 81\)/],
    ['two\nlines', /one line/],
    ['?!', /at least one letter or digit/],
  ])('refuses %j', (title, why) => {
    expect(titleProblem(title)).toMatch(why);
  });

  it('numbers it after the highest lesson', () => {
    expect(nextNumber(['01-a.mdx', '09-b.mdx', '02-c.mdx', 'notes.txt'])).toBe(10);
    expect(nextNumber([])).toBe(1);
  });
});

describe('the scaffolded lesson', () => {
  const text = lessonTemplate('Exactly once: really?');

  it('has every part a lesson needs and true transcripts', () => {
    expect(lessonStructureProblems(text)).toEqual([]);
    const checked = checkLesson(text);
    expect(checked.problems).toEqual([]);
    expect(checked.cells).toBe(3);
    expect(text).toContain('title: "Exactly once: really?"');
  });

  it('is written as the next file of the course', async () => {
    const dir = mkdtempSync(join(work, 'lessons-'));
    for (const name of ['01-a.mdx', '09-b.mdx']) writeFileSync(join(dir, name), 'x');
    const path = await newLesson('Exactly once, really?', dir);
    expect(path).toBe(join(dir, '10-exactly-once-really.mdx'));
    expect(readFileSync(path, 'utf8')).toBe(lessonTemplate('Exactly once, really?'));
    expect(await newLesson('Again', dir)).toBe(join(dir, '11-again.mdx'));
  });

  it('npm run new-lesson writes it into lessons/ and says how to check it; a bad title changes nothing', () => {
    const dir = mkdtempSync(join(work, 'cwd-'));
    mkdirSync(join(dir, 'lessons'));
    const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'cli/new-lesson.ts'), ...args], { cwd: dir, encoding: 'utf8' });
    const ok = run('Exactly', 'once');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe('Wrote lessons/01-exactly-once.mdx. Check it with: npm run check -- lessons/01-exactly-once.mdx\n');
    const bad = run();
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('new-lesson: the lesson needs a title: npm run new-lesson "Title of the lesson"\n');
    expect(readdirSync(join(dir, 'lessons'))).toEqual(['01-exactly-once.mdx']);
  });

  it('builds: the site renders its question, its try-it and its cells', () => {
    // A copy of the project inside this one (so node_modules resolves from the parent, as in a
    // workspace): Astro's build loses track of sources reached through symlinks.
    mkdirSync(join(root, '.streamlab-tmp'), { recursive: true });
    const dir = mkdtempSync(join(root, '.streamlab-tmp', 'new-lesson-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    for (const name of ['site', 'docs', 'public', 'engine', 'astro.config.mjs', 'package.json', 'tsconfig.json'])
      cpSync(join(root, name), join(dir, name), { recursive: true });
    mkdirSync(join(dir, 'lessons'));
    writeFileSync(join(dir, 'lessons', '01-new.mdx'), text);
    const result = spawnSync(join(root, 'node_modules/.bin/astro'), ['build'], {
      cwd: dir,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr.slice(-2000)).toBe(0);
    const page = join(dir, 'dist/lessons/01-new/index.html');
    expect(existsSync(page)).toBe(true);
    const html = readFileSync(page, 'utf8');
    expect(html.match(/<kafka-cell /g)).toHaveLength(3);
    expect(html).toContain('data-question="empty-partition"');
    expect(html.match(/class="predict-choice"/g)).toHaveLength(3);
    expect(html).toContain('Read the orders with a consumer group');
    expect(html).toContain('href="/glossary/#partition"');
  }, 120_000);
});
