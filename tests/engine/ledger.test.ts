/**
 * The processing ledger's counts, worked by hand: processed, distinct, duplicated, and skipped
 * (records from where the group started a partition up to its committed offset that nobody
 * processed — the at-most-once loss a lesson shows).
 */
import { describe, expect, it } from 'vitest';
import { LedgerColumns, recordProcessing, summarizeLedger } from '../../engine/core/ledger.ts';
import { ensureGroup } from '../../engine/core/rules/groups.ts';
import { createWorld, type GroupState } from '../../engine/index.ts';

interface LedgerSetup {
  /** Where the group started each partition (absent: it never started it, e.g. an admin reset). */
  readonly start?: Record<string, number> | undefined;
  readonly committed?: Record<string, number> | undefined;
  /** `partition@offset by consumer`, in processing order. */
  readonly processed?: readonly string[] | undefined;
}

function groupWith({ start = {}, committed = {}, processed = [] }: LedgerSetup): GroupState {
  const group = ensureGroup(createWorld(), 'g');
  for (const [key, offset] of Object.entries(start)) group.startOffsets.set(key, offset);
  for (const [key, offset] of Object.entries(committed)) group.offsets.set(key, { offset, tick: 0 });
  processed.forEach((entry, tick) => {
    const [, partition = '', offset = '', consumer = 'c'] = /^(.*)@(\d+)(?: by (.*))?$/.exec(entry) ?? [];
    recordProcessing(group, partition, Number(offset), consumer, tick);
  });
  return group;
}

const records = (list: readonly { partition: string; offset: number }[]) => list.map((r) => `${r.partition}@${r.offset}`);

describe('summarizeLedger', () => {
  it.each([
    {
      why: 'everything from the start to the commit processed: nothing skipped',
      start: { 't-0': 0 },
      committed: { 't-0': 3 },
      processed: ['t-0@0', 't-0@1', 't-0@2'],
      skipped: [],
    },
    {
      why: 'the records between the last processed and the commit are skipped',
      start: { 't-0': 3 },
      committed: { 't-0': 8 },
      processed: ['t-0@3', 't-0@4', 't-0@5'],
      skipped: ['t-0@6', 't-0@7'],
    },
    {
      why: 'the record at the start offset counts when nobody processed it',
      start: { 't-0': 3 },
      committed: { 't-0': 8 },
      processed: ['t-0@4', 't-0@5', 't-0@6', 't-0@7'],
      skipped: ['t-0@3'],
    },
    { why: 'the record at the committed offset is not yet owed', start: { 't-0': 0 }, committed: { 't-0': 2 }, processed: ['t-0@0', 't-0@1'], skipped: [] },
    { why: 'records before the start were never the group’s to process', start: { 't-0': 5 }, committed: { 't-0': 6 }, processed: ['t-0@5'], skipped: [] },
    { why: 'no start offset (an admin reset): counted from the commit, so nothing', committed: { 't-0': 4 }, processed: [], skipped: [] },
    { why: 'a commit moved back below the start: nothing', start: { 't-0': 5 }, committed: { 't-0': 2 }, processed: [], skipped: [] },
    { why: 'a partition processed but not committed owes nothing', start: { 't-0': 0 }, committed: {}, processed: ['t-0@1'], skipped: [] },
    {
      why: 'skips sorted by topic, then partition as a number, then offset',
      start: { 'b-0': 0, 'a-10': 0, 'a-2': 0 },
      committed: { 'b-0': 1, 'a-10': 2, 'a-2': 1 },
      processed: ['a-10@1'],
      skipped: ['a-2@0', 'a-10@0', 'b-0@0'],
    },
    {
      why: 'a later topic comes after an earlier one even with a lower partition number',
      start: { 'a-1': 0, 'b-0': 0 },
      committed: { 'a-1': 1, 'b-0': 1 },
      processed: [],
      skipped: ['a-1@0', 'b-0@0'],
    },
  ])('$why', ({ start, committed, processed, skipped }) => {
    const summary = summarizeLedger(groupWith({ start, committed, processed }));
    expect(records(summary.skipped)).toEqual(skipped);
  });

  it('counts processings, distinct records, and each duplicate with every processing of it', () => {
    const group = groupWith({ processed: ['t-1@0 by a', 't-0@2 by a', 't-0@1 by a', 't-0@1 by b', 't-1@0 by b', 't-0@2 by b', 't-1@0 by c', 't-0@3 by a'] });
    const summary = summarizeLedger(group);
    expect(summary).toMatchObject({ group: 'g', processed: 8, distinct: 4 });
    // Sorted by partition, then offset (not in the order first processed).
    expect(summary.duplicated).toEqual([
      {
        partition: 't-0',
        offset: 1,
        processings: [
          { consumer: 'a', tick: 2 },
          { consumer: 'b', tick: 3 },
        ],
      },
      {
        partition: 't-0',
        offset: 2,
        processings: [
          { consumer: 'a', tick: 1 },
          { consumer: 'b', tick: 5 },
        ],
      },
      {
        partition: 't-1',
        offset: 0,
        processings: [
          { consumer: 'a', tick: 0 },
          { consumer: 'b', tick: 4 },
          { consumer: 'c', tick: 6 },
        ],
      },
    ]);
  });

  it('an empty ledger: nothing processed, nothing duplicated', () => {
    expect(summarizeLedger(groupWith({}))).toEqual({ group: 'g', processed: 0, distinct: 0, duplicated: [], skipped: [] });
  });

  it('duplicates sorted by topic before partition: a-1 before b-0', () => {
    const summary = summarizeLedger(groupWith({ processed: ['a-1@0', 'a-1@0', 'b-0@0', 'b-0@0'] }));
    expect(records(summary.duplicated)).toEqual(['a-1@0', 'b-0@0']);
  });
});

describe('LedgerColumns', () => {
  const columns = (l: LedgerColumns) => [l.partitions, l.offsets, l.consumers, l.ticks];

  it('starts empty', () => {
    expect(columns(new LedgerColumns())).toEqual([[], [], [], []]);
  });

  it('truncate forgets the entries at and after the length, and never grows the columns', () => {
    const group = groupWith({ processed: ['t-0@0 by a', 't-0@1 by b', 't-0@2 by c'] });
    group.ledger.truncate(5);
    expect(columns(group.ledger).map((c) => c.length)).toEqual([3, 3, 3, 3]);
    expect(columns(group.ledger)).toEqual([
      ['t-0', 't-0', 't-0'],
      [0, 1, 2],
      ['a', 'b', 'c'],
      [0, 1, 2],
    ]);
    group.ledger.truncate(1);
    expect(columns(group.ledger).map((c) => c.length)).toEqual([1, 1, 1, 1]);
    expect(columns(group.ledger)).toEqual([['t-0'], [0], ['a'], [0]]);
  });
});
