/** Producers: the default partitioner, acks, retries, and what idempotence does under lost messages. */
import { describe, expect, it } from 'vitest';
import { applyCommand, createWorld, describeWorld, partitionForKey, type Acks, type WorldEvent } from '../../engine/index.ts';
import { checkRecordSize, DEFAULT_MAX_REQUEST_SIZE, serializedSizeUpperBound } from '../../engine/core/record-size.ts';
import { allValues, logValues, ofKind, Sim } from './helpers.ts';

/** The records of one produce request, as `records.sent` carries them. */
type SentRecords = Extract<WorldEvent, { kind: 'records.sent' }>['payload']['records'];

describe('the default partitioner', () => {
  it.each([1, 2, 3, 6, 12])('puts keyed records on partitionForKey(key, %i)', (partitions) => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 'orders', partitions });
    const keys = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', '', 'ключ', '😀'];
    sim.apply({ kind: 'produce', topic: 'orders', records: keys.map((key) => ({ key, value: key })) });
    sim.runUntilQuiet();
    for (const key of keys) {
      const p = partitionForKey(key, partitions);
      expect(logValues(sim.world, 'orders', p), `key ${JSON.stringify(key)}`).toContain(key);
    }
    expect(allValues(sim.world, 'orders')).toHaveLength(keys.length);
  });

  it('sends keyed records to their new partition after the topic grows', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'alterPartitions', topic: 't', partitions: 7 });
    sim.apply({ kind: 'produce', topic: 't', records: [{ key: 'alice', value: 'x' }] });
    sim.runUntilQuiet();
    expect(logValues(sim.world, 't', partitionForKey('alice', 7))).toEqual(['x']);
  });

  /** Where each record of a keyless producer went, for one seed. */
  function keylessPlacement(seed: number, batchSizeBytes: number): number[] {
    const sim = new Sim({ seed, batchSizeBytes });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 4 });
    sim.apply({ kind: 'startProducer', name: 'p', topic: 't', count: 24, valueTemplate: 'value-{n}' });
    sim.runUntilQuiet();
    return sim.of('records.sent').flatMap((e) => e.payload.records.map(() => e.payload.partition));
  }

  it('places keyless records the same way for the same seed', () => {
    expect(keylessPlacement(42, 80)).toEqual(keylessPlacement(42, 80));
    expect(keylessPlacement(7, 16_384)).toEqual(keylessPlacement(7, 16_384));
  });

  it('sticks keyless records to one partition until batch.size bytes went there, then moves to another', () => {
    // Each record counts 7 value bytes + 14 overhead = 21 bytes (27 with 2-digit numbers): 80 bytes fill a batch every 3–4 records.
    const placement = keylessPlacement(42, 80);
    const runs: number[][] = [];
    for (const p of placement) {
      const last = runs[runs.length - 1];
      if (last && last[0] === p) last.push(p);
      else runs.push([p]);
    }
    expect(runs.length).toBeGreaterThan(4);
    for (const run of runs.slice(0, -1)) expect(run.length).toBeGreaterThanOrEqual(3);
    // The default batch.size holds all 24 records: one partition for all of them.
    expect(new Set(keylessPlacement(42, 16_384)).size).toBe(1);
  });

  it('lets the seed decide the sticky partition', () => {
    const first = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => keylessPlacement(seed, 16_384)[0]));
    expect(first.size).toBeGreaterThan(1);
  });
});

