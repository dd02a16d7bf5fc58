import { describe, expect, it } from 'vitest';
import type { Scene } from '../../../site/stage/protocol.ts';
import { NOTE_LINE_HEIGHT, omittedNoteLines, omittedNoteText, wrapWords } from '../../../site/stage/view/omitted-note.ts';
import { layoutStage, type Box, type StageLayout } from '../../../site/stage/view/stage-layout.ts';
import { consumer, group, partition, producer, scene } from './fixtures.ts';

/** 64 drawn partitions (orders 0–39, payments 0–23) of a world that has `omitted` more, a producer and a group. */
function capped(omitted: number): Scene {
  const tp = (topic: string, p: number) => ({ topic, partition: p });
  const rows = (topic: string, n: number) => Array.from({ length: n }, (_, p) => partition({ topic, partition: p, logEnd: 5 }));
  const owned = Array.from({ length: 40 }, (_, p) => tp('orders', p));
  return {
    ...scene({
      producers: [producer('web')],
      topics: [
        { name: 'orders', partitions: rows('orders', 40) },
        { name: 'payments', partitions: rows('payments', 24) },
      ],
      groups: [group('billing', { members: [{ memberId: 'b-1', consumer: 'b', clientId: 'b', assignment: owned }] })],
      consumers: [consumer('b', 'billing', { memberId: 'b-1', assignment: owned })],
    }),
    partitionsOmitted: omitted,
  };
}

/** The note's box: 11 px text, from a cap height above the first baseline to a descender below the last. */
function noteBox(l: StageLayout): Box {
  const note = l.omitted;
  if (!note) throw new Error('no note');
  const width = Math.max(...note.lines.map((line) => line.length)) * l.metrics.charWidth;
  return { x: note.x, y: note.y - 9, width, height: (note.lines.length - 1) * NOTE_LINE_HEIGHT + 12 };
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('the note on partitions a scene left out', () => {
  it('says how many, in words', () => {
    expect(omittedNoteText(12)).toBe('…and 12 more partitions not drawn');
    expect(omittedNoteText(1)).toBe('…and 1 more partition not drawn');
    expect(omittedNoteLines(0, 300, 6.6)).toEqual([]);
  });

  it('wraps at spaces to the width it has', () => {
    // "…and 12 more" is 12 characters; adding " partitions" would make 23.
    expect(wrapWords('…and 12 more partitions not drawn', 20)).toEqual(['…and 12 more', 'partitions not drawn']);
    expect(wrapWords('…and 12 more partitions not drawn', 40)).toEqual(['…and 12 more partitions not drawn']);
  });

  it.each([
    { width: 560, mode: 'wide', column: 278 },
    { width: 390, mode: 'stacked', column: 346 },
  ])('at $width px ($mode) it sits under the last partition, inside the topics column, clear of every box', ({ width, mode, column }) => {
    const l = layoutStage(capped(12), { width });
    expect(l.mode).toBe(mode);
    expect(l.omitted?.lines).toEqual(['…and 12 more partitions not drawn']);
    const box = noteBox(l);
    const topics = l.topics[0];
    expect(topics?.width).toBe(column);
    expect(box.x).toBe(topics?.x);
    expect(box.x + box.width).toBeLessThanOrEqual((topics?.x ?? 0) + column);
    const rows = l.topics.flatMap((t) => t.partitions);
    const last = rows.at(-1);
    expect(box.y).toBeGreaterThanOrEqual((last?.y ?? 0) + (last?.height ?? 0) - 10); // the row's own bottom gap is 10 px
    for (const other of [...l.producers, ...rows.map((r) => ({ ...r, height: r.height - 10 })), ...l.groups, ...l.groups.flatMap((g) => g.members)]) {
      expect(overlaps(box, other), JSON.stringify(other).slice(0, 80)).toBe(false);
    }
    // The legend starts below it, and the drawing is tall enough for both.
    expect(l.legend.y - 9).toBeGreaterThanOrEqual(box.y + box.height);
    expect(l.height).toBeGreaterThanOrEqual(box.y + box.height);
  });

  it('takes two lines where one does not fit (500 px, wide: a 220 px column holds 33 characters)', () => {
    const l = layoutStage(capped(19_936), { width: 500 });
    expect(l.omitted?.lines).toEqual(['…and 19936 more partitions not', 'drawn']);
    const box = noteBox(l);
    for (const g of l.groups) expect(overlaps(box, g)).toBe(false);
    expect(l.legend.y - 9).toBeGreaterThanOrEqual(box.y + box.height);
  });

  it('is not there when nothing was left out, or the scene does not say', () => {
    expect(layoutStage(capped(0), { width: 560 }).omitted).toBeNull();
    expect(layoutStage(scene({ topics: [{ name: 'orders', partitions: [partition({ logEnd: 3 })] }] }), { width: 390 }).omitted).toBeNull();
  });

  it('moves what is under the topics down by its height', () => {
    const without = layoutStage(capped(0), { width: 390 });
    const withNote = layoutStage(capped(12), { width: 390 });
    // One line: its baseline 10 px under the last row, 5 px under the baseline.
    expect((withNote.groups[0]?.y ?? 0) - (without.groups[0]?.y ?? 0)).toBe(15);
    expect(withNote.height - without.height).toBe(15);
  });
});
