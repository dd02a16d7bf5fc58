import { describe, expect, it } from 'vitest';
import { cellWidthFor, gapSlots } from '../../../site/stage/view/metrics.ts';
import {
  cellLabel,
  gapLabel,
  keyColour,
  KEY_COLOURS,
  offsetsSummary,
  slotOfOffset,
  slotOfRecord,
  tapeCells,
  tapeCost,
  type TapeCells,
} from '../../../site/stage/view/partition-tape.ts';
import { partition, records } from './fixtures.ts';

/** A tape in words: `0 1 2 [5..20)x2 20 | end@6` (record offsets, gaps as [from..to)×slots, the end slot). */
function describeTape(cells: TapeCells): string {
  const items = cells.items.map((i) => (i.kind === 'record' ? String(i.offset) : `[${i.from}..${i.to})x${i.slots}`));
  return `${items.join(' ')} | end@${cells.endSlot}`;
}

describe('tapeCells: which records a tape draws and where', () => {
  it.each([
    { name: 'an empty log is just its log end slot', p: partition({ logEnd: 0 }), interesting: [], capacity: 12, tape: ' | end@0' },
    { name: 'a short log is drawn whole', p: partition({ logEnd: 3 }), interesting: [], capacity: 12, tape: '0 1 2 | end@3' },
    { name: 'a log that exactly fits is drawn whole', p: partition({ logEnd: 12 }), interesting: [], capacity: 12, tape: '0 1 2 3 4 5 6 7 8 9 10 11 | end@12' },
    {
      name: 'records deleted by retention are gone: the tape starts at the log start',
      p: partition({ logStart: 10, logEnd: 15 }),
      interesting: [],
      capacity: 12,
      tape: '10 11 12 13 14 | end@5',
    },
    {
      // The tail window grows two records per step: 21..29 (9 + a 2-slot gap = 11), then one more to the left fits exactly.
      name: 'a long log keeps the records at its end and elides the rest',
      p: partition({ logEnd: 30 }),
      interesting: [],
      capacity: 12,
      tape: '[0..20)x2 20 21 22 23 24 25 26 27 28 29 | end@12',
    },
    {
      // Anchors 29 and 5, windows of radius 1 (9 slots), then the rest goes to the tail: 26, 25, 24.
      name: 'a committed offset far from the end stays visible with its neighbours',
      p: partition({ logEnd: 30 }),
      interesting: [5],
      capacity: 12,
      tape: '[0..4)x1 4 5 6 [7..24)x2 24 25 26 27 28 29 | end@12',
    },
    {
      name: 'offsets the scene left out are elided even when the tape has room',
      p: partition({ logEnd: 30, records: [...records(0, 5), ...records(20, 30)] }),
      interesting: [],
      capacity: 40,
      tape: '0 1 2 3 4 [5..20)x2 20 21 22 23 24 25 26 27 28 29 | end@17',
    },
    {
      name: 'a log end beyond the last record the scene sent is a trailing gap',
      p: partition({ logEnd: 10, records: records(0, 4) }),
      interesting: [],
      capacity: 20,
      tape: '0 1 2 3 [4..10)x1 | end@5',
    },
    {
      // Capacity 6: the tail (1 + a 2-slot gap) and offset 3 (1 more, and the gap before it 1) fit;
      // 15 would split the long gap (8 slots). The last slot goes to the tail: 28.
      name: 'interesting offsets beyond the capacity are dropped lowest priority first',
      p: partition({ logEnd: 30 }),
      interesting: [3, 15],
      capacity: 6,
      tape: '[0..3)x1 3 [4..28)x2 28 29 | end@6',
    },
  ])('$name', ({ p, interesting, capacity, tape }) => {
    const cells = tapeCells(p, interesting, capacity);
    expect(describeTape(cells)).toBe(tape);
    expect(cells.endSlot).toBeLessThanOrEqual(capacity);
    expect(
      tapeCost(
        cells.items.flatMap((i) => (i.kind === 'record' ? [i.offset] : [])),
        p.logStart,
        p.logEnd,
      ),
    ).toBe(cells.endSlot);
  });

  it('never draws more slots than its capacity once it elides', () => {
    for (let logEnd = 0; logEnd <= 64; logEnd++) {
      for (const capacity of [4, 7, 12, 20]) {
        const cells = tapeCells(partition({ logEnd }), [0, Math.floor(logEnd / 2)], capacity);
        expect(cells.endSlot).toBeLessThanOrEqual(capacity);
        // Every offset of the log is either a cell or inside exactly one gap.
        const covered = cells.items.reduce((n, i) => n + (i.kind === 'record' ? 1 : i.to - i.from), 0);
        expect(covered).toBe(logEnd);
      }
    }
  });

  it('keeps slots contiguous from the left, each gap taking its own slots', () => {
    const cells = tapeCells(partition({ logEnd: 40 }), [12], 14);
    let slot = 0;
    for (const item of cells.items) {
      expect(item.slot).toBe(slot);
      slot += item.kind === 'record' ? 1 : item.slots;
    }
    expect(cells.endSlot).toBe(slot);
  });
});