describe('acks', () => {
  function produceWith(acks: Acks) {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'startProducer', name: 'p', topic: 't', count: 3, acks });
    const sent = sim.stepUntil('records.sent');
    const p = sim.world.producers.get('p');
    const producerAfterSend = { acked: p?.acked, pending: p?.pending.size };
    sim.runUntilQuiet();
    return { sim, sent, producerAfterSend };
  }

  it('acks=0 counts a record acknowledged once it is on the wire, and the broker never answers', () => {
    const { sim, producerAfterSend } = produceWith(0);
    expect(producerAfterSend).toEqual({ acked: 1, pending: 0 });
    expect(sim.of('produce.acked')).toEqual([]);
    expect(sim.of('records.appended')).toHaveLength(3);
    expect(sim.world.producers.get('p')).toMatchObject({ status: 'done', acked: 3, failed: 0, idempotent: false });
  });

  it.each([1, 'all'] as const)('acks=%s waits for the broker to answer', (acks) => {
    const { sim, sent, producerAfterSend } = produceWith(acks);
    expect(producerAfterSend).toEqual({ acked: 0, pending: 1 });
    const acked = sim.of('produce.acked');
    expect(acked.map((e) => e.payload.baseOffset)).toEqual([0, 1, 2]);
    // One hop there, one back.
    expect(acked[0]?.tick).toBe(sent.tick + 2);
    expect(acked[0]).toMatchObject({ source: 'partition:t/0', destination: 'producer:p' });
    expect(sim.world.producers.get('p')).toMatchObject({ status: 'done', acked: 3, failed: 0 });
  });

  it('is idempotent by default only with acks=all, and refuses idempotence with other acks (Kafka ConfigException)', () => {
    const world = createWorld();
    applyCommand(world, { kind: 'createTopic', topic: 't', partitions: 1 });
    expect(applyCommand(world, { kind: 'startProducer', name: 'a', topic: 't' }).ok).toBe(true);
    expect(applyCommand(world, { kind: 'startProducer', name: 'b', topic: 't', acks: 1 }).ok).toBe(true);
    expect(applyCommand(world, { kind: 'startProducer', name: 'c', topic: 't', acks: 'all', idempotent: false }).ok).toBe(true);
    expect([...world.producers.values()].map((p) => [p.name, p.idempotent])).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
    ]);
    for (const acks of [0, 1] as const) {
      expect(applyCommand(world, { kind: 'startProducer', name: 'd', topic: 't', acks, idempotent: true })).toEqual({
        ok: false,
        error: { code: 'ConfigException', message: 'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.' },
      });
    }
  });
});

