/** Events as data: every one names its tick, kind, source and destination; refused commands change nothing. */
import { describe, expect, it } from 'vitest';
import { applyCommand, createWorld, describeWorld, tick, type Command, type WorldEvent } from '../../engine/index.ts';
import { Sim } from './helpers.ts';

const ADDRESS = /^(admin|producer:.+|consumer:.+|partition:.+\/\d+|topic:.+|group:.+|broker:\d+)$/;

/** The busiest small story there is: produce, consume, crash, restart, stop, retention, lost messages. */
function busyStory(): Sim {
  const sim = new Sim({ seed: 11 });
  sim.apply({ kind: 'createTopic', topic: 'orders', partitions: 2, configs: [['retention.ms', '3000']] });
  sim.apply({ kind: 'configureFaults', requestLossRate: 0.2, responseLossRate: 0.2, jitterTicks: 1 });
  sim.apply({ kind: 'startProducer', name: 'p', topic: 'orders', count: 20, keys: ['a', 'b', 'c'] });
  sim.apply({ kind: 'startConsumer', name: 'c1', group: 'g', topics: ['orders'], offsetReset: 'earliest', commitMode: 'after' });
  sim.apply({ kind: 'startConsumer', name: 'c2', group: 'g', topics: ['orders'], offsetReset: 'earliest', commitMode: 'before' });
  sim.step(15);
  sim.apply({ kind: 'crashConsumer', name: 'c1' });
  sim.step(10);
  sim.apply({ kind: 'restartConsumer', name: 'c1' });
  sim.step(10);
  sim.apply({ kind: 'stopConsumer', name: 'c2' });
  sim.runUntilQuiet(1000);
  sim.step(40);
  return sim;
}

describe('events', () => {
  it('carry the tick they happened at, a kind, a source and a destination', () => {
    const world = createWorld();
    const commands: Command[] = [
      { kind: 'createTopic', topic: 't', partitions: 1 },
      { kind: 'startProducer', name: 'p', topic: 't', count: 3 },
      { kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest' },
    ];
    const events: WorldEvent[] = [];
    for (const c of commands) {
      const r = applyCommand(world, c);
      if (r.ok) events.push(...r.events);
    }
    expect(events.every((e) => e.tick === 0)).toBe(true);
    for (let i = 1; i <= 20; i++) {
      const evs = tick(world);
      expect(evs.every((e) => e.tick === i)).toBe(true);
      events.push(...evs);
    }
    for (const e of events) {
      expect(Object.keys(e).sort()).toEqual(['destination', 'kind', 'payload', 'source', 'tick']);
      expect(e.source, e.kind).toMatch(ADDRESS);
      expect(e.destination, e.kind).toMatch(ADDRESS);
    }
  });

  it('name real addresses in a busy story, and every kind of the story among them', () => {
    const sim = busyStory();
    const kinds = new Set(sim.events.map((e) => e.kind));
    for (const kind of [
      'records.sent',
      'request.lost',
      'response.lost',
      'records.deduplicated',
      'produce.retried',
      'consumer.crashed',
      'member.expired',
      'consumer.restarted',
      'member.left',
      'records.deleted',
      'commit.acknowledged',
    ] as const) {
      expect(kinds, kind).toContain(kind);
    }
    for (const e of sim.events) {
      expect(e.source, e.kind).toMatch(ADDRESS);
      expect(e.destination, e.kind).toMatch(ADDRESS);
    }
    // Ticks never go back.
    for (let i = 1; i < sim.events.length; i++) expect(sim.events[i]?.tick).toBeGreaterThanOrEqual(sim.events[i - 1]?.tick ?? 0);
  });

  it('trace one record from producer to committed offset', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], commitMode: 'after' });
    sim.runUntilQuiet();
    const from = sim.events.length;
    sim.apply({ kind: 'produce', topic: 't', records: [{ key: 'k', value: 'hello' }] });
    sim.runUntilQuiet();
    const trace = sim.events
      .slice(from)
      .filter((e) => e.kind !== 'member.heartbeat' && e.kind !== 'fetch.sent')
      .map((e) => `${e.tick} ${e.kind} ${e.source} → ${e.destination}`);
    expect(trace).toMatchInlineSnapshot(`
      [
        "3 producer.started producer:console-producer#1 → topic:t",
        "3 records.sent producer:console-producer#1 → partition:t/0",
        "4 records.appended broker:1 → partition:t/0",
        "5 produce.acked partition:t/0 → producer:console-producer#1",
        "5 producer.finished producer:console-producer#1 → producer:console-producer#1",
        "5 records.fetched partition:t/0 → consumer:c",
        "6 records.delivered partition:t/0 → consumer:c",
        "6 processing.started consumer:c → consumer:c",
        "7 record.processed consumer:c → consumer:c",
        "7 commit.sent consumer:c → group:g",
        "8 offsets.committed consumer:c → group:g",
        "9 commit.acknowledged group:g → consumer:c",
      ]
    `);
  });
});

