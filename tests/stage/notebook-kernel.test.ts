import { describe, expect, it } from 'vitest';
import { parseScript, runCell, ShellSession, splitTranscript, type Invocation } from '../../engine/index.ts';
import { FRAME_LIMIT, NotebookKernel } from '../../site/stage/kernel/notebook-kernel.ts';
import { LEDGER_LIST_LIMIT } from '../../site/stage/kernel/scene.ts';
import type { Frame, SceneLedger } from '../../site/stage/protocol.ts';
import { lessonCells, parseDescribe, parseLedger, printedAt, sessionAfter, type PrintedLedger } from './helpers.ts';

// The lessons' first cells, which the course keeps as they were written for these tests.
const LESSON_01 = lessonCells('02-topics').slice(0, 4);
const LESSON_02 = lessonCells('05-crash-and-resume').slice(0, 5);
const all = (cells: readonly string[]) => cells.map((_, i) => i);
const json = (value: unknown) => JSON.stringify(value);

/** Lesson 02 run to the end: five cells, the head at tick 86 (its transcript says `quiet at tick 86`). */
function lesson02(): NotebookKernel {
  const kernel = new NotebookKernel(1, LESSON_02);
  kernel.runCells(all(LESSON_02));
  return kernel;
}

describe('running cells', () => {
  it("a lesson's cells print what their transcripts say, and each records the ticks it covered", () => {
    const kernel = new NotebookKernel(1, LESSON_02);
    const results = kernel.runCells(all(LESSON_02));
    expect(results.map((r) => r.error)).toEqual([null, null, null, null, null]);
    for (const [i, r] of results.entries()) {
      const transcript = splitTranscript(LESSON_02[i] as string);
      const expected = transcript?.ok ? transcript.steps.map((s) => s.expected) : [];
      expect(r.steps.map((s) => s.expected)).toEqual(expected);
      expect(r.steps.every((s) => s.matches === true)).toBe(true);
    }
    // From the lesson text: cell 1 is `sim tick 16`, cell 3 ends with `quiet at tick 86`.
    expect(results.map((r) => [r.fromTick, r.toTick])).toEqual([
      [0, 0],
      [0, 16],
      [16, 16],
      [16, 86],
      [86, 86],
    ]);
    expect(kernel.status()).toMatchObject({ headTick: 86, cells: ['ran', 'ran', 'ran', 'ran', 'ran'], changedFrom: 0, quietAtHead: true });
  });

  it('runs only the cells not run yet, and keeps stdout and stderr apart', () => {
    const kernel = new NotebookKernel(1, LESSON_01);
    expect(kernel.runCells([0]).map((r) => r.cell)).toEqual([0]);
    expect(kernel.runCells([0, 1]).map((r) => r.cell)).toEqual([1]);
    const cells = ['$ sim crash nobody\nerror: no running consumer named nobody'];
    const [result] = new NotebookKernel(1, cells).runCells([0]);
    expect(result?.steps).toEqual([
      {
        step: 0,
        output: [{ stream: 'stderr', text: 'error: no running consumer named nobody' }],
        expected: ['error: no running consumer named nobody'],
        matches: true,
        exitCode: 1,
      },
    ]);
    expect(result?.error).toBeNull();
  });

  // prettier-ignore
  it.each([
    ['a cell that does not parse', ['kafka-topics --create --topic a --partitions 1', 'sim tick 2\nkafka-topics --lst', 'sim tick 3'],
      ['error at line 2, column 14: unknown option --lst for kafka-topics', '  kafka-topics --lst', '               ^^^^^', 'did you mean --list?'].join('\n'), 2, ['ran', 'idle', 'idle'], 0],
    ['a plain script that fails', ['kafka-topics --create --topic a --partitions 1', 'sim tick 2\nsim crash nobody\nsim tick 5', 'sim tick 3'],
      'command exited with code 1: sim crash nobody', 2, ['ran', 'ran', 'idle'], 2],
  ])('stops after %s', (_name, cells, error, errorLine, states, head) => {
    const kernel = new NotebookKernel(1, cells);
    const results = kernel.runCells([0, 1, 2]);
    expect(results.map((r) => r.cell)).toEqual([0, 1]);
    expect(results[1]).toMatchObject({ error, errorLine });
    expect(kernel.status()).toMatchObject({ cells: states, headTick: head });
  });

  it('a cell index outside the notebook is an error result, not an exception', () => {
    const kernel = new NotebookKernel(1, LESSON_01);
    const results = kernel.runCells([0, 9, 1]);
    expect(results.map((r) => [r.cell, r.error])).toEqual([
      [0, null],
      [9, 'no cell 9: the notebook has 4 cell(s)'],
    ]);
    expect(kernel.status().cells).toEqual(['ran', 'idle', 'idle', 'idle']);
  });

  it('a cell with a parse error changes nothing: status, frames and ops are as before', () => {
    const kernel = new NotebookKernel(1, [...LESSON_02.slice(0, 2), '$ sim consumer start x --group g --topic payments --comit after\n']);
    kernel.runCells([0, 1]);
    const before = { status: kernel.status(), frames: json(kernel.frames(0, 16)), ops: json(kernel.ops) };
    const [result] = kernel.runCells([2]);
    expect(result?.error).toMatch(/^error at line 1, column 51: unknown option --comit/);
    expect(result?.errorLine).toBe(1);
    const after = kernel.status();
    expect({ ...after, changedFrom: 0 }).toEqual({ ...before.status, changedFrom: 0 });
    expect(after.changedFrom).toBe(after.headTick + 1); // nothing to redraw
    expect(json(kernel.frames(0, 16))).toBe(before.frames);
    expect(json(kernel.ops)).toBe(before.ops);
  });
});