describe('retries and idempotence', () => {
  /** A producer on a lossy network, run until everything is answered or given up. */
  function lossy(
    faults: { requestLossRate?: number; responseLossRate?: number },
    producer: { idempotent?: boolean; count?: number; every?: number; acks?: Acks },
    seed = 3,
  ) {
    const sim = new Sim({ seed });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'configureFaults', ...faults });
    sim.apply({
      kind: 'startProducer',
      name: 'p',
      topic: 't',
      count: producer.count ?? 10,
      everyTicks: producer.every ?? 1,
      valueTemplate: 'r{n}',
      acks: producer.acks ?? 'all',
      ...(producer.idempotent === undefined ? {} : { idempotent: producer.idempotent }),
    });
    sim.runUntilQuiet(2000);
    return sim;
  }
  const expected = (n: number) => Array.from({ length: n }, (_, i) => `r${i + 1}`);

  it('request loss with retries delivers every record once (idempotent producer)', () => {
    const sim = lossy({ requestLossRate: 0.3 }, { every: 20 });
    expect(sim.of('request.lost').length).toBeGreaterThan(0);
    expect(sim.of('produce.retried').length).toBeGreaterThan(0);
    expect(logValues(sim.world, 't', 0)).toEqual(expected(10));
    expect(sim.world.producers.get('p')).toMatchObject({ acked: 10, failed: 0 });
  });

  it('response loss with an idempotent producer deduplicates the retries', () => {
    const sim = lossy({ responseLossRate: 0.3 }, { every: 20 });
    expect(sim.of('response.lost').length).toBeGreaterThan(0);
    expect(sim.of('records.deduplicated').length).toBe(sim.of('response.lost').length);
    expect(logValues(sim.world, 't', 0)).toEqual(expected(10));
  });

  it('response loss without idempotence appends the retried records again', () => {
    const sim = lossy({ responseLossRate: 0.3 }, { idempotent: false, every: 20 });
    const values = logValues(sim.world, 't', 0);
    const duplicates = values.filter((v, i) => values.indexOf(v) !== i);
    expect(duplicates.length).toBe(sim.of('response.lost').length);
    expect(duplicates.length).toBeGreaterThan(0);
    expect(sim.of('records.deduplicated')).toEqual([]);
    expect(new Set(values)).toEqual(new Set(expected(10)));
  });

  // Regression: with several requests in flight, a lost one was overtaken by the next, the broker
  // moved its last sequence past it, and its retry was taken for a duplicate: acknowledged
  // (`produce.acked`, baseOffset -1) but never appended. The broker now appends an idempotent
  // producer's batches in sequence order only (OUT_OF_ORDER_SEQUENCE_NUMBER otherwise) and the
  // producer resends the refused ones in order.
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('request loss with pipelined requests keeps every record, once and in order (seed %i)', (seed) => {
    const sim = lossy({ requestLossRate: 0.3, responseLossRate: 0.1 }, { count: 20, every: 1 }, seed);
    expect(sim.of('request.lost').length).toBeGreaterThan(0);
    const producer = sim.world.producers.get('p');
    const values = logValues(sim.world, 't', 0);
    // Every acknowledged record is in the log exactly once, and the log keeps the send order.
    expect(values).toEqual([...new Set(values)]);
    expect(values).toEqual([...values].sort((a, b) => Number(a?.slice(1)) - Number(b?.slice(1))));
    const acked = sim.of('produce.acked').flatMap((e) => recordsOf(sim, e.payload.requestId).map((r) => r.value));
    for (const value of acked) expect(values).toContain(value);
    expect(producer?.acked).toBe(acked.length);
    expect((producer?.acked ?? 0) + (producer?.failed ?? 0)).toBe(20);
  });

  function recordsOf(sim: Sim, requestId: number): SentRecords {
    return sim.of('records.sent').find((e) => e.payload.requestId === requestId)?.payload.records ?? [];
  }

  it('a batch overtaken by a lost one is refused out of order and resent after it', () => {
    const sim = new Sim({ seed: 1 });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'startProducer', name: 'p', topic: 't', count: 3, valueTemplate: 'r{n}' });
    // Lose exactly the first request: loss on for its send, off again before the second.
    sim.apply({ kind: 'configureFaults', requestLossRate: 1 });
    sim.step();
    sim.apply({ kind: 'configureFaults', requestLossRate: 0 });
    sim.runUntilQuiet();
    expect(sim.of('request.lost').map((e) => e.payload.requestId)).toEqual([0]);
    expect(logValues(sim.world, 't', 0)).toEqual(['r1', 'r2', 'r3']);
    expect(sim.world.producers.get('p')).toMatchObject({ acked: 3, failed: 0 });
  });

  // Regression (same fix): once a batch was given up, its sequence gap would have refused every
  // later batch forever. Like Kafka, the producer bumps its epoch and numbers new batches afresh;
  // the broker fences what is still on the wire from the old epoch.
  it('after giving up a batch, an idempotent producer goes on in a new epoch', () => {
    const sim = new Sim({ seed: 5, retries: 1 });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'configureFaults', requestLossRate: 1 });
    sim.apply({ kind: 'startProducer', name: 'p', topic: 't', count: 6, everyTicks: 5, valueTemplate: 'r{n}' });
    sim.stepUntil('produce.failed');
    sim.apply({ kind: 'configureFaults', requestLossRate: 0 });
    sim.runUntilQuiet();
    const producer = sim.world.producers.get('p');
    expect(producer?.producerEpoch).toBeGreaterThan(0);
    expect((producer?.acked ?? 0) + (producer?.failed ?? 0)).toBe(6);
    expect(producer?.acked).toBeGreaterThan(0);
    // Whatever was acknowledged is in the log once, in order.
    const values = logValues(sim.world, 't', 0);
    expect(values).toEqual([...new Set(values)].sort((a, b) => Number(a?.slice(1)) - Number(b?.slice(1))));
    expect(values).toHaveLength(producer?.acked ?? -1);
  });

  it('fences a batch of an older epoch that arrives after the new epoch started', () => {
    // Answers take 2 × (1 + up to 6 jitter) ticks but the producer retries after 3: copies of a
    // batch are still on the wire when it gives up on it and bumps the epoch.
    const sim = new Sim({ seed: 21, requestTimeoutTicks: 3, retries: 1 });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'configureFaults', jitterTicks: 6, requestLossRate: 0.2 });
    sim.apply({ kind: 'startProducer', name: 'p', topic: 't', count: 30, valueTemplate: 'r{n}' });
    let fenced = 0;
    for (let i = 0; i < 600; i++) {
      sim.step();
      fenced += sim.world.network.filter((m) => m.kind === 'produce-response' && m.error === 'INVALID_PRODUCER_EPOCH').length;
    }
    expect(fenced).toBeGreaterThan(0);
    expect(sim.world.producers.get('p')?.producerEpoch).toBeGreaterThan(0);
    const values = logValues(sim.world, 't', 0);
    expect(values).toEqual([...new Set(values)].sort((a, b) => Number(a?.slice(1)) - Number(b?.slice(1))));
  });

  it('gives up after `retries` resends and counts the records failed', () => {
    const sim = new Sim({ retries: 2 });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'configureFaults', requestLossRate: 1 });
    sim.apply({ kind: 'startProducer', name: 'p', topic: 't', count: 1 });
    sim.runUntilQuiet();
    expect(sim.of('records.sent').map((e) => e.payload.attempt)).toEqual([1, 2, 3]);
    expect(sim.of('produce.failed').map((e) => e.payload.error)).toEqual(['REQUEST_TIMED_OUT']);
    expect(sim.world.producers.get('p')).toMatchObject({ status: 'done', acked: 0, failed: 1 });
  });

  // acks=0 is never idempotent: a lost request is never retried, and an in-order broker would
  // otherwise refuse every later batch of the producer.
  it('acks=0 loses what the network loses, and nothing more', () => {
    const sim = lossy({ requestLossRate: 0.3 }, { count: 20, acks: 0 });
    const lost = sim.of('request.lost').length;
    expect(lost).toBeGreaterThan(0);
    expect(logValues(sim.world, 't', 0)).toHaveLength(20 - lost);
  });
});

