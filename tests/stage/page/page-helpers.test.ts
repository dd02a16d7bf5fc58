import { describe, expect, it } from 'vitest';
import { FrameCache } from '../../../site/stage/frame-cache.ts';
import { cellSummary, stepView } from '../../../site/stage/cells/cell-output.ts';
import { appControls } from '../../../site/stage/panels/app-controls.ts';
import { shellWord } from '../../../site/stage/shell-word.ts';
import { placeMarks } from '../../../site/stage/panels/timeline-marks.ts';
import { stateTableCells } from '../../../site/stage/panels/state-table.ts';
import { shortcutFor } from '../../../site/stage/keyboard.ts';
import { fingerprint, parseProgress, serializeProgress } from '../../../site/stage/progress.ts';
import { ENGINE_VERSION, parseScript } from '../../../engine/index.ts';
import type { Frame, Scene, SceneConsumer } from '../../../site/stage/protocol.ts';

const emptyScene = (tick: number): Scene => ({
  tick,
  brokers: [{ id: 1, status: 'running', fenced: false, slow: false, leads: 0 }],
  producers: [],
  topics: [],
  groups: [],
  consumers: [],
  messages: [],
  messagesOmitted: 0,
  partitionsOmitted: 0,
  table: [],
});
const frame = (tick: number): Frame => ({ tick, scene: emptyScene(tick), events: [] });

describe('the frame cache', () => {
  it('forgets every frame from the tick an operation changed', () => {
    const cache = new FrameCache();
    cache.put([0, 1, 2, 3, 4].map(frame));
    cache.invalidateFrom(2);
    expect([0, 1, 2, 3, 4].map((t) => cache.has(t))).toEqual([true, true, false, false, false]);
    expect(cache.firstMissing(0, 4)).toBe(2);
  });

  it('holds at most its limit, dropping the oldest inserted', () => {
    const cache = new FrameCache(3);
    cache.put([0, 1, 2, 3].map(frame));
    expect(cache.size).toBe(3);
    expect(cache.has(0)).toBe(false);
    expect(cache.firstMissing(1, 3)).toBeNull();
  });
});

describe('a cell’s output view', () => {
  it('marks the lines that differ from the transcript, and a missing expected line', () => {
    const view = stepView({
      step: 0,
      output: [
        { stream: 'stdout', text: 'orders:0:3' },
        { stream: 'stdout', text: 'orders:1:1' },
      ],
      expected: ['orders:0:3', 'orders:1:0', 'orders:2:1', ''],
      matches: false,
      exitCode: 0,
    });
    expect(view.lines.map((l) => [l.text, l.differs])).toEqual([
      ['orders:0:3', false],
      ['orders:1:1', true],
      ['', true],
    ]);
    expect(view.expected).toEqual(['orders:0:3', 'orders:1:0', 'orders:2:1']);
  });

  it('keeps stderr apart and marks nothing in a matching step or a plain script', () => {
    const matching = stepView({
      step: 1,
      output: [{ stream: 'stderr', text: 'Processed a total of 4 messages' }],
      expected: ['Processed a total of 4 messages'],
      matches: true,
      exitCode: 0,
    });
    expect(matching.lines).toEqual([{ text: 'Processed a total of 4 messages', stream: 'stderr', differs: false }]);
    const script = stepView({ step: 0, output: [{ stream: 'stdout', text: 'tick 3' }], expected: null, matches: null, exitCode: 0 });
    expect(script).toMatchObject({ differs: false, expected: null });
  });

  it('sums a run up in words', () => {
    const ran = {
      cell: 0,
      error: null,
      errorLine: null,
      fromTick: 16,
      toTick: 86,
      steps: [{ step: 0, output: [], expected: ['x'], matches: false, exitCode: 0 }],
    };
    expect(cellSummary('ran', ran, true)).toBe('Ran at ticks 16–86 · 1 command printed something else than the lesson (marked ≠)');
    expect(cellSummary('ran', { ...ran, fromTick: 0, toTick: 0, steps: [] }, true)).toBe('Ran at tick 0 · output as the lesson shows');
    // A cell that does not parse ran no step; a plain script that failed ran the steps before.
    expect(cellSummary('error', { ...ran, steps: [], error: 'error at line 1, column 5: …' }, true)).toMatch(/nothing changed/);
    expect(cellSummary('error', { ...ran, error: 'command exited with code 1: kafka-topics --create --topic t' }, false)).toBe(
      'A command failed: the cell stopped there',
    );
  });
});

const consumer = (name: string, status: SceneConsumer['status'], console = false): SceneConsumer => ({
  name,
  group: 'g',
  status,
  phase: 'ready',
  memberId: null,
  console,
  assignment: [],
  positions: [],
  processing: null,
  pending: [],
});

describe('consumer application buttons', () => {
  it('offers crash and stop to a running application, restart to a crashed or stopped one, nothing for console consumers', () => {
    const scene = {
      ...emptyScene(0),
      consumers: [
        consumer('ledger', 'running'),
        consumer('shipping', 'crashed'),
        consumer('billing', 'stopped'),
        consumer('console-consumer#1', 'running', true),
      ],
    };
    expect(appControls(scene).map((a) => [a.name, a.actions.map((x) => x.command)])).toEqual([
      ['ledger', ['sim crash ledger', 'sim consumer stop ledger']],
      ['shipping', ['sim restart shipping']],
      ['billing', ['sim restart billing']],
    ]);
  });

  it('quotes names so the command parses back to the same name', () => {
    for (const name of ['ledger', 'my app', "o'brien", 'a$b']) {
      const parsed = parseScript(`sim crash ${shellWord(name)}`);
      expect(parsed.ok && parsed.commands[0]?.positionals[0]?.value).toBe(name);
    }
  });
});