describe('gaps say how many offsets they hide, in room enough to say it', () => {
  it.each([
    { hidden: 7, slots: 1, label: '…7' },
    { hidden: 16, slots: 2, label: '…16' },
    { hidden: 999, slots: 2, label: '…999' },
    { hidden: 1234, slots: 3, label: '…1234' },
  ])('a gap of $hidden offsets takes $slots slots and reads $label', ({ hidden, slots, label }) => {
    expect(gapSlots(hidden, 18)).toBe(slots);
    expect(gapLabel(100, 100 + hidden)).toBe(label);
  });
});

describe('slotOfOffset: where a marker for an offset stands', () => {
  const cells = tapeCells(partition({ logEnd: 30 }), [5], 12); // [0..4)x1 4 5 6 [7..24)x2 24 … 29 | end@12
  it.each([
    { offset: 5, slot: 2, why: 'a drawn record: its cell' },
    { offset: 30, slot: 12, why: 'the log end: its slot' },
    { offset: 2, slot: 0.5, why: 'inside the leading gap, proportionally' },
    { offset: 15, slot: 4 + (2 * 8) / 17, why: 'inside a middle gap, proportionally' },
    { offset: 24, slot: 6, why: 'the first record after a gap' },
  ])('$why', ({ offset, slot }) => {
    expect(slotOfOffset(cells, offset)).toBeCloseTo(slot, 6);
  });

  it('names a drawn record and nothing for an elided one', () => {
    expect(slotOfRecord(cells, 6)).toBe(3);
    expect(slotOfRecord(cells, 10)).toBeNull();
  });
});

describe('cells by key', () => {
  it('gives the same key the same colour, and a key-less record its own', () => {
    expect(keyColour('alice')).toBe(keyColour('alice'));
    expect(keyColour(null)).toBe('none');
    for (const key of ['alice', 'bob', 'carol', 'card-1', '', 'κλειδί']) {
      const colour = keyColour(key);
      expect(colour).not.toBe('none');
      expect(colour).toBeGreaterThanOrEqual(0);
      expect(colour).toBeLessThan(KEY_COLOURS);
    }
  });

  it('spreads the usual keys over the palette', () => {
    expect(new Set(['card-1', 'card-2', 'card-3'].map(keyColour)).size).toBe(3);
  });

  it.each([
    { offset: 7, width: 18, label: '7' },
    { offset: 42, width: 18, label: '42' },
    { offset: 420, width: 18, label: '' },
    { offset: 420, width: cellWidthFor(420), label: '420' },
  ])('labels offset $offset in an $width px cell as "$label"', ({ offset, width, label }) => {
    expect(cellLabel(offset, width, 6.6)).toBe(label);
  });

  it('widens every cell once offsets reach three digits', () => {
    expect(cellWidthFor(99)).toBe(18);
    expect(cellWidthFor(100)).toBe(24);
    expect(cellWidthFor(12_345)).toBe(37);
  });

  it('summarises log start and end, and the high watermark only when it differs', () => {
    expect(offsetsSummary(partition({ logStart: 3, logEnd: 12 }))).toBe('start 3 · end 12');
    expect(offsetsSummary(partition({ logEnd: 12, highWatermark: 10 }))).toBe('start 0 · end 12 · hw 10');
  });
});