describe('producer lifecycle', () => {
  it('creates a missing topic on first use, with one partition (auto.create.topics.enable)', () => {
    const sim = new Sim();
    const events = sim.apply({ kind: 'startProducer', name: 'p', topic: 'typo', count: 1 });
    expect(events.map((e) => e.kind)).toEqual(['topic.created', 'producer.started']);
    expect(sim.world.topics.get('typo')?.partitions).toHaveLength(1);
  });

  it('emits `batch` records every `everyTicks`, `count` in all, then finishes', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'startProducer', name: 'p', topic: 't', count: 5, batch: 2, everyTicks: 3, valueTemplate: 'n={n}' });
    sim.runUntilQuiet();
    expect(sim.of('records.sent').map((e) => [e.tick, e.payload.records.map((r) => r.value)])).toEqual([
      [1, ['n=1', 'n=2']],
      [4, ['n=3', 'n=4']],
      [7, ['n=5']],
    ]);
    expect(sim.of('producer.finished').map((e) => e.payload)).toEqual([{ producer: 'p', acked: 5, failed: 0 }]);
  });

  it('refuses a second running producer of the same name, and stopping one that is not running', () => {
    const world = createWorld();
    expect(applyCommand(world, { kind: 'startProducer', name: 'p', topic: 't' }).ok).toBe(true);
    expect(applyCommand(world, { kind: 'startProducer', name: 'p', topic: 't' })).toEqual({
      ok: false,
      error: { code: 'ProducerExists', message: 'producer p is already running' },
    });
    expect(applyCommand(world, { kind: 'stopProducer', name: 'p' }).ok).toBe(true);
    expect(applyCommand(world, { kind: 'stopProducer', name: 'p' })).toEqual({
      ok: false,
      error: { code: 'UnknownProducer', message: 'no running producer named p' },
    });
  });

  it('the console producer sends its records at once and is forgotten once answered', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 3 });
    // One request per partition, in partition order, each with its records in the order given.
    expect([partitionForKey('f', 3), partitionForKey('c', 3)]).toEqual([0, 1]);
    const events = sim.apply({
      kind: 'produce',
      topic: 't',
      records: [
        { key: 'c', value: '1' },
        { key: 'f', value: '2' },
        { key: 'c', value: '3' },
      ],
    });
    expect(ofKind(events, 'records.sent').map((e) => [e.payload.partition, e.payload.records.map((r) => r.value)])).toEqual([
      [0, ['2']],
      [1, ['1', '3']],
    ]);
    sim.runUntilQuiet();
    expect(sim.world.producers.size).toBe(0);
    expect(sim.of('producer.finished').map((e) => e.payload)).toEqual([{ producer: 'console-producer#1', acked: 3, failed: 0 }]);
  });
});