describe('acting on the stage', () => {
  it('in the past, an action discards the future: later cells become idle, the one spanning it is cut, later marks go', () => {
    const kernel = lesson02();
    expect(kernel.status().marks.some((m) => m.tick > 10)).toBe(true);
    const acted = kernel.act('sim crash ledger', 10);
    // The same story told by hand in a separate session: cell 0, ten ticks, the crash.
    const session = sessionAfter(1, [LESSON_02[0] as string, 'sim tick 10']);
    const expected = session.run('sim crash ledger').outcomes.flatMap((o) => o.output);
    expect(acted).toEqual({ output: expected, ok: true, discardedTicks: 86 - 10, tick: 10 });
    const status = kernel.status();
    expect(status.headTick).toBe(10);
    expect(status.cells).toEqual(['ran', 'cut', 'idle', 'idle', 'idle']);
    expect(status.changedFrom).toBe(10);
    expect(status.marks.every((m) => m.tick <= 10)).toBe(true);
    expect(status.marks).toContainEqual({ tick: 10, kind: 'action' });
    expect(status.marks).toContainEqual({ tick: 10, kind: 'crash' });
    expect(kernel.frame(10).scene.consumers.find((c) => c.name === 'ledger')?.status).toBe('crashed');
    expect(kernel.frame(10).scene.table).toEqual(parseDescribe(printedAt(session, 10, 'kafka-consumer-groups --describe --group accounting')));
  });

  it('the timeline goes on from the action: Play until quiet ends where `sim run` says', () => {
    const kernel = lesson02();
    kernel.act('sim crash ledger', 10);
    kernel.act('sim restart ledger', 10);
    const advanced = kernel.advance(10_000, true);
    const session = sessionAfter(1, [LESSON_02[0] as string, 'sim tick 10\nsim crash ledger\nsim restart ledger']);
    const [quiet] = printedAt(session, 10, 'sim run');
    expect(quiet?.text).toBe(`quiet at tick ${advanced.toTick} after ${advanced.toTick - 10} ticks`);
    expect(kernel.status()).toMatchObject({ headTick: advanced.toTick, quietAtHead: true, changedFrom: 11 });
  });

  // prettier-ignore
  it.each([
    ['a command the world refuses', 'sim crash nobody', [{ stream: 'stderr', text: 'error: no running consumer named nobody' }]],
    ['a command that does not parse', 'sim crsh ledger', null],
    ['two commands', 'sim crash ledger\nsim restart ledger', [{ stream: 'stderr', text: 'error: expected exactly one command, got 2' }]],
  ])('%s changes nothing', (_name, command, output) => {
    const kernel = lesson02();
    const before = { status: kernel.status(), ops: json(kernel.ops), frames: json(kernel.frames(0, 86)) };
    const acted = kernel.act(command, 10);
    expect(acted.ok).toBe(false);
    expect(acted.discardedTicks).toBe(0);
    if (output) expect(acted.output).toEqual(output);
    else expect(acted.output[0]?.text).toMatch(/^error at line 1, column 5: /);
    expect({ ...kernel.status(), changedFrom: 0 }).toEqual({ ...before.status, changedFrom: 0 });
    expect(json(kernel.ops)).toBe(before.ops);
    expect(json(kernel.frames(0, 86))).toBe(before.frames);
  });

  it('at the head, an action discards nothing', () => {
    const kernel = lesson02();
    const acted = kernel.act('sim crash ledger', 1_000);
    expect(acted).toMatchObject({ ok: true, discardedTicks: 0, tick: 86 });
    expect(kernel.status().cells).toEqual(['ran', 'ran', 'ran', 'ran', 'ran']);
  });
});

