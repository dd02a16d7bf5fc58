import { describe, expect, it } from 'vitest';
import { ledgerBadges, markDots, messageMarks, messageProgress, messageRoute, pointAlong } from '../../../site/stage/view/record-marks.ts';
import { findMember } from '../../../site/stage/view/addresses.ts';
import { layoutStage } from '../../../site/stage/view/stage-layout.ts';
import { group, lessonScene, partition, scene } from './fixtures.ts';

describe('messageProgress: where a message is in the frame of tick t', () => {
  it.each([
    { arrive: 13, tick: 12, fraction: 1 / 2 },
    { arrive: 14, tick: 12, fraction: 1 / 3 },
    { arrive: 15, tick: 12, fraction: 1 / 4 },
    { arrive: 12, tick: 12, fraction: 1 },
    { arrive: 11, tick: 12, fraction: 1 },
  ])('arriving at $arrive, drawn at $tick: $fraction of the way', ({ arrive, tick, fraction }) => {
    expect(messageProgress(arrive, tick)).toBeCloseTo(fraction, 12);
  });

  it('only moves forward and lands on the tick it arrives', () => {
    const arrive = 20;
    const seen = [15, 16, 17, 18, 19, 20].map((t) => messageProgress(arrive, t));
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1] as number);
    expect(seen.at(-1)).toBe(1);
  });
});

describe('pointAlong: a fraction of a path, by length', () => {
  const path = [
    { x: 0, y: 0 },
    { x: 10, y: 0 },
    { x: 10, y: 10 },
  ];
  it.each([
    { f: 0, p: { x: 0, y: 0 } },
    { f: 0.25, p: { x: 5, y: 0 } },
    { f: 0.5, p: { x: 10, y: 0 } },
    { f: 0.75, p: { x: 10, y: 5 } },
    { f: 1, p: { x: 10, y: 10 } },
    { f: -1, p: { x: 0, y: 0 } },
    { f: 2, p: { x: 10, y: 10 } },
  ])('$f → ($p.x, $p.y)', ({ f, p }) => {
    expect(pointAlong(path, f)).toEqual(p);
  });
});

describe('markDots: one dot per record, up to 8, then a count', () => {
  it.each([
    { records: 0, xs: [], label: null },
    { records: 1, xs: [0], label: null },
    { records: 3, xs: [-6, 0, 6], label: null },
    { records: 8, xs: [-21, -15, -9, -3, 3, 9, 15, 21], label: null },
    { records: 20, xs: [-21, -15, -9, -3, 3, 9, 15, 21], label: '20' },
  ])('$records records: dots at $xs, label $label', ({ records, xs, label }) => {
    const shape = markDots(records);
    expect(shape.dots.map((d) => d.x)).toEqual(xs);
    expect(shape.label).toBe(label);
  });
});

describe('routes: the paths messages travel', () => {
  for (const width of [560, 390]) {
    const l = layoutStage(lessonScene(), { width });
    const row = l.topics[0]?.partitions[0];
    const billOne = findMember(l, 'bill-1');

    it(`${width} px: a produce request runs from its producer to the partition`, () => {
      const route = messageRoute(l, 'producer:web', 'partition:orders/0');
      expect(route?.[0]).toEqual(l.producers[0]?.port);
      expect(route?.at(-1)).toEqual(row?.inPort);
    });

    it(`${width} px: its answer and a fetch request travel the same paths backwards`, () => {
      expect(messageRoute(l, 'partition:orders/0', 'producer:web')).toEqual(messageRoute(l, 'producer:web', 'partition:orders/0')?.reverse());
      expect(messageRoute(l, 'consumer:bill-1', 'partition:orders/0')).toEqual(messageRoute(l, 'partition:orders/0', 'consumer:bill-1')?.reverse());
    });

    it(`${width} px: a fetch answer leaves the log end side of the tape for the member`, () => {
      const route = messageRoute(l, 'partition:orders/0', 'consumer:bill-1');
      expect(route?.[0]?.x).toBe(row?.outPort.x);
      expect(route?.at(-1)).toEqual(billOne?.port);
    });

    it(`${width} px: a commit goes from the member's side to its group`, () => {
      const route = messageRoute(l, 'consumer:bill-1', 'group:billing');
      expect(route?.[0]).toEqual({ x: billOne?.x, y: (billOne?.y ?? 0) + (billOne?.height ?? 0) / 2 });
      expect(route?.at(-1)).toEqual(l.groups[0]?.port);
    });
  }

  it('draws no path to an address that is not on the stage', () => {
    const l = layoutStage(lessonScene(), { width: 560 });
    expect(messageRoute(l, 'consumer:bill-1', 'group:nobody')).toBeNull();
    expect(messageRoute(l, 'producer:ghost', 'partition:orders/0')).toBeNull();
    expect(messageRoute(l, 'topic:orders', 'consumer:bill-1')).toBeNull();
  });

  it('sends an empty fetch answer (from the broker) along the path of the first partition the member owns', () => {
    const l = layoutStage(lessonScene(), { width: 560 });
    expect(messageRoute(l, 'broker:1', 'consumer:bill-2')).toEqual(messageRoute(l, 'partition:orders/2', 'consumer:bill-2'));
    expect(messageRoute(l, 'consumer:bill-2', 'broker:1')).toEqual(messageRoute(l, 'consumer:bill-2', 'partition:orders/2'));
  });
});

describe('messageMarks: the marks of a frame', () => {
  it('places each message by its arrive tick, requests and answers on either side of the path', () => {
    const s = lessonScene(); // tick 40
    const l = layoutStage(s, { width: 560 });
    const marks = messageMarks(s, l);
    expect(marks.map((m) => [m.id, m.kind, m.records, m.fraction])).toEqual([
      ['p1', 'produce', 1, 1 / 2],
      ['f1', 'fetch-response', 3, 1 / 3],
      ['c1', 'commit', 0, 1 / 2],
    ]);
    const plain = messageRoute(l, 'partition:orders/2', 'consumer:bill-2');
    expect(marks[1]?.route[0]).toEqual({ x: (plain?.[0]?.x ?? 0) + 2.5, y: (plain?.[0]?.y ?? 0) + 2.5 });
    expect(marks[0]?.route[0]).toEqual({ x: (l.producers[0]?.port.x ?? 0) - 2.5, y: (l.producers[0]?.port.y ?? 0) - 2.5 });
  });
});

describe('ledgerBadges: ×N under duplicated records, ×0 under skipped ones', () => {
  it('marks the highlighted group only, under the cells that are drawn', () => {
    const ledger = {
      processed: 9,
      distinct: 7,
      duplicated: 1,
      skipped: 1,
      duplicatedRecords: [{ topic: 'orders', partition: 0, offset: 3, times: 2 }],
      skippedRecords: [{ topic: 'orders', partition: 0, offset: 4 }],
    };
    const s = scene({
      topics: [{ name: 'orders', partitions: [partition({ logEnd: 6 })] }],
      groups: [group('g', { ledger, committed: [{ topic: 'orders', partition: 0, offset: 5 }] })],
    });
    const on = layoutStage(s, { width: 560, ledgerGroup: 'g' }).topics[0]?.partitions[0];
    const off = layoutStage(s, { width: 560, ledgerGroup: null }).topics[0]?.partitions[0];
    if (!on || !off) throw new Error('no row');
    expect(ledgerBadges(on, 18)).toEqual([
      { offset: 3, x: 63, text: '×2', kind: 'duplicated' },
      { offset: 4, x: 81, text: '×0', kind: 'skipped' },
    ]);
    expect(off.ledgerMarks).toEqual([]);
  });
});
