import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../../site/stage/view/metrics.ts';
import { portOf } from '../../../site/stage/view/addresses.ts';
import { legendLines } from '../../../site/stage/view/legend.ts';
import { groupMembers } from '../../../site/stage/view/members.ts';
import { EMPTY_STAGE, layoutStage, WIDE_MIN_WIDTH, type StageLayout } from '../../../site/stage/view/stage-layout.ts';
import { consumer, group, lessonScene, partition, producer, scene } from './fixtures.ts';

const boxes = (l: StageLayout) => [...l.producers, ...l.topics.flatMap((t) => t.partitions), ...l.groups, ...l.groups.flatMap((g) => g.members)];

describe('layoutStage: wide (three columns) or stacked', () => {
  it.each([
    { width: 1280, mode: 'wide' },
    { width: WIDE_MIN_WIDTH, mode: 'wide' },
    { width: WIDE_MIN_WIDTH - 1, mode: 'stacked' },
    { width: 390, mode: 'stacked' },
    { width: 320, mode: 'stacked' },
  ])('is $mode at $width px', ({ width, mode }) => {
    expect(layoutStage(lessonScene(), { width }).mode).toBe(mode);
  });

  it('puts producers left, topics in the middle and groups right at 560 px', () => {
    // Producer column round(560 × 0.16) = 90, group column 140, gutters 18: the middle is 278 px.
    const l = layoutStage(lessonScene(), { width: 560 });
    const [web] = l.producers;
    const [orders] = l.topics;
    const [billing, shipping] = l.groups;
    expect(web).toMatchObject({ x: 8, width: 90, height: 66, y: 143, port: { x: 98, y: 176 } });
    expect(orders).toMatchObject({ x: 116, y: 8, width: 278 });
    expect(orders?.partitions.map((p) => [p.name, p.y, p.height, p.capacity])).toEqual([
      ['orders-0', 28, 108, 12],
      ['orders-1', 136, 108, 12],
      ['orders-2', 244, 108, 12],
    ]);
    expect(billing).toMatchObject({ x: 412, y: 14, width: 140, height: 156 });
    expect(shipping).toMatchObject({ x: 412, y: 182, width: 140, height: 156 });
    expect(billing?.members.map((m) => [m.consumerName, m.x, m.y, m.width, m.port])).toEqual([
      ['bill-1', 418, 52, 128, { x: 418, y: 77 }],
      ['bill-2', 418, 108, 128, { x: 418, y: 133 }],
    ]);
    expect(l.legend).toEqual({
      x: 8,
      y: 369,
      lines: ['▼ group committed   ▲ consumer position   ⬚ log end   …N offsets not shown', 'lag = log end − committed'],
    });
    expect(l.height).toBe(392);
  });

  it('stacks producers, topics and groups at a 390 px phone width', () => {
    const l = layoutStage(lessonScene(), { width: 390 });
    expect(l.producers[0]).toMatchObject({ x: 8, y: 8, width: 180, port: { x: 98, y: 74 } });
    const [orders] = l.topics;
    expect(orders).toMatchObject({ x: 22, y: 94, width: 346 });
    expect(orders?.partitions.map((p) => [p.y, p.capacity])).toEqual([
      [114, 15],
      [222, 15],
      [330, 15],
    ]);
    // Members two abreast: (362 − 12 − 6) / 2 = 172 px each.
    const [billing, shipping] = l.groups;
    expect(billing).toMatchObject({ x: 8, y: 458, width: 362, height: 100 });
    expect(shipping).toMatchObject({ y: 570 });
    expect(billing?.members.map((m) => [m.x, m.y, m.width, m.port])).toEqual([
      [14, 496, 172, { x: 100, y: 496 }],
      [192, 496, 172, { x: 278, y: 496 }],
    ]);
    expect(l.legend.lines).toEqual(['▼ group committed   ▲ consumer position   ⬚ log end', '…N offsets not shown   lag = log end − committed']);
    expect(l.height).toBe(710);
  });

  it.each([280, 320, 390, 480, 559, 560, 720, 1280])('keeps every box inside %i px', (width) => {
    const l = layoutStage(lessonScene(), { width });
    for (const b of boxes(l)) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(width);
      expect(b.y + b.height).toBeLessThanOrEqual(l.height);
    }
    // The tape, its log end slot and the lag column fit the row.
    for (const row of l.topics.flatMap((t) => t.partitions)) {
      expect(row.tapeX + (row.cells.endSlot + 1) * l.metrics.cellWidth + 44).toBeLessThanOrEqual(row.width + 1);
    }
  });

  it('never overlaps boxes in the same column', () => {
    for (const width of [390, 560, 1280]) {
      const l = layoutStage(lessonScene(), { width });
      const columns = [l.producers, l.topics.flatMap((t) => t.partitions), l.groups];
      for (const column of columns) {
        for (const [i, a] of column.entries()) {
          for (const b of column.slice(i + 1)) {
            const apart = a.y + a.height <= b.y || b.y + b.height <= a.y || a.x + a.width <= b.x || b.x + b.width <= a.x;
            expect(apart).toBe(true);
          }
        }
      }
    }
  });
});

