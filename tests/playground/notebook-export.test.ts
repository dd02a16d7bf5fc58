/**
 * A notebook exported as a script and as a lesson says what the notebook did: the script, run by
 * the real CLI, prints the same lines the notebook's cells and stage actions printed, and the
 * lesson passes the lesson checker and the structure check as written.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkLesson } from '../../engine/index.ts';
import { lessonStructureProblems } from '../../cli/lesson-structure.ts';
import { NotebookKernel } from '../../site/stage/kernel/notebook-kernel.ts';
import { notebookScript } from '../../site/stage/kernel/notebook-script.ts';
import { fromKafkaScript, lessonProblem, toKafkaScript, toLessonMdx } from '../../site/playground/export-format.ts';
import { NOTEBOOK_LIMITS } from '../../site/playground/notebook.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'streamlab-export-'));

const CELLS = [
  [
    'kafka-topics --create --topic payments --partitions 2',
    'sim producer start checkout --topic payments --count 12 --keys card-1,card-2,card-3',
    'sim consumer start ledger --group accounting --topic payments --commit after --process-ticks 3 --offset-reset earliest',
  ].join('\n'),
  '# Halfway through the first batch\nsim tick 16\nkafka-consumer-groups --describe --group accounting',
  '$ sim restart ledger\nconsumer ledger restarted\n$ sim run\n$ sim ledger --group accounting',
];

/** Every line the notebook printed, in order: cells' steps and stage actions. */
function notebookLines(kernel: NotebookKernel, steps: () => void): string[] {
  const lines: string[] = [];
  const original = { runCells: kernel.runCells.bind(kernel), act: kernel.act.bind(kernel) };
  kernel.runCells = (cells) => {
    const results = original.runCells(cells);
    for (const r of results) for (const s of r.steps) lines.push(...s.output.map((l) => l.text));
    return results;
  };
  kernel.act = (command, tick) => {
    const acted = original.act(command, tick);
    lines.push(...acted.output.map((l) => l.text));
    return acted;
  };
  steps();
  return lines;
}

async function streamlabRun(script: string, seed: number): Promise<string[]> {
  const file = join(dir, `notebook-${seed}.kafka`);
  writeFileSync(file, script);
  const { stdout } = await run(process.execPath, [join(ROOT, 'cli/streamlab.ts'), 'run', file, '--seed', String(seed)], { cwd: ROOT });
  return stdout.replace(/\n$/, '').split('\n');
}

describe('a notebook as a script', () => {
  it('runs in the real CLI and prints what the notebook printed: cells, a crash on the stage, live ticks', async () => {
    const kernel = new NotebookKernel(7, CELLS);
    const printed = notebookLines(kernel, () => {
      kernel.runCells([0, 1]);
      kernel.act('sim crash ledger', kernel.headTick);
      kernel.advance(40, false);
      kernel.runCells([2]);
    });
    const script = notebookScript(7, CELLS, kernel.history);
    if (!script.ok) throw new Error(script.problem);
    expect(script.blocks.map((b) => b.origin.kind)).toEqual(['cell', 'cell', 'act', 'advance', 'cell']);
    const text = toKafkaScript(script);
    // The stage's live steps are the clock's ticks; the crash is the command its button issued.
    expect(text).toContain('# --- on the stage at tick 16\nsim crash ledger');
    expect(text).toContain('# --- the clock ran 40 ticks from tick 16\nsim tick 40');
    // A plain cell keeps its own comments.
    expect(text).toContain('# Halfway through the first batch');
    // The restart redoes the batch the crash interrupted: the ledger counts duplicates (at-least-once).
    expect(printed.some((l) => /^group accounting: processed \d+, distinct 12, duplicated [1-9]\d*, skipped 0$/.test(l))).toBe(true);
    // `sim tick` prints where the clock is: 56 after the 16 ticks of cell 2 and the 40 live ones.
    const crash = printed.findIndex((l) => l.startsWith('consumer ledger crashed'));
    expect(crash).toBeGreaterThan(0);
    expect(await streamlabRun(text, 7)).toEqual([...printed.slice(0, crash + 1), 'tick 56', ...printed.slice(crash + 1)]);
  });

  it('an action in the past shortens the live ticks it cut and drops what came after', () => {
    const kernel = new NotebookKernel(3, CELLS);
    kernel.runCells([0]);
    kernel.advance(30, false);
    kernel.act('sim crash ledger', 20);
    const script = notebookScript(3, CELLS, kernel.history);
    if (!script.ok) throw new Error(script.problem);
    expect(script.blocks.map((b) => b.source)).toEqual([CELLS[0], 'sim tick 20', 'sim crash ledger']);
    // Replayed, the script leaves the world where the notebook is: same groups, same offsets.
    const describe = 'kafka-consumer-groups --describe --all-groups';
    const afterScript = new NotebookKernel(3, [`${script.blocks.map((b) => b.source).join('\n')}\n${describe}`]);
    const [scripted] = afterScript.runCells([0]);
    const ownDescribe = kernel.act(describe, kernel.headTick).output.map((l) => l.text);
    const scriptLines = scripted?.steps[0]?.output.map((l) => l.text) ?? [];
    expect(scriptLines.slice(-ownDescribe.length)).toEqual(ownDescribe);
    expect(afterScript.headTick).toBe(20);
  });

  it('refuses a notebook whose cell an action in its past cut, saying which and why', () => {
    const kernel = new NotebookKernel(1, CELLS);
    kernel.runCells([0, 1]);
    kernel.act('sim crash ledger', 5);
    const script = notebookScript(1, CELLS, kernel.history);
    expect(script.ok).toBe(false);
    if (!script.ok) expect(script.problem).toMatch(/^Cell 2 was cut: you acted on the stage at tick 5/);
  });

  it('leaves a failing command out of the script as a comment, so the rest runs as it did in the notebook', async () => {
    const cells = ['kafka-topics --create --topic t --partitions 1\nkafka-topics --create --topic t --partitions 1', 'kafka-topics --list'];
    const kernel = new NotebookKernel(1, cells);
    const printed = notebookLines(kernel, () => {
      kernel.runCells([0]);
      kernel.runCells([1]);
    });
    const script = notebookScript(1, cells, kernel.history);
    if (!script.ok) throw new Error(script.problem);
    const text = toKafkaScript(script);
    expect(text).toContain('(exit 1); left out so the script runs on:\n# kafka-topics --create --topic t --partitions 1');
    // The notebook printed Kafka's TopicExistsException; the script no longer runs that command.
    expect(printed.some((l) => l.includes("Topic 't' already exists"))).toBe(true);
    expect(await streamlabRun(text, 1)).toEqual(['Created topic t.', 't']);
  });
});