describe('advancing at the head', () => {
  it('steps the asked number of ticks, or stops once quiet', () => {
    const kernel = new NotebookKernel(1, LESSON_02);
    kernel.runCells([0, 1]);
    expect(kernel.advance(5, false)).toEqual({ error: null, fromTick: 16, toTick: 21 });
    const session = sessionAfter(1, [...LESSON_02.slice(0, 2), 'sim tick 5']);
    const [quiet] = printedAt(session, 21, 'sim run');
    const advanced = kernel.advance(10_000, true);
    expect(quiet?.text).toBe(`quiet at tick ${advanced.toTick} after ${advanced.toTick - 21} ticks`);
    expect(kernel.advance(10, true)).toEqual({ error: null, fromTick: advanced.toTick, toTick: advanced.toTick });
  });

  // prettier-ignore
  it.each([[-1], [1.5], [Number.NaN]])('refuses %s ticks', (ticks) => {
    const kernel = new NotebookKernel(1, LESSON_02);
    expect(kernel.advance(ticks, false).error).toMatch(/whole number of ticks/);
    expect(kernel.status().headTick).toBe(0);
  });
});

describe('frames', () => {
  it(`at most ${FRAME_LIMIT} per call, clamped to the timeline`, () => {
    const kernel = new NotebookKernel(1, ['kafka-topics --create --topic t --partitions 1\nsim tick 600']);
    kernel.runCells([0]);
    const first = kernel.frames(0, 600);
    expect(first.map((f) => f.tick)).toEqual(Array.from({ length: FRAME_LIMIT }, (_, i) => i));
    expect(kernel.frames(590, 9_999).map((f) => f.tick)).toEqual([590, 591, 592, 593, 594, 595, 596, 597, 598, 599, 600]);
    expect(kernel.frames(-5, 1).map((f) => f.tick)).toEqual([0, 1]);
    expect(kernel.frames(10, 5)).toEqual([]);
    expect(kernel.frame(Number.NaN).tick).toBe(600);
  });

  it("a frame's events are the events of its tick", () => {
    const kernel = lesson02();
    // The crash and restart of cell 2 were applied at tick 16.
    const kinds = kernel.frame(16).events.map((e) => e.kind);
    expect(kinds).toContain('consumer.crashed');
    expect(kinds).toContain('consumer.restarted');
    expect(kernel.frame(17).events.map((e) => e.kind)).not.toContain('consumer.crashed');
  });
});

