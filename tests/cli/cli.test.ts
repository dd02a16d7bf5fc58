import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ShellSession, renderScript } from '../../engine/index.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'cli/streamlab.ts');
const dir = mkdtempSync(join(tmpdir(), 'streamlab-cli-'));

/** Runs the CLI binary on the pinned Node, as `npx streamlab` would. */
async function streamlab(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: ROOT });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

function script(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const SCRIPT = [
  'kafka-topics --create --topic orders --partitions 2',
  'kafka-console-producer --topic orders --property parse.key=true --property key.separator=: <<EOF',
  'a:1',
  'b:2',
  'EOF',
  'kafka-console-consumer --topic orders --group g --from-beginning --property print.key=true',
  'kafka-consumer-groups --describe --group g',
  '',
].join('\n');

describe('streamlab run', () => {
  it('prints what the in-process shell prints, on the same streams', async () => {
    const result = await streamlab('run', script('ok.kafka', SCRIPT));
    expect(result.code).toBe(0);
    const outcome = ShellSession.create().run(SCRIPT);
    const lines = outcome.outcomes.flatMap((o) => o.output);
    expect(result.stdout).toBe(lines.filter((l) => l.stream === 'stdout').map((l) => `${l.text}\n`).join(''));
    expect(result.stderr).toBe(lines.filter((l) => l.stream === 'stderr').map((l) => `${l.text}\n`).join(''));
    expect(renderScript(outcome)).toContain('Processed a total of 2 messages');
  });

  it('exits non-zero at the first failing command and says where', async () => {
    const result = await streamlab('run', script('fail.kafka', 'kafka-topics --create --topic t\nkafka-topics --create --topic t\nkafka-topics --list\n'));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("Created topic t.\nError while executing topic command : Topic 't' already exists.\n");
    expect(result.stderr).toContain('fail.kafka:2: stopped: kafka-topics exited with code 1');
  });

  it('reports a typo with line, column and a suggestion, and runs nothing after it', async () => {
    const result = await streamlab('run', script('typo.kafka', 'kafka-topics --create --topic t\nkafka-topics --create --topc u\n'));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('Created topic t.\n');
    expect(result.stderr).toContain('error at line 2, column 23: unknown option --topc for kafka-topics');
    expect(result.stderr).toContain('did you mean --topic?');
  });

  it('gives the same output for the same seed', async () => {
    const file = script('seeded.kafka', 'kafka-topics --create --topic t --partitions 4\nkafka-console-producer --topic t <<EOF\nx\ny\nEOF\nkafka-get-offsets --topic t\n');
    const [a, b] = await Promise.all([streamlab('run', '--seed', '9', file), streamlab('run', '--seed', '9', file)]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.split('\n').filter(Boolean)).toHaveLength(5);
  });

  it('refuses a missing file with a clear message', async () => {
    const result = await streamlab('run', join(dir, 'nope.kafka'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read .*nope\.kafka: ENOENT/);
  });
});

describe('streamlab check', () => {
  it('passes the lessons in lessons/', async () => {
    const result = await streamlab('check');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/0 problem\(s\)/);
  });

  it('reports a transcript whose output changed, with file, line, expected and actual', async () => {
    const lesson = script('broken.mdx', '---\ntitle: t\n---\n\n```kafka\n$ kafka-topics --create --topic a\nCreated topic b.\n```\n');
    const result = await streamlab('check', lesson);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${lesson}:6: output differs for: kafka-topics --create --topic a`);
    expect(result.stdout).toContain('    | Created topic b.');
    expect(result.stdout).toContain('    | Created topic a.');
  });
});
