/** Retention: retention.ms and retention.bytes advance the log start; consumers behind it reset by their policy. */
import { describe, expect, it } from 'vitest';
import type { OffsetResetPolicy } from '../../engine/index.ts';
import { logValues, Sim } from './helpers.ts';

describe('retention.ms', () => {
  it('deletes the active segment only once its newest record is older than the limit, rolling it first', () => {
    // tickMs is 100: retention.ms=1000 keeps a segment while its largest timestamp is at most 10
    // ticks old. The producer creates r1..r5 at ticks 1, 3, 5, 7, 9, all in the one active
    // segment (segment.ms is 7 days). Record by record, r1 would go at tick 12; Kafka waits for
    // the segment's largest timestamp (r5, tick 9) to be 11 ticks old: tick 20, when it rolls the
    // expired active segment and deletes it whole (UnifiedLog.deletableSegments, deleteSegments).
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1, configs: [['retention.ms', '1000']] });
    sim.apply({ kind: 'startProducer', name: 'p', topic: 't', count: 5, everyTicks: 2, valueTemplate: 'r{n}' });
    sim.step(19);
    expect(sim.of('records.deleted')).toEqual([]);
    const deleted = sim.stepUntil('records.deleted');
    expect(deleted).toMatchObject({ tick: 20, source: 'broker:1', destination: 'partition:t/0', payload: { from: 0, to: 5, reason: 'retention.ms' } });
    expect(sim.world.topics.get('t')?.partitions[0]).toMatchObject({ logStartOffset: 5, logEndOffset: 5, retainedBytes: 0 });
    expect(logValues(sim.world, 't', 0)).toEqual([]);
  });

  it('deletes closed segments one by one as each one expires', () => {
    // segment.ms=500 (5 ticks): a (tick 0) and b (tick 3) share segment [0, 2), whose largest
    // timestamp is tick 3; c (tick 6) is 600 ms newer than a and opens segment [2, 3).
    // retention.ms=1000: [0, 2) goes at tick 14 (3 + 11), though a alone would have gone at 11;
    // [2, 3), the active segment, goes at tick 17 (6 + 11), rolled first.
    const sim = new Sim();
    sim.apply({
      kind: 'createTopic',
      topic: 't',
      partitions: 1,
      configs: [
        ['retention.ms', '1000'],
        ['segment.ms', '500'],
      ],
    });
    for (const [tick, value] of [
      [0, 'a'],
      [3, 'b'],
      [6, 'c'],
    ] as const) {
      sim.step(tick - sim.world.tick);
      sim.apply({ kind: 'produce', topic: 't', records: [{ key: null, value }] });
    }
    sim.step(20 - sim.world.tick);
    expect(sim.of('records.deleted').map((e) => [e.tick, e.payload.from, e.payload.to])).toEqual([
      [14, 0, 2],
      [17, 2, 3],
    ]);
  });
});

/** One record per produce command at ticks 0, 2, 4, …: with segment.ms=100 (one tick) each batch opens its own segment. */
function oneSegmentPerRecord(sim: Sim, values: readonly string[]): void {
  values.forEach((value, i) => {
    sim.step(2 * i - sim.world.tick);
    sim.apply({ kind: 'produce', topic: 't', records: [{ key: null, value }] });
  });
  sim.runUntilQuiet();
}