describe('the state table', () => {
  it('prints missing numbers as kafka-consumer-groups does: a dash', () => {
    expect(
      stateTableCells([
        { group: 'g', topic: 't', partition: 0, committed: null, logEnd: 4, lag: null, member: 'ledger' },
        { group: 'g', topic: 't', partition: 1, committed: 3, logEnd: 8, lag: 5, member: null },
      ]),
    ).toEqual([
      ['g', 't', '0', '-', '4', '-', 'ledger'],
      ['g', 't', '1', '3', '8', '5', '-'],
    ]);
  });
});

describe('scrubber marks', () => {
  it('places marks along the track, crashes drawn over commits at the same tick', () => {
    expect(
      placeMarks(
        [
          { tick: 10, kind: 'crash' },
          { tick: 10, kind: 'commit' },
          { tick: 40, kind: 'rebalance' },
        ],
        40,
      ),
    ).toEqual([
      { kind: 'commit', tick: 10, at: 0.25 },
      { kind: 'rebalance', tick: 40, at: 1 },
      { kind: 'crash', tick: 10, at: 0.25 },
    ]);
    expect(placeMarks([{ tick: 0, kind: 'action' }], 0)).toEqual([{ kind: 'action', tick: 0, at: 0 }]);
  });

  it('draws at most one mark of a kind per stretch of the track, however long the history', () => {
    const commits = Array.from({ length: 100_000 }, (_, i) => ({ tick: i + 1, kind: 'commit' as const }));
    const placed = placeMarks([...commits, { tick: 50_000, kind: 'crash' }], 100_000, 600);
    expect(placed.filter((m) => m.kind === 'commit')).toHaveLength(601);
    expect(placed.filter((m) => m.kind === 'crash')).toEqual([{ kind: 'crash', tick: 50_000, at: 0.5 }]);
  });
});

describe('keyboard shortcuts', () => {
  const press = (key: string, mods: Partial<{ ctrl: boolean; alt: boolean; meta: boolean }> = {}) => ({ key, ctrl: false, alt: false, meta: false, ...mods });
  // prettier-ignore
  it.each([
    [' ', 'other', 'togglePlay'],
    [' ', 'button', null],
    ['k', 'button', 'togglePlay'],
    ['ArrowRight', 'other', 'stepForward'],
    ['ArrowRight', 'range', null],
    ['j', 'other', 'stepBack'],
    ['End', 'other', 'seekEnd'],
    ['?', 'other', 'toggleHelp'],
    ['k', 'text', null],
    ['ArrowLeft', 'scroller', null],
    [' ', 'scroller', null],
    ['l', 'scroller', 'stepForward'],
    ['x', 'other', null],
  ] as const)('%j on %s → %s', (key, focus, expected) => {
    expect(shortcutFor(press(key), focus)).toBe(expected);
  });

  it('leaves modified keys to the browser', () => {
    expect(shortcutFor(press('k', { ctrl: true }), 'other')).toBeNull();
  });
});

describe('saved progress', () => {
  const print = fingerprint(1, ['$ sim tick', '$ sim tick 2']);

  it('round-trips, long live runs included', () => {
    const ops = [
      { op: 'cell', cell: 0 },
      { op: 'act', command: 'sim crash a', tick: 3 },
      { op: 'advance', ticks: 100_000, untilQuiet: true },
    ] as const;
    expect(parseProgress(serializeProgress(print, ops), print, 2)).toEqual({ ops, problem: null });
  });

  it('keeps nothing rather than a part when there are too many operations', () => {
    expect(
      serializeProgress(
        print,
        Array.from({ length: 2001 }, () => ({ op: 'cell', cell: 0 }) as const),
      ),
    ).toBeNull();
  });

  it('nothing saved is no problem', () => {
    expect(parseProgress(null, print, 2)).toEqual({ ops: [], problem: null });
  });

  // prettier-ignore
  it.each([
    ['not JSON', '{oops', 'unreadable'],
    ['null', 'null', 'unreadable'],
    ['an older format', JSON.stringify({ v: 1, fingerprint: print, ops: [] }), 'unreadable'],
    ['another engine', serializeProgress(print, [{ op: 'cell', cell: 0 }], '0.0.1'), 'other-engine'],
    ['another text of the lesson', serializeProgress(fingerprint(2, ['x']), [{ op: 'cell', cell: 0 }]), 'lesson-changed'],
    ['a cell the page does not have', serializeProgress(print, [{ op: 'cell', cell: 7 }]), 'unreadable'],
    ['a fractional tick', serializeProgress(print, [{ op: 'act', command: 'sim crash a', tick: 1.5 }]), 'unreadable'],
    ['an advance longer than the engine steps at once', serializeProgress(print, [{ op: 'advance', ticks: 100_001, untilQuiet: true }]), 'unreadable'],
    ['an unknown op', JSON.stringify({ v: 2, engine: ENGINE_VERSION, fingerprint: print, ops: [{ op: 'eval', code: 'x' }] }), 'unreadable'],
  ])('does not replay %s, and says why', (_name, text, problem) => {
    expect(parseProgress(text, print, 2)).toEqual({ ops: [], problem });
  });
});
