/** Quiet: what `sim run` waits for — nothing in flight, no rebalance, every consumer caught up and committed. */
import { describe, expect, it } from 'vitest';
import { busyReason, isQuiet, type CommitMode } from '../../engine/index.ts';
import { Sim } from './helpers.ts';

describe('isQuiet', () => {
  it('names what the world still waits for, step by step', () => {
    const sim = new Sim();
    expect(isQuiet(sim.world)).toBe(true);
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest', commitMode: 'after' });
    expect(busyReason(sim.world)).toBe('group g is rebalancing');
    sim.runUntilQuiet();
    sim.apply({ kind: 'produce', topic: 't', records: [{ key: null, value: 'x' }] });
    expect(busyReason(sim.world)).toBe('1 message(s) in flight');
    sim.stepUntil('records.appended');
    expect(busyReason(sim.world)).toMatch(/in flight|waits for acknowledgements/);
    sim.stepUntil('records.delivered');
    expect(busyReason(sim.world)).toBe('consumer c is processing');
    sim.runUntilQuiet();
    sim.apply({ kind: 'crashConsumer', name: 'c' });
    expect(busyReason(sim.world)).toMatch(/^group g still waits for the session of c-.* to time out$/);
    sim.runUntilQuiet();
    expect(isQuiet(sim.world)).toBe(true);
  });

  it('a running producer keeps the world busy; a finished one does not', () => {
    const sim = new Sim();
    sim.apply({ kind: 'startProducer', name: 'p', topic: 't', everyTicks: 10 });
    sim.step(5); // sent at tick 1, acknowledged at tick 3, the next one due at tick 11
    expect(busyReason(sim.world)).toBe('producer p is still producing');
    sim.apply({ kind: 'stopProducer', name: 'p' });
    sim.runUntilQuiet();
  });

  // Regression: every message on the wire counted as work, but a caught-up consumer polls for
  // ever, so with fetch.max.wait at 0 (or a zero-delay network) one of its empty fetches was
  // always in flight and the world was never quiet.
  it.each([
    { networkDelayTicks: 1, fetchMaxWaitTicks: 0 },
    { networkDelayTicks: 0, fetchMaxWaitTicks: 0 },
    { networkDelayTicks: 0, fetchMaxWaitTicks: 5 },
    { networkDelayTicks: 2, fetchMaxWaitTicks: 5 },
  ])('a caught-up consumer polling idly is quiet (%o)', (options) => {
    const sim = new Sim(options);
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'produce', topic: 't', records: [{ key: null, value: 'x' }] });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest', autoCommitIntervalTicks: 2 });
    sim.runUntilQuiet(100);
    expect(sim.of('record.processed')).toHaveLength(1);
  });

  // Regression (with the commit after an empty poll): commit-after and commit-before consumers
  // assigned an empty partition never committed, so "has not committed" kept `sim run` going.
  it.each<CommitMode>(['auto', 'after', 'before', 'none'])('a consumer (%s) on an empty topic is quiet once settled', (commitMode) => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 3 });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], commitMode });
    sim.runUntilQuiet(100);
  });

  it('an auto-commit consumer is quiet only once its position is committed', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], autoCommitIntervalTicks: 50 });
    sim.runUntilQuiet();
    sim.apply({ kind: 'produce', topic: 't', records: [{ key: null, value: 'x' }] });
    sim.stepUntil('record.processed');
    const processedAt = sim.world.tick;
    sim.runUntilQuiet();
    expect(sim.of('offsets.committed').at(-1)?.payload.offsets).toEqual([{ topic: 't', partition: 0, offset: 1 }]);
    expect(sim.world.tick).toBeGreaterThan(processedAt + 10);
  });
});