describe('the ledger', () => {
  it('is what sim ledger prints at that tick', () => {
    const kernel = lesson02();
    const session = sessionAfter(1, LESSON_02);
    for (const tick of [0, 10, 16, 50, 86]) {
      expect(kernel.ledger('accounting', tick), `tick ${tick}`).toEqual(printedAt(session, tick, 'sim ledger --group accounting'));
    }
    expect(kernel.ledger('nobody', 86)).toEqual([{ stream: 'stderr', text: 'error: no group named nobody' }]);
  });

  it('a group name is never read as shell text', () => {
    const kernel = lesson02();
    const before = json(kernel.status());
    const sneaky = "x' --group accounting\nsim crash ledger\n'";
    const printed = kernel.ledger(sneaky, 20);
    expect(printed.every((l) => l.stream === 'stderr')).toBe(true);
    expect(printed.map((l) => l.text).join('\n')).toBe(`error: no group named ${sneaky}`);
    expect(json(kernel.status())).toBe(before);
  });
});

/**
 * A long history: two members of g process ~2 records a tick (a crash before they commit makes
 * duplicates), d in h commits before it processes (its crash skips records). By tick 20,000 the
 * ledger of g holds ~39,000 entries, h's ~20,000.
 */
const LONG_STORY = [
  'kafka-topics --create --topic t --partitions 2',
  'sim producer start p --topic t --count 42000 --batch 500 --every 1',
  'sim consumer start c1 --group g --topic t --commit after --process-ticks 1 --offset-reset earliest',
  'sim consumer start c2 --group g --topic t --commit after --process-ticks 1 --offset-reset earliest',
  'sim consumer start d --group h --topic t --commit before --process-ticks 1 --offset-reset earliest',
  'sim tick 300',
  'sim crash c1',
  'sim crash d',
  'sim tick 30',
  'sim restart c1',
  'sim restart d',
  'sim tick 20500',
].join('\n');

/** A scene's ledger in the printed form: the counts, and its (cut) lists as `sim ledger` lines read. */
function asPrinted(ledger: SceneLedger | undefined): PrintedLedger | undefined {
  return (
    ledger && {
      processed: ledger.processed,
      distinct: ledger.distinct,
      duplicated: ledger.duplicated,
      skipped: ledger.skipped,
      duplicatedRecords: ledger.duplicatedRecords.map((d) => `${d.topic}-${d.partition}@${d.offset} ×${d.times}`),
      skippedRecords: ledger.skippedRecords.map((s) => `${s.topic}-${s.partition}@${s.offset}`),
    }
  );
}

/** What `sim ledger` prints, its lists cut as a scene cuts them. */
function printedLedger(session: ShellSession, tick: number, group: string): PrintedLedger {
  const p = parseLedger(printedAt(session, tick, `sim ledger --group ${group}`));
  return { ...p, duplicatedRecords: p.duplicatedRecords.slice(0, LEDGER_LIST_LIMIT), skippedRecords: p.skippedRecords.slice(0, LEDGER_LIST_LIMIT) };
}

const ledgerOf = (frame: Frame, group: string) => asPrinted(frame.scene.groups.find((g) => g.id === group)?.ledger);

