/**
 * The engine's limits and its guard against malformed commands: whatever the API is handed —
 * NaN, Infinity, fractions, strings for numbers, unknown kinds, sizes past a limit — the command
 * is refused with a message naming what is wrong, and the world is exactly as before.
 */
import { describe, expect, it } from 'vitest';
import { applyCommand, createWorld, describeWorld, tick, Timeline, type Command, type World } from '../../engine/index.ts';
import { LIMITS, SIMULATOR_LIMIT } from '../../engine/core/limits.ts';

const picture = (world: World) => JSON.stringify(describeWorld(world));

/** Applies `command`, expects a refusal, and checks nothing changed; returns the error. */
function refused(world: World, command: unknown): { code: string; message: string } {
  const before = picture(world);
  const result = applyCommand(world, command as Command);
  expect(result.ok, `${JSON.stringify(command)} should be refused`).toBe(false);
  expect(picture(world)).toBe(before);
  if (result.ok) throw new Error('unreachable');
  return result.error;
}

function busyWorld(): World {
  const world = createWorld({ seed: 3 });
  const ok = (c: Command) => expect(applyCommand(world, c).ok).toBe(true);
  ok({ kind: 'createTopic', topic: 't', partitions: 3 });
  ok({ kind: 'startProducer', name: 'p', topic: 't', count: 20 });
  ok({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest' });
  for (let i = 0; i < 12; i++) tick(world);
  return world;
}

describe('malformed commands are refused and change nothing', () => {
  const cases: [string, unknown][] = [
    ['an unknown kind', { kind: 'formatDisk' }],
    ['no kind at all', { topic: 't' }],
    ['not an object', 'createTopic'],
    ['null', null],
    ['a NaN seed', { kind: 'seed', seed: Number.NaN }],
    ['a fractional seed', { kind: 'seed', seed: 1.5 }],
    ['a negative seed', { kind: 'seed', seed: -1 }],
    ['an infinite partition count', { kind: 'alterPartitions', topic: 't', partitions: Number.POSITIVE_INFINITY }],
    ['NaN partitions on create', { kind: 'createTopic', topic: 'u', partitions: Number.NaN }],
    ['a fractional partition count', { kind: 'createTopic', topic: 'u', partitions: 2.5 }],
    ['partitions given as text', { kind: 'createTopic', topic: 'u', partitions: '3' }],
    ['a NaN --every', { kind: 'startProducer', name: 'q', topic: 't', everyTicks: Number.NaN }],
    ['an infinite --count', { kind: 'startProducer', name: 'q', topic: 't', count: Number.POSITIVE_INFINITY }],
    ['a fractional --batch', { kind: 'startProducer', name: 'q', topic: 't', batch: 0.5 }],
    ['acks of 2', { kind: 'startProducer', name: 'q', topic: 't', acks: 2 }],
    ['a NaN --process-ticks', { kind: 'startConsumer', name: 'd', group: 'g', topics: ['t'], processTicks: Number.NaN }],
    ['an unknown commit mode', { kind: 'startConsumer', name: 'd', group: 'g', topics: ['t'], commitMode: 'sometimes' }],
    ['an unknown assignor', { kind: 'startConsumer', name: 'd', group: 'g', topics: ['t'], assignor: 'random' }],
    ['topics that are not a list', { kind: 'startConsumer', name: 'd', group: 'g', topics: 't' }],
    ['a reset to a fractional offset', { kind: 'resetOffsets', group: 'h', topic: 't', spec: { to: 'offset', offset: 1.5 } }],
    ['a reset shifted by NaN', { kind: 'resetOffsets', group: 'h', topic: 't', spec: { to: 'shift', by: Number.NaN } }],
    ['a reset to nowhere', { kind: 'resetOffsets', group: 'h', topic: 't', spec: { to: 'yesterday' } }],
    ['a loss rate above 1', { kind: 'configureFaults', requestLossRate: 1.5 }],
    ['a NaN loss rate', { kind: 'configureFaults', responseLossRate: Number.NaN }],
    ['records that are not a list', { kind: 'produce', topic: 't', records: 'hello' }],
    ['a record value that is a number', { kind: 'produce', topic: 't', records: [{ key: null, value: 7 }] }],
    ['a 250-character consumer name', { kind: 'startConsumer', name: 'c'.repeat(250), group: 'g', topics: ['t'] }],
  ];
  it.each(cases)('%s', (_, command) => {
    const error = refused(busyWorld(), command);
    expect(error.code).toBe('InvalidCommand');
    expect(error.message.length).toBeGreaterThan(0);
  });
});

describe('size limits', () => {
  it("creating more than 10,000 partitions in one request is Kafka's PolicyViolationException", () => {
    // Kafka: ReplicationControlManager.validateTotalNumberOfPartitions, MAX_PARTITIONS_PER_BATCH = 10000.
    const world = createWorld();
    expect(refused(world, { kind: 'createTopic', topic: 'big', partitions: 2_147_483_647 })).toEqual({
      code: 'PolicyViolationException',
      message: 'Excessively large number of partitions per request.',
    });
    expect(refused(world, { kind: 'createTopic', topic: 'big', partitions: 10_001 }).code).toBe('PolicyViolationException');
    expect(applyCommand(world, { kind: 'createTopic', topic: 'big', partitions: 10_000 }).ok).toBe(true);
  });

  it('a topic grows to 10,000 partitions, a world to 20,000, and no further', () => {
    const world = createWorld();
    expect(applyCommand(world, { kind: 'createTopic', topic: 'a', partitions: 4 }).ok).toBe(true);
    expect(refused(world, { kind: 'alterPartitions', topic: 'a', partitions: 10_001 })).toEqual({
      code: SIMULATOR_LIMIT,
      message: `10,001 partitions for topic a: over the simulator's limit of 10,000 partitions per topic (see "Limits" in docs/shell.md)`,
    });
    expect(applyCommand(world, { kind: 'alterPartitions', topic: 'a', partitions: 10_000 }).ok).toBe(true);
    expect(applyCommand(world, { kind: 'createTopic', topic: 'b', partitions: 9_999 }).ok).toBe(true);
    // 19,999 now: one more fits, then neither a create, an auto-created topic nor a new partition does.
    expect(applyCommand(world, { kind: 'createTopic', topic: 'c', partitions: 1 }).ok).toBe(true);
    expect(refused(world, { kind: 'createTopic', topic: 'd', partitions: 1 }).message).toBe(
      `1 more partition(s) would make 20,001 in this world: over the simulator's limit of 20,000 partitions in a world (see "Limits" in docs/shell.md)`,
    );
    expect(refused(world, { kind: 'produce', topic: 'e', records: [{ key: null, value: 'x' }] }).code).toBe(SIMULATOR_LIMIT);
    expect(refused(world, { kind: 'startProducer', name: 'p', topic: 'e' }).code).toBe(SIMULATOR_LIMIT);
    expect(refused(world, { kind: 'alterPartitions', topic: 'c', partitions: 2 }).code).toBe(SIMULATOR_LIMIT);
    // Deleting gives the room back.
    expect(applyCommand(world, { kind: 'deleteTopic', topic: 'b' }).ok).toBe(true);
    expect(applyCommand(world, { kind: 'createTopic', topic: 'd', partitions: 9_999 }).ok).toBe(true);
    expect(world.counters.partitions).toBe(20_000);
  });

  it('a producer batch is at most 10,000 records, a console produce at most 100,000', () => {
    const world = busyWorld();
    expect(refused(world, { kind: 'startProducer', name: 'q', topic: 't', batch: 100_000_000 }).message).toBe(
      `--batch 100000000: over the simulator's limit of 10,000 records per batch (see "Limits" in docs/shell.md)`,
    );
    const records = Array.from({ length: LIMITS.recordsPerCommand + 1 }, () => ({ key: null, value: 'v' }));
    expect(refused(world, { kind: 'produce', topic: 't', records }).code).toBe(SIMULATOR_LIMIT);
    expect(applyCommand(world, { kind: 'startProducer', name: 'q', topic: 't', batch: 10_000, count: 1 }).ok).toBe(true);
  });

  it('at the record limit the broker refuses appends and the producer counts its records failed', () => {
    const world = createWorld({ retries: 1 });
    expect(applyCommand(world, { kind: 'createTopic', topic: 't', partitions: 1 }).ok).toBe(true);
    // Stand in for two million records already held: the broker checks this counter.
    world.counters.recordsRetained = LIMITS.recordsRetained - 2;
    expect(
      applyCommand(world, {
        kind: 'produce',
        topic: 't',
        records: [
          { key: null, value: 'a' },
          { key: null, value: 'b' },
        ],
      }).ok,
    ).toBe(true);
    expect(applyCommand(world, { kind: 'produce', topic: 't', records: [{ key: null, value: 'c' }] }).ok).toBe(true);
    const events = [];
    for (let i = 0; i < 40; i++) events.push(...tick(world));
    const partition = world.topics.get('t')?.partitions[0];
    expect(partition?.logEndOffset).toBe(2);
    expect(events.filter((e) => e.kind === 'produce.failed').map((e) => e.kind === 'produce.failed' && e.payload.error)).toEqual(['RECORD_LIMIT_REACHED']);
  });

  it('the counters of partitions and retained records stay equal to what the logs hold, through retention and deletion', () => {
    const t = new Timeline({ seed: 8 }, { maxTicks: 16 });
    const ok = (c: Command) => expect(t.apply(c).ok).toBe(true);
    ok({ kind: 'createTopic', topic: 'r', partitions: 2, configs: [['retention.ms', '1000']] });
    ok({ kind: 'createTopic', topic: 'k', partitions: 3 });
    ok({ kind: 'startProducer', name: 'p', topic: 'r', batch: 3 });
    ok({ kind: 'startProducer', name: 'q', topic: 'k', count: 50 });
    const held = () => {
      let partitions = 0;
      let records = 0;
      for (const topic of t.world.topics.values()) {
        for (const p of topic.partitions) {
          partitions++;
          records += p.logEndOffset - p.logStartOffset;
        }
      }
      return { partitions, records };
    };
    for (let i = 0; i < 200; i++) {
      t.step();
      if (i === 80) ok({ kind: 'deleteTopic', topic: 'k' });
      if (i === 120) ok({ kind: 'alterPartitions', topic: 'r', partitions: 5 });
      expect({ partitions: t.world.counters.partitions, records: t.world.counters.recordsRetained }).toEqual(held());
    }
    // …and in the past, where seek restores counters from a checkpoint.
    t.seek(97);
    expect({ partitions: t.world.counters.partitions, records: t.world.counters.recordsRetained }).toEqual(held());
  });
});

describe('memory is bounded by what a seek can still reach', () => {
  it('records deleted by retention everywhere are freed, and every past tick still replays exactly', () => {
    const commands: Command[] = [
      {
        kind: 'createTopic',
        topic: 'r',
        partitions: 1,
        configs: [
          ['retention.ms', '2000'],
          ['segment.ms', '1000'],
        ],
      },
      { kind: 'startProducer', name: 'p', topic: 'r', batch: 50 },
    ];
    const t = new Timeline({ seed: 2 });
    for (const c of commands) expect(t.apply(c).ok).toBe(true);
    for (let i = 0; i < 6_000; i++) t.step();
    // 300,000 records written; segments of 11 ticks (segment.ms=1000) go 21 ticks after their
    // newest record, so at most about 32 ticks × 50 are retained: 74 chunks of 4,096 ever. Kept: the live
    // log's and those each checkpoint (one per 512 ticks at most) can still read, two at most each.
    const store = t.world.topics.get('r')?.partitions[0]?.store;
    expect(t.world.topics.get('r')?.partitions[0]?.logEndOffset).toBeGreaterThan(299_000);
    expect(store?.chunkCount).toBeLessThan(74 / 2);
    // Any tick reached by seek equals a fresh run to that tick (records included).
    for (const target of [1, 777, 3_001, 5_999]) {
      t.seek(target);
      const fresh = new Timeline({ seed: 2 });
      for (const c of commands) fresh.apply(c);
      for (let i = 0; i < target; i++) fresh.step();
      expect(picture(t.world)).toBe(picture(fresh.world));
    }
  });

  it('checkpoints stay under their weight budget, thinned evenly, and seek still lands exactly', () => {
    const commands: Command[] = [
      { kind: 'createTopic', topic: 't', partitions: 4 },
      { kind: 'startProducer', name: 'p', topic: 't' },
      ...Array.from({ length: 30 }, (_, i): Command => ({ kind: 'startConsumer', name: `c${i}`, group: 'g', topics: ['t'] })),
    ];
    const t = new Timeline({ seed: 5 }, { maxTicks: 8, maxEvents: 64, maxWeight: 3_000 });
    for (const c of commands) expect(t.apply(c).ok).toBe(true);
    for (let i = 0; i < 3_000; i++) t.step();
    // Each checkpoint of this world weighs about 160 units (30 members, their maps, the partitions).
    expect(t.checkpointCount).toBeLessThanOrEqual(3_000 / 100);
    expect(t.checkpointCount).toBeGreaterThan(3);
    for (const target of [2, 1_500, 2_999]) {
      t.seek(target);
      const fresh = new Timeline({ seed: 5 });
      for (const c of commands) fresh.apply(c);
      for (let i = 0; i < target; i++) fresh.step();
      expect(picture(t.world)).toBe(picture(fresh.world));
    }
  });
});
