/**
 * Fetching: a poll returns at most `max.poll.records` records, spread over the partitions from
 * a rotating start; the broker holds an empty fetch until data arrives (answered that very
 * tick) or `fetch.max.wait` runs out (answered that tick, not one later); a held fetch whose
 * consumer died or restarted is dropped. Ticks are worked by hand from the options.
 */
import { describe, expect, it } from 'vitest';
import { Sim } from './helpers.ts';

/** Topic t with `perPartition` records in each of `partitions` partitions, written before anyone reads. */
function filledTopic(partitions: number, perPartition: number, options: ConstructorParameters<typeof Sim>[0] = {}): Sim {
  const sim = new Sim(options);
  sim.apply({ kind: 'createTopic', topic: 't', partitions });
  // With 2 partitions key 'a' goes to partition 0 and 'f' to 1 (murmur2, see partitioner tests).
  const keys = ['a', 'f'].slice(0, partitions);
  sim.apply({ kind: 'produce', topic: 't', records: keys.flatMap((key) => Array.from({ length: perPartition }, (_, i) => ({ key, value: `${key}${i}` }))) });
  sim.runUntilQuiet();
  return sim;
}

const deliveries = (sim: Sim) => sim.of('records.delivered').map((e) => `t-${e.payload.partition} ${e.payload.from}..${e.payload.to}`);

describe('a poll', () => {
  it('returns at most max.poll.records, across partitions, starting from a rotating partition', () => {
    const sim = filledTopic(2, 5);
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest', maxPollRecords: 3, processTicks: 0 });
    sim.runUntilQuiet();
    // Poll 1 starts at t-0 (3 of its 5); poll 2 at t-1 (3); poll 3 at t-0 (its last 2, then 1 of
    // t-1 to fill the 3); poll 4 at t-1 (its last one).
    expect(deliveries(sim)).toEqual(['t-0 0..3', 't-1 0..3', 't-0 3..5', 't-1 3..4', 't-1 4..5']);
    const perPoll = new Map<number, number>();
    for (const e of sim.of('records.delivered')) perPoll.set(e.tick, (perPoll.get(e.tick) ?? 0) + e.payload.to - e.payload.from);
    expect([...perPoll.values()]).toEqual([3, 3, 3, 1]);
  });

  it('with max.poll.records 1 takes one record a poll, partitions in turn', () => {
    const sim = filledTopic(2, 2);
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest', maxPollRecords: 1, processTicks: 0 });
    sim.runUntilQuiet();
    expect(deliveries(sim)).toEqual(['t-0 0..1', 't-1 0..1', 't-0 1..2', 't-1 1..2']);
  });

  it('a batch is the records up to the high watermark, no more, when fewer than max.poll.records wait', () => {
    const sim = filledTopic(1, 4);
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest', maxPollRecords: 10 });
    sim.runUntilQuiet();
    expect(deliveries(sim)).toEqual(['t-0 0..4']);
  });
});

