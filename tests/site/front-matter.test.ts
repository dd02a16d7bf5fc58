/**
 * A lesson with bad front matter fails the build, and the message names the file and the field:
 * `astro sync` (the build's first step) on a copy of the project whose lessons/ holds one bad lesson.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { stripVTControlCharacters } from 'node:util';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve('.');
const work = mkdtempSync(join(tmpdir(), 'streamlab-front-matter-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function syncWith(lessons: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(work, 'site-'));
  for (const name of ['site', 'node_modules', 'docs', 'public']) symlinkSync(join(root, name), join(dir, name));
  for (const name of ['astro.config.mjs', 'package.json', 'tsconfig.json']) cpSync(join(root, name), join(dir, name));
  mkdirSync(join(dir, 'lessons'));
  for (const [name, text] of Object.entries(lessons)) writeFileSync(join(dir, 'lessons', name), text);
  const result = spawnSync(join(root, 'node_modules/.bin/astro'), ['sync'], {
    cwd: dir,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
  });
  return { status: result.status, output: stripVTControlCharacters(`${result.stdout}${result.stderr}`) };
}

const good = readFileSync('lessons/02-topics.mdx', 'utf8');

describe('lesson front matter at build time', () => {
  it('a good lesson syncs', () => {
    expect(syncWith({ '01-good.mdx': good }).status).toBe(0);
  }, 60_000);

  it('a lesson without objectives fails, naming the file and the field', () => {
    const bad = good.replace(/objectives:\n(?: {2}- .*\n)+/, '');
    const { status, output } = syncWith({ '01-good.mdx': good, '02-bad.mdx': bad });
    expect(status).not.toBe(0);
    expect(output).toContain('lessons/02-bad');
    expect(output).toContain('objectives: a lesson needs objectives');
  }, 60_000);

  it('a duration that is not a number fails, naming the file and the field', () => {
    const { status, output } = syncWith({ '03-bad.mdx': good.replace(/^duration: \d+$/m, 'duration: eight') });
    expect(status).not.toBe(0);
    expect(output).toMatch(/lessons\/03-bad[\s\S]*duration/);
  }, 60_000);
});
