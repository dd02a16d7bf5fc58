import { describe, expect, it } from 'vitest';
import { assignmentEdges, assignmentSummary, fitText, groupLines, memberActivity, memberLines, producerLines } from '../../../site/stage/view/applications.ts';
import type { MemberLayout } from '../../../site/stage/view/stage-layout.ts';
import { layoutStage } from '../../../site/stage/view/stage-layout.ts';
import { consumer, group, lessonScene, producer } from './fixtures.ts';

const tp = (p: number) => ({ topic: 'orders', partition: p });
type MemberText = Pick<MemberLayout, 'status' | 'stale' | 'consumer' | 'consumerName' | 'assignment'>;
const member = (over: Partial<MemberText> = {}): MemberText => ({
  status: 'running',
  stale: false,
  consumer: consumer('bill-1', 'billing'),
  consumerName: 'bill-1',
  assignment: [tp(0), tp(1)],
  ...over,
});

describe('member boxes say what a member is doing', () => {
  it.each([
    { phase: 'joining', activity: 'joining' },
    { phase: 'fetching', activity: 'fetching' },
    { phase: 'committing', activity: 'committing' },
    { phase: 'ready', activity: 'polling' },
  ] as const)('$phase → "$activity"', ({ phase, activity }) => {
    expect(memberActivity(member({ consumer: consumer('bill-1', 'billing', { phase }) }))).toBe(activity);
  });

  it.each([
    {
      name: 'processing, on one line when it fits',
      m: member({ consumer: consumer('bill-1', 'billing', { phase: 'processing', processing: { ...tp(0), offset: 22 } }) }),
      chars: 30,
      lines: ['bill-1', 'processing orders-0@22', 'orders 0,1'],
    },
    {
      name: 'processing, the record on the third line when it does not',
      m: member({ consumer: consumer('bill-1', 'billing', { phase: 'processing', processing: { ...tp(0), offset: 22 } }) }),
      chars: 19,
      lines: ['bill-1', 'processing', 'orders-0@22'],
    },
    {
      name: 'crashed, still holding its partitions',
      m: member({ status: 'crashed', consumerName: 'ship-2', assignment: [tp(2)] }),
      chars: 19,
      lines: ['ship-2', 'crashed', 'holds orders 2'],
    },
    {
      name: 'the old member of a restarted consumer',
      m: member({ status: 'crashed', stale: true, consumer: null, consumerName: 'ledger', assignment: [tp(0), tp(1)] }),
      chars: 20,
      lines: ['ledger', 'old member, expiring', 'holds orders 0,1'],
    },
    {
      name: 'the old member, in a narrower box',
      m: member({ status: 'crashed', stale: true, consumer: null, consumerName: 'ledger', assignment: [] }),
      chars: 19,
      lines: ['ledger', 'old · expiring', 'no partitions'],
    },
    {
      name: 'stopped',
      m: member({ status: 'stopped', consumer: consumer('bill-1', 'billing', { status: 'stopped' }), assignment: [] }),
      chars: 19,
      lines: ['bill-1', 'stopped', 'no partitions'],
    },
  ])('$name', ({ m, chars, lines }) => {
    expect(memberLines(m, chars)).toEqual(lines);
  });

  it('calls a crashed or leftover member "down"', () => {
    expect(memberActivity(member({ status: 'crashed' }))).toBe('down');
    expect(memberActivity(member({ stale: true, status: 'crashed', consumer: null }))).toBe('down');
  });
});

describe('producer and group boxes', () => {
  it.each([
    { p: producer('web', { emitted: 90, acked: 88 }), lines: ['web', 'sent 90', 'acked 88', 'producing'] },
    { p: producer('web', { emitted: 4, acked: 3, failed: 1, status: 'done' }), lines: ['web', 'sent 4', 'acked 3', 'failed 1'] },
    { p: producer('a-very-long-producer-name', { status: 'stopped' }), lines: ['a-very-lon…', 'sent 0', 'acked 0', 'stopped'] },
  ])('producer $p.name ($p.status): $lines', ({ p, lines }) => {
    expect(producerLines(p, 11)).toEqual(lines);
  });

  it.each([
    { g: group('billing', { generation: 3 }), chars: 19, ledger: false, lines: ['group billing', 'Stable · gen 3'] },
    { g: group('billing', { state: 'PreparingRebalance', generation: 3 }), chars: 19, ledger: false, lines: ['group billing', 'PreparingRebalance'] },
    { g: group('old', { state: 'Empty' }), chars: 30, ledger: false, lines: ['group old', 'Empty · no active members'] },
    {
      g: group('g', { ledger: { processed: 9, distinct: 6, duplicated: 3, skipped: 0, duplicatedRecords: [], skippedRecords: [] } }),
      chars: 30,
      ledger: true,
      lines: ['group g', 'Stable · gen 1', 'duplicated 3 · skipped 0'],
    },
    {
      g: group('g', { ledger: { processed: 9, distinct: 6, duplicated: 3, skipped: 0, duplicatedRecords: [], skippedRecords: [] } }),
      chars: 19,
      ledger: true,
      lines: ['group g', 'Stable · gen 1', 'dup 3 · skip 0'],
    },
  ])('group $g.id ($g.state), ledger $ledger: $lines', ({ g, chars, ledger, lines }) => {
    expect(groupLines(g, chars, ledger)).toEqual(lines);
  });

  it('summarises an assignment by topic, partitions in order', () => {
    expect(assignmentSummary([tp(2), tp(0), { topic: 'payments', partition: 1 }])).toBe('orders 0,2 · payments 1');
    expect(assignmentSummary([])).toBe('no partitions');
  });

  it('cuts text with an ellipsis', () => {
    expect(fitText('abcdef', 6)).toBe('abcdef');
    expect(fitText('abcdefg', 6)).toBe('abcde…');
  });
});

describe('assignment edges', () => {
  it('joins each owned partition to its owner, dashed to a member that is down', () => {
    const edges = assignmentEdges(layoutStage(lessonScene(), { width: 560 }));
    expect(edges.map((e) => [e.key, e.consumer, e.down])).toEqual([
      ['billing|orders-0', 'bill-1', false],
      ['billing|orders-1', 'bill-1', false],
      ['billing|orders-2', 'bill-2', false],
      ['shipping|orders-0', 'ship-1', false],
      ['shipping|orders-1', 'ship-1', false],
      ['shipping|orders-2', 'ship-2', true],
    ]);
  });

  it('keeps an edge when its partition moves to another member, so the edge swings over', () => {
    const before = lessonScene();
    const after = {
      ...before,
      groups: before.groups.map((g) =>
        g.id === 'shipping' ? { ...g, members: [{ memberId: 'ship-1-0000', consumer: 'ship-1', clientId: 'ship-1', assignment: [tp(0), tp(1), tp(2)] }] } : g,
      ),
    };
    const a = assignmentEdges(layoutStage(before, { width: 560 })).find((e) => e.key === 'shipping|orders-2');
    const b = assignmentEdges(layoutStage(after, { width: 560 })).find((e) => e.key === 'shipping|orders-2');
    expect([a?.consumer, b?.consumer]).toEqual(['ship-2', 'ship-1']);
    expect(a?.points.length).toBe(b?.points.length);
  });
});