describe('long polling', () => {
  /** A consumer idling on an empty topic: the ticks at which it sent fetches. */
  function idleFetchTicks(options: ConstructorParameters<typeof Sim>[0]): number[] {
    const sim = new Sim(options);
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], commitMode: 'none' });
    sim.step(40);
    return sim.of('fetch.sent').map((e) => e.tick);
  }

  const gaps = (ticks: number[]) => ticks.slice(1).map((t, i) => t - (ticks[i] ?? 0));

  it.each([
    // A fetch sent at T arrives at T + delay, is held until T + delay + wait, and its empty answer
    // arrives at T + 2·delay + wait, when the consumer polls again.
    { networkDelayTicks: 1, fetchMaxWaitTicks: 5, gap: 7 },
    { networkDelayTicks: 2, fetchMaxWaitTicks: 3, gap: 7 },
    { networkDelayTicks: 1, fetchMaxWaitTicks: 0, gap: 2 },
    { networkDelayTicks: 3, fetchMaxWaitTicks: 1, gap: 7 },
    // A zero-delay hop lands the next tick (a fetch is sent after the wire was read), and an
    // answer sent while the wire is read lands the same tick; a held one waits for the next.
    { networkDelayTicks: 0, fetchMaxWaitTicks: 0, gap: 1 },
    { networkDelayTicks: 0, fetchMaxWaitTicks: 2, gap: 3 },
  ])(
    'an empty fetch is answered when fetch.max.wait runs out: delay $networkDelayTicks, wait $fetchMaxWaitTicks → a poll every $gap ticks',
    ({ gap, ...options }) => {
      const ticks = idleFetchTicks(options);
      expect(ticks.length).toBeGreaterThan(3);
      expect(new Set(gaps(ticks))).toEqual(new Set([gap]));
    },
  );

  it('a held fetch is answered the tick records arrive, without waiting out fetch.max.wait', () => {
    const sim = new Sim({ networkDelayTicks: 1, fetchMaxWaitTicks: 20 });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], commitMode: 'none' });
    sim.stepUntil('fetch.sent');
    sim.step(3);
    expect(sim.world.parkedFetches).toHaveLength(1);
    sim.apply({ kind: 'produce', topic: 't', records: [{ key: null, value: 'x' }] });
    const appended = sim.stepUntil('records.appended');
    const fetched = sim.of('records.fetched');
    expect(fetched.map((e) => [e.tick, e.payload.from, e.payload.to])).toEqual([[appended.tick, 0, 1]]);
    expect(sim.world.parkedFetches).toEqual([]);
    expect(sim.stepUntil('records.delivered').tick).toBe(appended.tick + 1);
  });

  it('a fetch with data waiting is answered on arrival', () => {
    const sim = filledTopic(1, 2, { networkDelayTicks: 2, fetchMaxWaitTicks: 20 });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest', commitMode: 'none' });
    const sent = sim.stepUntil('fetch.sent');
    expect(sim.stepUntil('records.fetched').tick).toBe(sent.tick + 2);
    expect(sim.stepUntil('records.delivered').tick).toBe(sent.tick + 4);
  });

  it.each([
    { what: 'crashed', command: 'crashConsumer' as const },
    { what: 'stopped', command: 'stopConsumer' as const },
  ])('a held fetch of a consumer that $what is dropped, not answered', ({ command }) => {
    const sim = new Sim({ networkDelayTicks: 1, fetchMaxWaitTicks: 8 });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], commitMode: 'none' });
    sim.stepUntil('fetch.sent');
    sim.step(2);
    expect(sim.world.parkedFetches).toHaveLength(1);
    sim.apply({ kind: command, name: 'c' });
    // A graceful stop closes at the next poll boundary (waiting on a fetch is one): the next tick.
    sim.step(1);
    expect(sim.world.consumers.get('c')?.status).toBe(command === 'crashConsumer' ? 'crashed' : 'stopped');
    sim.apply({ kind: 'produce', topic: 't', records: [{ key: null, value: 'x' }] });
    sim.step(10);
    expect(sim.world.parkedFetches).toEqual([]);
    expect(sim.of('records.fetched')).toEqual([]);
    expect(sim.world.network.filter((m) => m.kind === 'fetch-response')).toEqual([]);
  });

  it('a held fetch of an earlier incarnation is dropped when the consumer restarted', () => {
    const sim = new Sim({ networkDelayTicks: 1, fetchMaxWaitTicks: 8, sessionTimeoutTicks: 4 });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], commitMode: 'none' });
    sim.stepUntil('fetch.sent');
    sim.step(2);
    const held = sim.world.parkedFetches[0];
    expect(held?.incarnation).toBe(1);
    sim.apply({ kind: 'crashConsumer', name: 'c' });
    sim.apply({ kind: 'restartConsumer', name: 'c' });
    sim.step(1);
    expect(sim.world.parkedFetches.filter((f) => f.incarnation === 1)).toEqual([]);
  });
});