describe('partition rows: lanes above and below the tape', () => {
  it('gives each group reading the topic a lane, the same on every partition', () => {
    const l = layoutStage(lessonScene(), { width: 560 });
    for (const row of l.topics[0]?.partitions ?? []) {
      expect(row.lanes).toEqual(['billing', 'shipping']);
      // label 16, two committed lanes (14 each) + 2, the tape (22) + 2, two cursor lanes, 10 apart.
      expect([row.laneTop, row.tapeY, row.cursorTop, row.ledgerTop, row.height]).toEqual([16, 46, 70, null, 108]);
    }
  });

  it('adds a ledger lane right under the tape when a ledger is highlighted', () => {
    const row = layoutStage(lessonScene(), { width: 560, ledgerGroup: 'billing' }).topics[0]?.partitions[0];
    expect([row?.tapeY, row?.ledgerTop, row?.cursorTop, row?.height]).toEqual([46, 69, 84, 122]);
  });

  it('gives a topic no lanes when no group reads it', () => {
    const s = scene({
      topics: [{ name: 'orders', partitions: [partition({ logEnd: 3 })] }],
      groups: [group('other', { committed: [{ topic: 'payments', partition: 0, offset: 1 }] })],
    });
    expect(layoutStage(s, { width: 560 }).topics[0]?.partitions[0]?.lanes).toEqual([]);
  });

  it('keeps what a reader is looking at on the tape: processing, positions, commits', () => {
    const l = layoutStage(lessonScene(), { width: 390 });
    const row = l.topics[0]?.partitions[0];
    const drawn = new Set(row?.cells.items.flatMap((i) => (i.kind === 'record' ? [i.offset] : [])));
    // bill-1 processes 22 and reads from 24; ship-1 reads from 9; commits 20 (billing) and 5 (shipping).
    for (const offset of [22, 24, 9, 20, 5]) expect(drawn.has(offset)).toBe(true);
  });

  it('widens cells for three-digit offsets', () => {
    const s = scene({ topics: [{ name: 'orders', partitions: [partition({ logStart: 100, logEnd: 140 })] }] });
    expect(layoutStage(s, { width: 560 }).metrics.cellWidth).toBe(24);
  });
});