describe('the ledger over a long history', () => {
  const kernel = new NotebookKernel(1, [LONG_STORY]);
  kernel.runCells([0]);
  const session = sessionAfter(1, [LONG_STORY]);

  it('its counts and lists are what sim ledger prints, going forwards, back a little, back far, and forwards far', () => {
    const checked: number[] = [];
    // Forwards tick by tick (20,000 to 20,010), back 1,010 ticks, back to near the start, forwards 20,000 ticks.
    for (const frame of [...kernel.frames(20_000, 20_010), kernel.frame(19_000), kernel.frame(300), kernel.frame(20_500)]) {
      for (const group of ['g', 'h']) {
        const printed = printedLedger(session, frame.tick, group);
        expect(ledgerOf(frame, group), `tick ${frame.tick} group ${group}`).toEqual(printed);
      }
      checked.push(frame.tick);
    }
    const printed = printedLedger(session, 20_000, 'g');
    // The story is what it says: a long ledger, with more duplicates and skips than a scene lists.
    expect(printed.processed).toBeGreaterThan(20_000);
    expect(printed.duplicated).toBeGreaterThan(LEDGER_LIST_LIMIT);
    expect(printedLedger(session, 20_000, 'h').skipped).toBeGreaterThan(LEDGER_LIST_LIMIT);
    expect(checked).toHaveLength(14);
  });

  it('96 frames cost about the same at tick 20,000 as at tick 1,000 (the cost does not grow with the history)', () => {
    const cost = (from: number): number => {
      kernel.frames(from, from + 95); // warm: the counts move to this part of the history once
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        kernel.frames(from, from + 95);
        times.push(performance.now() - start);
      }
      return (times.sort((a, b) => a - b)[2] as number) + 0.5;
    };
    const early = cost(1_000);
    const late = cost(20_000);
    expect(late / early, `${late.toFixed(1)} ms at tick 20,000, ${early.toFixed(1)} ms at tick 1,000`).toBeLessThan(3);
  });

  it('after an action in the past rewrote the ledger, the counts are those of the new history', () => {
    const cells = [LONG_STORY.replace('sim tick 20500', 'sim tick 3000')];
    const k = new NotebookKernel(1, cells);
    k.runCells([0]);
    // Counted up to tick 1,500 of the first history; the action at 1,000 rewrites entries below
    // that count, and the new history's ledger is longer by tick 3,500 than the count was.
    k.frame(1_500);
    expect(k.act('sim crash c2', 1_000).ok).toBe(true);
    k.advance(2_500, false);
    // The same history, printed by a session that never saw the first one.
    const other = sessionAfter(1, cells);
    other.timeline.seek(1_000);
    const parsed = parseScript('sim crash c2');
    other.execute(parsed.commands[0] as Invocation);
    for (let i = 0; i < 2_500; i++) other.timeline.step();
    for (const group of ['g', 'h']) expect(ledgerOf(k.frame(3_500), group), group).toEqual(printedLedger(other, 3_500, group));
  });
});

describe('replay and reset', () => {
  it('a kernel replayed from its ops gives byte-identical frames and status', () => {
    const kernel = new NotebookKernel(1, LESSON_02);
    kernel.runCells([0, 1]);
    kernel.advance(7, false);
    kernel.act('sim crash ledger', 12);
    kernel.act('sim restart ledger', 20);
    kernel.runCells([2, 3, 4]);
    kernel.advance(30, true);
    const replayed = NotebookKernel.replay(1, LESSON_02, kernel.ops);
    expect(json(replayed.ops)).toBe(json(kernel.ops));
    // The status says what changed in the last operation; for a kernel built from nothing, everything did.
    expect(json({ ...replayed.status(), changedFrom: 0 })).toBe(json({ ...kernel.status(), changedFrom: 0 }));
    expect(replayed.status().changedFrom).toBe(0);
    const head = kernel.status().headTick;
    for (const tick of [0, 5, 12, 20, 21, Math.floor(head / 2), head]) {
      expect(json(replayed.frame(tick)), `tick ${tick}`).toBe(json(kernel.frame(tick)));
    }
  });

  it('reset gives back a fresh notebook with the same seed and cells', () => {
    const kernel = lesson02();
    kernel.reset();
    const fresh = new NotebookKernel(1, LESSON_02);
    expect(kernel.status()).toEqual(fresh.status());
    expect(kernel.ops).toEqual([]);
    expect(json(kernel.frame(0))).toBe(json(fresh.frame(0)));
    kernel.runCells(all(LESSON_02));
    expect(json(kernel.frame(86))).toBe(json(lesson02().frame(86)));
  });

  it('the seed is the world seed: a seed changes keyless partitioning as in `streamlab run --seed`', () => {
    const cells = ['kafka-topics --create --topic t --partitions 3\nkafka-console-producer --topic t <<EOF\na\nb\nc\nd\ne\nf\nEOF'];
    for (const seed of [1, 2, 99]) {
      const kernel = new NotebookKernel(seed, cells);
      kernel.runCells([0]);
      const session = ShellSession.create({ seed });
      runCell(session, cells[0] as string);
      const ends = kernel.frame(kernel.headTick).scene.topics[0]?.partitions.map((p) => `t:${p.partition}:${p.logEnd}`);
      expect(ends).toEqual(printedAt(session, session.timeline.headTick, 'kafka-get-offsets --topic t').map((l) => l.text));
    }
  });
});
