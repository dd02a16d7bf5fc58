/** Retention: retention.ms and retention.bytes advance the log start; consumers behind it reset by their policy. */
import { describe, expect, it } from 'vitest';
import type { OffsetResetPolicy } from '../../engine/index.ts';
import { logValues, Sim } from './helpers.ts';

describe('retention.ms', () => {
  it('deletes records older than the limit, oldest first, and advances the log start', () => {
    // tickMs is 100: retention.ms=1000 keeps a record while it is at most 10 ticks old.
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1, configs: [['retention.ms', '1000']] });
    sim.apply({ kind: 'startProducer', name: 'p', topic: 't', count: 5, everyTicks: 2, valueTemplate: 'r{n}' });
    sim.step(10);
    expect(sim.of('records.deleted')).toEqual([]);
    const partition = () => sim.world.topics.get('t')?.partitions[0];
    // r1 was created at tick 1: 11 ticks (1100 ms) old at tick 12.
    const first = sim.stepUntil('records.deleted');
    expect(first).toMatchObject({ tick: 12, source: 'broker:1', destination: 'partition:t/0', payload: { from: 0, to: 1, reason: 'retention.ms' } });
    expect(partition()?.logStartOffset).toBe(1);
    sim.step(30);
    expect(partition()).toMatchObject({ logStartOffset: 5, logEndOffset: 5, retainedBytes: 0 });
    expect(logValues(sim.world, 't', 0)).toEqual([]);
  });
});

describe('retention.bytes', () => {
  it('deletes the oldest records while the partition holds more than the limit', () => {
    // Each record is 14 bytes of overhead + 2 value bytes = 16 bytes: 50 bytes keep 3 of them.
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1, configs: [['retention.bytes', '50']] });
    sim.apply({ kind: 'produce', topic: 't', records: ['r1', 'r2', 'r3', 'r4', 'r5'].map((value) => ({ key: null, value })) });
    sim.runUntilQuiet();
    expect(sim.of('records.deleted').map((e) => e.payload)).toEqual([{ topic: 't', partition: 0, from: 0, to: 2, reason: 'retention.bytes' }]);
    expect(logValues(sim.world, 't', 0)).toEqual(['r3', 'r4', 'r5']);
    expect(sim.world.topics.get('t')?.partitions[0]).toMatchObject({ logStartOffset: 2, logEndOffset: 5, retainedBytes: 48 });
  });
});

describe('retention.bytes at the limit', () => {
  it('a partition holding exactly the limit keeps everything; one record more deletes the oldest', () => {
    // Kafka (UnifiedLog.deleteRetentionSizeBreachedSegments) deletes the oldest segment while
    // size - retention.bytes is at least that segment's size; here a segment is one record.
    // Each record: 14 bytes of overhead + 2 value bytes = 16; three of them are exactly 48.
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1, configs: [['retention.bytes', '48']] });
    sim.apply({ kind: 'produce', topic: 't', records: ['r1', 'r2', 'r3'].map((value) => ({ key: null, value })) });
    sim.runUntilQuiet();
    expect(sim.of('records.deleted')).toEqual([]);
    expect(logValues(sim.world, 't', 0)).toEqual(['r1', 'r2', 'r3']);
    sim.apply({ kind: 'produce', topic: 't', records: [{ key: null, value: 'r4' }] });
    sim.runUntilQuiet();
    expect(sim.of('records.deleted').map((e) => e.payload)).toEqual([{ topic: 't', partition: 0, from: 0, to: 1, reason: 'retention.bytes' }]);
    expect(logValues(sim.world, 't', 0)).toEqual(['r2', 'r3', 'r4']);
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