describe('a notebook as a lesson skeleton', () => {
  it('passes the lesson checker and the structure check as written, seed included', () => {
    const kernel = new NotebookKernel(7, CELLS);
    kernel.runCells([0, 1]);
    kernel.act('sim crash ledger', kernel.headTick);
    kernel.runCells([2]);
    const script = notebookScript(7, CELLS, kernel.history);
    if (!script.ok) throw new Error(script.problem);
    expect(lessonProblem(script)).toBeNull();
    const mdx = toLessonMdx(script);
    expect(mdx).toMatch(/^---\ntitle: .*\n[\s\S]*\nseed: 7\n---\n/);
    const checked = checkLesson(mdx);
    expect(checked.cells).toBe(4);
    expect(checked.problems).toEqual([]);
    expect(lessonStructureProblems(mdx)).toEqual([]);
    // Each cell is a transcript of its commands: the crash on the stage included.
    expect(mdx).toMatch(/```kafka\n\$ sim crash ledger\nconsumer ledger crashed, [^\n]*\n```/);
  });

  it('writes a cell with backticks inside a longer fence, and a command printing "$ " as a plain script', () => {
    const cells = [
      "kafka-topics --create --topic t --partitions 1\nsim producer start p --topic t --count 1 --value 'a ```{n}```'\nsim run",
      "sim producer start q --topic t --count 1 --value '$ {n}'\nsim run\nkafka-console-consumer --topic t --from-beginning --max-messages 2",
    ];
    const kernel = new NotebookKernel(1, cells);
    kernel.runCells([0, 1]);
    const script = notebookScript(1, cells, kernel.history);
    if (!script.ok) throw new Error(script.problem);
    const mdx = toLessonMdx(script);
    expect(mdx).toContain('````kafka\n$ kafka-topics');
    // The consumer prints the record `$ 1`, which a transcript would read as a command.
    expect(mdx).toContain("```kafka\nsim producer start q --topic t --count 1 --value '$ {n}'\nsim run\nkafka-console-consumer");
    expect(checkLesson(mdx).problems).toEqual([]);
  });

  it('needs two cells that ran', () => {
    const kernel = new NotebookKernel(1, ['kafka-topics --create --topic t --partitions 1']);
    kernel.runCells([0]);
    const script = notebookScript(1, ['kafka-topics --create --topic t --partitions 1'], kernel.history);
    if (!script.ok) throw new Error(script.problem);
    expect(lessonProblem(script)).toMatch(/at least two cells/);
  });
});

describe('importing a .kafka file', () => {
  it('splits an exported script back into its cells', () => {
    const kernel = new NotebookKernel(7, CELLS);
    kernel.runCells([0, 1]);
    kernel.act('sim crash ledger', kernel.headTick);
    const script = notebookScript(7, CELLS, kernel.history);
    if (!script.ok) throw new Error(script.problem);
    const imported = fromKafkaScript(toKafkaScript(script));
    expect(imported).toEqual({ ok: true, cells: [CELLS[0], CELLS[1], 'sim crash ledger'] });
  });

  it('reads any other script as one cell, CRLF line ends included', () => {
    expect(fromKafkaScript('# mine\r\nkafka-topics --list\r\n\r\nsim tick 3\r\n')).toEqual({ ok: true, cells: ['# mine\nkafka-topics --list\n\nsim tick 3'] });
  });

  it('refuses an empty file, too many cells and a cell too long, saying which', () => {
    expect(fromKafkaScript('\n\n')).toEqual({ ok: false, problem: 'This file has no commands in it.' });
    const many = Array.from({ length: NOTEBOOK_LIMITS.cells + 1 }, (_, i) => `# --- cell ${i + 1}\nsim tick 1`).join('\n');
    expect(fromKafkaScript(many)).toEqual({ ok: false, problem: `This file has 201 cells; a notebook holds at most 200.` });
    const long = `# --- cell 1\nsim tick 1\n# --- cell 2\n# ${'x'.repeat(NOTEBOOK_LIMITS.cellChars)}`;
    expect(fromKafkaScript(long)).toEqual({ ok: false, problem: 'Cell 2 of this file has 100,002 characters; a cell holds at most 100,000.' });
  });
});