describe('a refused command', () => {
  /** A world in the middle of things: records in flight, a group mid-rebalance, a crashed member. */
  function midStory() {
    const world = createWorld({ seed: 3 });
    const setup: Command[] = [
      { kind: 'createTopic', topic: 't', partitions: 2 },
      { kind: 'startProducer', name: 'p', topic: 't', count: 10 },
      { kind: 'startConsumer', name: 'c1', group: 'g', topics: ['t'] },
      { kind: 'startConsumer', name: 'c2', group: 'g', topics: ['t'] },
    ];
    for (const c of setup) applyCommand(world, c);
    for (let i = 0; i < 8; i++) tick(world);
    applyCommand(world, { kind: 'crashConsumer', name: 'c2' });
    tick(world);
    return world;
  }

  it.each<{ why: string; command: Command }>([
    { why: 'an existing topic', command: { kind: 'createTopic', topic: 't', partitions: 1 } },
    { why: 'an invalid topic name', command: { kind: 'createTopic', topic: 'a b', partitions: 1 } },
    { why: 'an unknown topic config', command: { kind: 'createTopic', topic: 'u', partitions: 1, configs: [['nope', '1']] } },
    { why: 'deleting an unknown topic', command: { kind: 'deleteTopic', topic: 'nope' } },
    { why: 'shrinking a topic', command: { kind: 'alterPartitions', topic: 't', partitions: 1 } },
    { why: 'a producer already running', command: { kind: 'startProducer', name: 'p', topic: 't' } },
    { why: 'a producer with a bad --every', command: { kind: 'startProducer', name: 'q', topic: 'new-topic', everyTicks: 0 } },
    { why: 'a producer asking idempotence with acks=1', command: { kind: 'startProducer', name: 'q', topic: 'new-topic', acks: 1, idempotent: true } },
    { why: 'a producer on an invalid auto-created topic', command: { kind: 'startProducer', name: 'q', topic: 'bad name' } },
    { why: 'the console producer on an invalid topic', command: { kind: 'produce', topic: 'bad name', records: [{ key: null, value: 'x' }] } },
    { why: 'stopping an unknown producer', command: { kind: 'stopProducer', name: 'nope' } },
    { why: 'a consumer already running', command: { kind: 'startConsumer', name: 'c1', group: 'g', topics: ['t'] } },
    { why: 'a consumer with no topic', command: { kind: 'startConsumer', name: 'c3', group: 'g', topics: [] } },
    { why: 'a consumer with 0 max-poll-records', command: { kind: 'startConsumer', name: 'c3', group: 'g', topics: ['t'], maxPollRecords: 0 } },
    { why: 'stopping a crashed consumer', command: { kind: 'stopConsumer', name: 'c2' } },
    { why: 'crashing a crashed consumer', command: { kind: 'crashConsumer', name: 'c2' } },
    { why: 'restarting a running consumer', command: { kind: 'restartConsumer', name: 'c1' } },
    { why: 'removing a running consumer', command: { kind: 'removeConsumer', name: 'c1' } },
    { why: 'resetting an active group', command: { kind: 'resetOffsets', group: 'g', topic: 't', spec: { to: 'earliest' } } },
    { why: 'deleting an active group', command: { kind: 'deleteGroup', group: 'g' } },
    { why: 'deleting an unknown group', command: { kind: 'deleteGroup', group: 'nope' } },
    { why: 'a loss rate over 1', command: { kind: 'configureFaults', requestLossRate: 2 } },
    { why: 'a fractional seed', command: { kind: 'seed', seed: 1.5 } },
  ])('leaves the world unchanged: $why', ({ command }) => {
    const world = midStory();
    const before = JSON.stringify(describeWorld(world));
    const result = applyCommand(world, command);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(describeWorld(world))).toBe(before);
    // …and the world goes on exactly as a world that never saw it.
    const twin = midStory();
    for (let i = 0; i < 30; i++) expect(JSON.stringify(tick(world))).toBe(JSON.stringify(tick(twin)));
  });
});