describe('groupMembers: who is drawn in a group box', () => {
  const tp = { topic: 'orders', partition: 0 };
  it('draws a crashed consumer down, still holding what the group assigned it', () => {
    const s = scene({
      groups: [group('g', { members: [{ memberId: 'ledger-1', consumer: 'ledger', clientId: 'ledger', assignment: [tp] }] })],
      consumers: [consumer('ledger', 'g', { status: 'crashed', memberId: 'ledger-1', assignment: [] })],
    });
    expect(groupMembers(s, s.groups[0] ?? group('g'))).toMatchObject([{ key: 'member:ledger-1', status: 'crashed', stale: false, assignment: [tp] }]);
  });

  it('draws the old member of a restarted consumer beside the new one until its session expires', () => {
    const s = scene({
      groups: [group('g', { state: 'PreparingRebalance', members: [{ memberId: 'ledger-1', consumer: 'ledger', clientId: 'ledger', assignment: [tp] }] })],
      consumers: [consumer('ledger', 'g', { memberId: 'ledger-2', phase: 'joining' }), consumer('audit', 'g', { memberId: 'audit-1' })],
    });
    expect(groupMembers(s, s.groups[0] ?? group('g')).map((m) => [m.key, m.status, m.stale])).toEqual([
      ['member:audit-1', 'running', false],
      ['member:ledger-1', 'crashed', true],
      ['member:ledger-2', 'running', false],
    ]);
  });

  it('draws a group of a consumer the scene lists no group for yet', () => {
    const s = scene({ consumers: [consumer('early', 'new-group', { phase: 'joining' })] });
    expect(layoutStage(s, { width: 560 }).groups.map((g) => [g.id, g.group.state, g.members.length])).toEqual([['new-group', 'Empty', 1]]);
  });
});

describe('ports: where messages start and end', () => {
  const l = layoutStage(lessonScene(), { width: 560 });
  it('sends produce requests to the left of the tape and fetches from its log end side', () => {
    const row = l.topics[0]?.partitions[1];
    expect(portOf(l, 'partition:orders/1', 'producer:web')).toEqual(row?.inPort);
    expect(portOf(l, 'partition:orders/1', 'consumer:bill-1')).toEqual(row?.outPort);
    expect(row?.inPort.x).toBeLessThan(row?.x ?? 0);
  });

  it('knows nothing it does not draw', () => {
    expect(portOf(l, 'broker:1', 'producer:web')).toBeNull();
    expect(portOf(l, 'producer:nobody', 'partition:orders/0')).toBeNull();
  });
});

describe('text sizes', () => {
  it('never sets text below 11 px', () => {
    expect(METRICS.fontSmall).toBeGreaterThanOrEqual(11);
    const css = readFileSync(new URL('../../../site/stage/view/stage.css', import.meta.url), 'utf8');
    const sizes = [...css.matchAll(/font-size:\s*([\d.]+)px/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(0);
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(11);
  });

  it('packs the key into lines that fit', () => {
    expect(legendLines(240, true, 6.6).every((line) => line.length * 6.6 <= 240)).toBe(true);
    expect(legendLines(2000, false, 6.6)).toHaveLength(1);
  });

  it('lays out a world with nothing in it', () => {
    const l = layoutStage(scene(), { width: 390 });
    expect(l.topics).toEqual([]);
    expect(l.legend.lines[0]).toBe(EMPTY_STAGE);
    expect(l.height).toBeGreaterThan(0);
  });

  it('puts two producers side by side on a phone', () => {
    const s = scene({ producers: [producer('a'), producer('b', { status: 'done' })] });
    expect(layoutStage(s, { width: 390 }).producers.map((p) => [p.x, p.y, p.width])).toEqual([
      [8, 8, 180],
      [196, 8, 180],
    ]);
  });
});

describe('group colours', () => {
  it('each group box takes the colour of its creation slot, round the palette, whatever its place in the drawing', () => {
    const s = scene({ groups: [group('audit', { colour: 5 }), group('billing', { colour: 0 }), group('shipping', { colour: 2 })] });
    for (const width of [390, 1280]) {
      // The palette has four colours: slot 5 is colour 1.
      expect(Object.fromEntries(layoutStage(s, { width }).groups.map((g) => [g.id, g.colour]))).toEqual({ audit: 1, billing: 0, shipping: 2 });
    }
  });
});