// AbstractRecords.estimateSizeInBytesUpperBound (magic v2, no compression): 61 (batch header,
// DefaultRecordBatch.RECORD_BATCH_OVERHEAD) + 21 (DefaultRecord.MAX_RECORD_OVERHEAD) + key + value,
// each as a zig-zag varint length then its UTF-8 bytes, a null one the 1-byte varint -1, + the
// header count and each header likewise. Worked by hand (varint of n is 1 byte below 64, 2 below
// 8192, 3 below 1048576, 4 above: the zig-zag doubles it).
describe('record size (KafkaProducer.ensureValidRecordSize)', () => {
  it.each([
    { why: 'null key and value', key: null, value: null, headers: [], size: 61 + 21 + 1 + 1 + 1 },
    { why: 'an empty value', key: null, value: '', headers: [], size: 61 + 21 + 1 + 1 + 1 },
    { why: '63 bytes: 1-byte length', key: null, value: 'v'.repeat(63), headers: [], size: 61 + 21 + 1 + (1 + 63) + 1 },
    { why: '64 bytes: 2-byte length', key: null, value: 'v'.repeat(64), headers: [], size: 61 + 21 + 1 + (2 + 64) + 1 },
    { why: 'a key', key: 'alice', value: 'x', headers: [], size: 61 + 21 + (1 + 5) + (1 + 1) + 1 },
    { why: 'UTF-8 bytes, not characters', key: 'ключ', value: '😀', headers: [], size: 61 + 21 + (1 + 8) + (1 + 4) + 1 },
    {
      why: 'headers',
      key: null,
      value: 'x',
      headers: [
        { key: 'h', value: 'vv' },
        { key: 'n', value: null },
      ],
      size: 61 + 21 + 1 + 2 + 1 + (2 + 3) + (2 + 1),
    },
    { why: '1048489 bytes: the largest that fits', key: null, value: 'x'.repeat(1_048_489), headers: [], size: 1_048_576 },
  ])('$why: $size bytes', ({ key, value, headers, size }) => {
    expect(serializedSizeUpperBound(key, value, headers)).toBe(size);
  });

  it("refuses only what is larger than max.request.size, with Kafka's message", () => {
    expect(checkRecordSize(DEFAULT_MAX_REQUEST_SIZE, DEFAULT_MAX_REQUEST_SIZE)).toBeNull();
    expect(checkRecordSize(1_048_577, 1_048_576)).toEqual({
      code: 'RecordTooLargeException',
      message: 'The message is 1048577 bytes when serialized which is larger than 1048576, which is the value of the max.request.size configuration.',
    });
  });
});

describe('producer topic checks', () => {
  it.each([
    {
      why: 'an invalid name',
      topic: 'my orders',
      error: {
        code: 'InvalidTopicException',
        message: "Topic name is invalid: 'my orders' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'",
      },
    },
    { why: 'a name that collides with a.b', topic: 'a_b', error: { code: 'InvalidTopicException', message: "Topic 'a_b' collides with existing topic: a.b" } },
    {
      why: 'an internal topic',
      topic: '__consumer_offsets',
      error: { code: 'InvalidTopicException', message: 'Cannot append to internal topic __consumer_offsets' },
    },
    {
      why: 'another internal topic',
      topic: '__transaction_state',
      error: { code: 'InvalidTopicException', message: 'Cannot append to internal topic __transaction_state' },
    },
  ])('refuses $why, for application and console producers alike, changing nothing', ({ topic, error }) => {
    const world = createWorld();
    expect(applyCommand(world, { kind: 'createTopic', topic: 'a.b', partitions: 1 }).ok).toBe(true);
    const before = JSON.stringify(describeWorld(world));
    expect(applyCommand(world, { kind: 'startProducer', name: 'p', topic, count: 1 })).toEqual({ ok: false, error });
    expect(applyCommand(world, { kind: 'produce', topic, records: [{ key: null, value: 'x' }] })).toEqual({ ok: false, error });
    expect(JSON.stringify(describeWorld(world))).toBe(before);
  });

  it('refuses an application producer whose first record is over max.request.size (its default)', () => {
    const world = createWorld();
    const tooLarge = applyCommand(world, { kind: 'startProducer', name: 'p', topic: 't', valueTemplate: `${'x'.repeat(1_048_489)}{n}` });
    expect(tooLarge).toEqual({
      ok: false,
      error: {
        code: 'RecordTooLargeException',
        message: 'The message is 1048577 bytes when serialized which is larger than 1048576, which is the value of the max.request.size configuration.',
      },
    });
    expect(applyCommand(world, { kind: 'startProducer', name: 'p', topic: 't', valueTemplate: `${'x'.repeat(1_048_488)}{n}` }).ok).toBe(true);
  });
});
