import { describe, expect, it } from 'vitest';
import { recordWindow } from '../../site/stage/kernel/scene.ts';

// Every expected window below is worked out by hand from the rule: the whole log when it fits the
// budget (64), else the last 24 offsets before the log end plus [o - 4, o + 4) around each
// interesting offset o, nearest first, clamped to [logStart, logEnd), at most 64 offsets in all.
describe('recordWindow', () => {
  // prettier-ignore
  it.each([
    ['an empty log', 0, 0, [], []],
    ['a log that fits the budget is shown whole', 0, 10, [3], [[0, 10]]],
    ['exactly the budget is still whole', 0, 64, [], [[0, 64]]],
    ['a log that starts later (retention) fits whole too', 100, 150, [], [[100, 150]]],
    ['one over the budget: only the tail', 0, 65, [], [[41, 65]]],
    ['an offset far from the end adds a window around it', 0, 100, [10], [[6, 14], [76, 100]]],
    ['a window at the log start is clamped, not shifted', 0, 100, [2], [[0, 6], [76, 100]]],
    ['an offset below the log start (deleted records) adds nothing', 50, 200, [40], [[176, 200]]],
    ['a committed offset at the log end is inside the tail', 0, 100, [100], [[76, 100]]],
    ['a window touching the tail merges with it', 0, 100, [78], [[74, 100]]],
    ['overlapping windows merge', 0, 100, [10, 12], [[6, 16], [76, 100]]],
    ['the same offset twice counts once', 0, 100, [10, 10], [[6, 14], [76, 100]]],
    ['a non-integer offset is ignored', 0, 100, [Number.NaN, 10.5], [[76, 100]]],
  ])('%s', (_name, logStart, logEnd, interesting, expected) => {
    expect(recordWindow(logStart, logEnd, interesting)).toEqual(expected);
  });

  it('stops at the budget: earlier offsets win, and a window cut short keeps its centre', () => {
    // Tail [976, 1000) = 24; windows around 0 (clamped to [0, 4): 4), 10, 20, 30, 40 (8 each) = 60;
    // 4 left for the window around 50: 50, 49, 51, 48 (nearest first); 60 and 70 get nothing.
    expect(recordWindow(0, 1000, [0, 10, 20, 30, 40, 50, 60, 70])).toEqual([
      [0, 4],
      [6, 14],
      [16, 24],
      [26, 34],
      [36, 44],
      [48, 52],
      [976, 1000],
    ]);
  });

  it('a smaller budget shrinks the tail too', () => {
    expect(recordWindow(0, 100, [10], 10)).toEqual([[90, 100]]);
    expect(recordWindow(0, 100, [10], 30)).toEqual([
      [7, 13],
      [76, 100],
    ]); // 6 left: 10, 9, 11, 8, 12, 7
  });

  it('never returns more than the budget, whatever is asked', () => {
    const many = Array.from({ length: 500 }, (_, i) => i * 7);
    const total = recordWindow(0, 10_000, many).reduce((n, [from, to]) => n + (to - from), 0);
    expect(total).toBe(64);
  });

  it('a budget below one shows nothing', () => {
    expect(recordWindow(0, 10, [], 0)).toEqual([]);
  });
});