describe('retention.bytes', () => {
  it('deletes the oldest segments while the log is over the limit by at least their size', () => {
    // Each record weighs 14 bytes of overhead + 2 value bytes = 16, one per segment.
    // UnifiedLog.deleteRetentionSizeBreachedSegments: with r1..r5 the log holds 80 bytes, 30
    // over 50; the first segment (16) fits in 30 and goes (14 left), the second does not. So the
    // log keeps 64 bytes, more than the limit (record by record it kept 48).
    const sim = new Sim();
    sim.apply({
      kind: 'createTopic',
      topic: 't',
      partitions: 1,
      configs: [
        ['retention.bytes', '50'],
        ['segment.ms', '100'],
      ],
    });
    oneSegmentPerRecord(sim, ['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(sim.of('records.deleted').map((e) => e.payload)).toEqual([{ topic: 't', partition: 0, from: 0, to: 1, reason: 'retention.bytes' }]);
    expect(logValues(sim.world, 't', 0)).toEqual(['r2', 'r3', 'r4', 'r5']);
    expect(sim.world.topics.get('t')?.partitions[0]).toMatchObject({ logStartOffset: 1, logEndOffset: 5, retainedBytes: 64 });
  });

  it('keeps a segment bigger than the excess: one active segment over the limit stays whole', () => {
    // r1..r5 in one batch: one segment of 80 bytes, 30 over the limit; 30 − 80 < 0, nothing goes.
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1, configs: [['retention.bytes', '50']] });
    sim.apply({ kind: 'produce', topic: 't', records: ['r1', 'r2', 'r3', 'r4', 'r5'].map((value) => ({ key: null, value })) });
    sim.runUntilQuiet();
    sim.step(20);
    expect(sim.of('records.deleted')).toEqual([]);
    expect(logValues(sim.world, 't', 0)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  });
});

describe('retention.bytes at the limit', () => {
  it('a log holding exactly the limit keeps everything; one segment more deletes the oldest', () => {
    // Three 16-byte segments are exactly 48: not over (size < retention.bytes is false, but the
    // excess 0 is smaller than any segment). A fourth makes 64, 16 over: the oldest (16) goes.
    const sim = new Sim();
    sim.apply({
      kind: 'createTopic',
      topic: 't',
      partitions: 1,
      configs: [
        ['retention.bytes', '48'],
        ['segment.ms', '100'],
      ],
    });
    oneSegmentPerRecord(sim, ['r1', 'r2', 'r3']);
    expect(sim.of('records.deleted')).toEqual([]);
    expect(logValues(sim.world, 't', 0)).toEqual(['r1', 'r2', 'r3']);
    sim.step(2);
    sim.apply({ kind: 'produce', topic: 't', records: [{ key: null, value: 'r4' }] });
    sim.runUntilQuiet();
    expect(sim.of('records.deleted').map((e) => e.payload)).toEqual([{ topic: 't', partition: 0, from: 0, to: 1, reason: 'retention.bytes' }]);
    expect(logValues(sim.world, 't', 0)).toEqual(['r2', 'r3', 'r4']);
  });
});

describe('cleanup.policy=compact', () => {
  it('ignores retention.ms: only the delete policy deletes segments', () => {
    const sim = new Sim();
    sim.apply({
      kind: 'createTopic',
      topic: 't',
      partitions: 1,
      configs: [
        ['cleanup.policy', 'compact'],
        ['retention.ms', '1000'],
      ],
    });
    sim.apply({ kind: 'produce', topic: 't', records: [{ key: 'k', value: 'v' }] });
    sim.step(40);
    expect(sim.of('records.deleted')).toEqual([]);
  });
});

describe('a consumer that fell behind the log start', () => {
  it.each<{ policy: OffsetResetPolicy; to: string }>([
    { policy: 'earliest', to: 'the new log start' },
    { policy: 'latest', to: 'the log end' },
  ])('resets to $policy ($to) with an offset.reset event', ({ policy }) => {
    // A slow consumer (one record per 20 ticks) on a topic keeping records 10 ticks.
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1, configs: [['retention.ms', '1000']] });
    sim.apply({
      kind: 'startConsumer',
      name: 'slow',
      group: 'g',
      topics: ['t'],
      processTicks: 20,
      maxPollRecords: 1,
      offsetReset: policy,
      commitMode: 'after',
    });
    sim.runUntilQuiet();
    sim.apply({ kind: 'startProducer', name: 'p', topic: 't', count: 6, valueTemplate: 'r{n}' });
    const reset = sim.stepUntil('offset.reset', (e) => e.payload.reason === 'out of range');
    expect(reset).toMatchObject({
      source: 'partition:t/0',
      destination: 'consumer:slow',
      payload: { group: 'g', consumer: 'slow', topic: 't', partition: 0, policy, reason: 'out of range' },
    });
    const p = sim.world.topics.get('t')?.partitions[0];
    expect(reset.payload.offset).toBe(policy === 'earliest' ? p?.logStartOffset : p?.logEndOffset);
    sim.runUntilQuiet(200);
    // The ledger counts what the reset jumped over, below the committed offset, as skipped.
    const processed = sim.of('record.processed').map((e) => e.payload.offset);
    expect(processed[0]).toBe(0);
    expect(processed).not.toContain(1);
  });

  it('a consumer positioned exactly at the new log start is not out of range', () => {
    // It read all 3 records (position 3); when they expire the log start becomes 3, which is a
    // valid fetch offset (the log end of an empty log), so nothing resets.
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1, configs: [['retention.ms', '1000']] });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest' });
    sim.runUntilQuiet();
    sim.apply({ kind: 'produce', topic: 't', records: ['a', 'b', 'c'].map((value) => ({ key: null, value })) });
    sim.stepUntil('records.deleted', (e) => e.payload.to === 3);
    expect(sim.world.consumers.get('c')?.positions.get('t-0')).toBe(3);
    expect(sim.of('offset.reset').map((e) => e.payload.reason)).toEqual(['no committed offset']);
  });

  it('a group whose committed offset was deleted starts over by its policy when it comes back', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1, configs: [['retention.ms', '1000']] });
    sim.apply({ kind: 'produce', topic: 't', records: [{ key: null, value: 'old' }] });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest', commitMode: 'after' });
    sim.runUntilQuiet();
    sim.apply({ kind: 'stopConsumer', name: 'c' });
    sim.runUntilQuiet();
    sim.apply({
      kind: 'produce',
      topic: 't',
      records: [
        { key: null, value: 'a' },
        { key: null, value: 'b' },
      ],
    });
    sim.step(30); // everything expires: log start 3, committed 1
    expect(sim.world.topics.get('t')?.partitions[0]?.logStartOffset).toBe(3);
    sim.apply({ kind: 'restartConsumer', name: 'c' });
    const reset = sim.stepUntil('offset.reset');
    expect(reset.payload).toMatchObject({ offset: 3, policy: 'earliest', reason: 'out of range' });
  });
});
