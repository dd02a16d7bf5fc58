/** Commit modes per poll batch: at-least-once (after), at-most-once (before), auto; crashes mid-batch. */
import { describe, expect, it } from 'vitest';
import { ledgerOf, type CommitMode } from '../../engine/index.ts';
import { committed, Sim } from './helpers.ts';

/**
 * Ten records in one partition, a consumer with batches of 5 taking 2 ticks a record, crashed
 * while processing the third record of its second batch, then restarted and run until quiet.
 */
function crashMidBatch(commitMode: CommitMode): Sim {
  const sim = new Sim();
  sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
  sim.apply({ kind: 'produce', topic: 't', records: Array.from({ length: 10 }, (_, i) => ({ key: null, value: `v${i}` })) });
  sim.runUntilQuiet();
  sim.apply({
    kind: 'startConsumer',
    name: 'c',
    group: 'g',
    topics: ['t'],
    commitMode,
    maxPollRecords: 5,
    processTicks: 2,
    offsetReset: 'earliest',
    autoCommitIntervalTicks: 1000,
  });
  sim.stepUntil('record.processed', (e) => e.payload.offset === 6);
  sim.apply({ kind: 'crashConsumer', name: 'c' });
  sim.apply({ kind: 'restartConsumer', name: 'c' });
  // Quiet includes the last commit: in mode auto that waits for the (long) interval.
  sim.runUntilQuiet(1500);
  return sim;
}

const offsets = (records: readonly { partition: string; offset: number }[]) => records.map((r) => `${r.partition}@${r.offset}`);

describe('a crash mid-batch', () => {
  it('commit-after redelivers after a crash: the batch is redone, nothing skipped (at-least-once)', () => {
    const sim = crashMidBatch('after');
    const ledger = ledgerOf(sim.world, 'g');
    expect(offsets(ledger?.duplicated ?? [])).toEqual(['t-0@5', 't-0@6']);
    expect(ledger?.skipped).toEqual([]);
    expect(ledger).toMatchObject({ processed: 12, distinct: 10 });
    expect(committed(sim.world, 'g', 't', 0)).toBe(10);
  });

  it('commit-before skips the rest of the batch after a crash, never redoing one (at-most-once)', () => {
    const sim = crashMidBatch('before');
    const ledger = ledgerOf(sim.world, 'g');
    expect(ledger?.duplicated).toEqual([]);
    expect(offsets(ledger?.skipped ?? [])).toEqual(['t-0@7', 't-0@8', 't-0@9']);
    expect(ledger).toMatchObject({ processed: 7, distinct: 7 });
    expect(committed(sim.world, 'g', 't', 0)).toBe(10);
  });

  it('auto redoes everything since the last auto-commit', () => {
    // The interval (1000 ticks) never came: nothing was committed, so everything is redone.
    const sim = crashMidBatch('auto');
    const ledger = ledgerOf(sim.world, 'g');
    expect(offsets(ledger?.duplicated ?? [])).toEqual(['t-0@0', 't-0@1', 't-0@2', 't-0@3', 't-0@4', 't-0@5', 't-0@6']);
    expect(ledger?.skipped).toEqual([]);
  });
});

describe('when each mode commits', () => {
  function run(commitMode: CommitMode) {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({
      kind: 'produce',
      topic: 't',
      records: [
        { key: null, value: 'a' },
        { key: null, value: 'b' },
      ],
    });
    sim.runUntilQuiet();
    sim.apply({
      kind: 'startConsumer',
      name: 'c',
      group: 'g',
      topics: ['t'],
      commitMode,
      processTicks: 1,
      offsetReset: 'earliest',
      autoCommitIntervalTicks: 1000,
    });
    sim.runUntilQuiet();
    return sim.events
      .filter((e) => ['records.delivered', 'commit.sent', 'commit.acknowledged', 'processing.started', 'record.processed'].includes(e.kind))
      .map((e) => e.kind);
  }

  it('commit-after processes the whole batch, then commits its end', () => {
    expect(run('after')).toEqual([
      'records.delivered',
      'processing.started',
      'record.processed',
      'processing.started',
      'record.processed',
      'commit.sent',
      'commit.acknowledged',
    ]);
  });

  it('commit-before commits the batch end and waits for the answer before processing', () => {
    expect(run('before')).toEqual([
      'records.delivered',
      'commit.sent',
      'commit.acknowledged',
      'processing.started',
      'record.processed',
      'processing.started',
      'record.processed',
    ]);
  });

  it('none never commits', () => {
    expect(run('none').filter((k) => k.startsWith('commit'))).toEqual([]);
  });
});

describe('a consumer that has nothing to consume', () => {
  // Regression: commit-after and commit-before committed only after a batch, so a consumer
  // assigned an empty partition never committed its (reset) position, and the world was never
  // quiet: `sim run` ran to its tick limit. They now commit positions the group has never seen
  // after an empty poll, as commitSync() after poll() does.
  it.each(['after', 'before'] as const)('commit-%s commits its starting position after an empty poll', (commitMode) => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 2 });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], commitMode, offsetReset: 'earliest' });
    sim.stepUntil('offsets.committed');
    expect([committed(sim.world, 'g', 't', 0), committed(sim.world, 'g', 't', 1)]).toEqual([0, 0]);
    sim.runUntilQuiet(50);
    sim.step(30);
    // Once committed, an empty poll owes nothing: one commit in all.
    expect(sim.of('commit.sent')).toHaveLength(1);
  });
});

describe('commit order', () => {
  // Regression: jitter let a later commit of one consumer overtake an earlier one, which then
  // landed last and moved the group's committed offset back. A consumer's commits share one
  // connection to the coordinator and now arrive in the order sent.
  it.each([1, 2, 3, 4, 5, 6])('commits of one consumer land in the order sent, whatever the jitter (seed %i)', (seed) => {
    const sim = new Sim({ seed });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'configureFaults', jitterTicks: 4 });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest', autoCommitIntervalTicks: 1, processTicks: 0 });
    sim.apply({ kind: 'startProducer', name: 'p', topic: 't', count: 100 });
    sim.runUntilQuiet(1000);
    const sent = sim.of('commit.sent').map((e) => e.payload.offsets[0]?.offset);
    const landed = sim.of('offsets.committed').map((e) => e.payload.offsets[0]?.offset);
    expect(landed).toEqual(sent);
    expect(landed).toEqual([...landed].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(committed(sim.world, 'g', 't', 0)).toBe(100);
  });
});
