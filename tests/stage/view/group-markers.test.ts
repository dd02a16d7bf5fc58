import { describe, expect, it } from 'vitest';
import type { Scene } from '../../../site/stage/protocol.ts';
import { partitionMarkers } from '../../../site/stage/view/group-markers.ts';
import { layoutStage } from '../../../site/stage/view/stage-layout.ts';
import { consumer, group, partition, scene } from './fixtures.ts';

const at = (offset: number) => [{ topic: 'orders', partition: 0, offset }];

function markersOf(s: Scene) {
  const layout = layoutStage(s, { width: 560 });
  const row = layout.topics[0]?.partitions[0];
  if (!row) throw new Error('no row');
  return { row, markers: partitionMarkers(s, row, layout) };
}

describe('committed markers: one per group per partition, each in its own lane', () => {
  // orders-0 holds 0..9 (log end 10): ten 18 px cells and the log end slot at x = 180.
  const s = scene({
    topics: [{ name: 'orders', partitions: [partition({ logEnd: 10 })] }],
    groups: [group('a', { committed: at(2) }), group('b', { committed: at(5) }), group('c', { committed: at(10) })],
  });

  it('stacks three groups in three lanes that do not overlap', () => {
    const { row, markers } = markersOf(s);
    expect(row.lanes).toEqual(['a', 'b', 'c']);
    expect(markers.committed.map((m) => [m.group, m.offset, m.x, m.laneY])).toEqual([
      ['a', 2, 36, 16],
      ['b', 5, 90, 30],
      ['c', 10, 180, 44],
    ]);
    const lanes = markers.committed.map((m) => m.laneY);
    for (let i = 1; i < lanes.length; i++) expect((lanes[i] as number) - (lanes[i - 1] as number)).toBeGreaterThanOrEqual(14);
  });

  it('puts a label right of its marker, or left when it would run past the log end', () => {
    const { markers } = markersOf(s);
    expect(markers.committed.map((m) => [m.label, m.labelSide])).toEqual([
      ['a 2', 'right'],
      ['b 5', 'right'],
      ['c 10', 'left'],
    ]);
  });

  it('says the lag (log end − committed) and draws the gap up to the log end', () => {
    const { markers } = markersOf(s);
    expect(markers.lags.map((l) => [l.group, l.lag, l.x])).toEqual([
      ['a', 8, 204],
      ['b', 5, 204],
      ['c', 0, 204],
    ]);
    expect(markers.committed.map((m) => m.lagToX - m.x)).toEqual([144, 90, 0]);
  });

  it('pushes the lag past a label that cannot go left', () => {
    // "accounting 1" at x = 18 is 79.2 px wide: no room on the left, so it runs right and the lag follows it.
    const { markers } = markersOf(
      scene({ topics: [{ name: 'orders', partitions: [partition({ logEnd: 2 })] }], groups: [group('accounting', { committed: at(1) })] }),
    );
    expect(markers.committed[0]).toMatchObject({ x: 18, labelSide: 'right' });
    expect(markers.lags[0]?.x).toBeCloseTo(18 + 5 + 79.2 + 8, 6);
  });

  it('prints "-" for a group that owns the partition but committed nothing, and nothing for one that does not read it', () => {
    const s2 = scene({
      topics: [{ name: 'orders', partitions: [partition({ logEnd: 4 }), partition({ partition: 1, logEnd: 4 })] }],
      groups: [
        group('owner', { members: [{ memberId: 'm', consumer: 'x', clientId: 'x', assignment: [{ topic: 'orders', partition: 0 }] }] }),
        group('other', { committed: [{ topic: 'orders', partition: 1, offset: 2 }] }),
      ],
    });
    const { markers } = markersOf(s2);
    expect(markers.committed).toEqual([]);
    expect(markers.lags.map((l) => [l.group, l.lag])).toEqual([['owner', null]]);
  });
});

describe('position cursors: one per consumer reading the partition, in its group lane below the tape', () => {
  it('stands at the next offset to fetch, labelled with the consumer', () => {
    const s = scene({
      topics: [{ name: 'orders', partitions: [partition({ logEnd: 10 })] }],
      groups: [group('a', { committed: at(2) }), group('b', { committed: at(5) })],
      consumers: [consumer('c1', 'b', { positions: at(7) }), consumer('c0', 'a', { positions: at(3) }), consumer('gone', 'a', { status: 'crashed' })],
    });
    const { row, markers } = markersOf(s);
    // Two lanes above (16, 30), the tape at 46, cursor lanes from 46 + 22 + 2 = 70.
    expect(row.cursorTop).toBe(70);
    expect(markers.positions.map((p) => [p.consumer, p.offset, p.x, p.laneY, p.label])).toEqual([
      ['c1', 7, 126, 84, 'c1 7'],
      ['c0', 3, 54, 70, 'c0 3'],
    ]);
  });
});
