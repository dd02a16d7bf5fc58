/**
 * `node bench/fingerprint.ts`: digests of the engine's behaviour, for checking that a
 * performance change kept it byte-identical. Run it before and after an engine change: every
 * digest must match. It hashes (SHA-256) every event and the canonical world picture
 * (describeWorld) of:
 *   - the bench's own workloads (a 100,000-record pipeline, a 20,000-tick busy history with
 *     seeks to random ticks);
 *   - hundreds of fuzzed worlds: random options (delays, jitter, loss, zero-delay hops) and
 *     random commands of every kind, with seeks into the past and actions that discard the future.
 * Everything random comes from the bench's seeded PRNG, so the digests depend only on the engine.
 * `--worlds=N` changes the number of fuzzed worlds (default 300).
 */
import { createHash, type Hash } from 'node:crypto';
import { describeWorld, Timeline, type Command, type WorldOptions } from '../engine/index.ts';
import { createBenchRng, type BenchRng } from './lib/prng.ts';
import { BUSY_HISTORY, buildBusyHistory, MILLION_RECORDS, runPipeline } from './lib/workloads.ts';

/** JSON with Maps and Sets spelled out, and record stores left out (they are shared, not state). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === 'store') return undefined;
    if (v instanceof Map) return { map: [...v] };
    if (v instanceof Set) return { set: [...v] };
    return v;
  });
}

/** Event kinds the fuzz reached, so a digest that covers nothing is noticed. */
const kindsSeen = new Map<string, number>();

function feed(hash: Hash, label: string, value: unknown): void {
  const events = Array.isArray(value) ? value : (value as { events?: unknown } | null)?.events;
  if (Array.isArray(events)) for (const e of events as { kind: string }[]) kindsSeen.set(e.kind, (kindsSeen.get(e.kind) ?? 0) + 1);
  hash.update(label);
  hash.update(canonical(value));
  hash.update('\n');
}

const pick = <T>(rng: BenchRng, items: readonly T[]): T => items[rng.int(items.length)] as T;
const maybe = (rng: BenchRng, p: number) => rng.next() < p;

const TOPICS = ['alpha', 'beta', 'gamma'];
const PRODUCERS = ['p1', 'p2', 'p3'];
const CONSUMERS = ['c1', 'c2', 'c3', 'c4', 'c5'];
const GROUPS = ['g1', 'g2'];

/** A random command of any kind, valid or not (refusals are behaviour too). */
function randomCommand(rng: BenchRng, world: Timeline['world']): Command {
  const topic = pick(rng, TOPICS);
  const consoleNames = [...world.consumers.keys()].filter((n) => n.startsWith('console-consumer#'));
  switch (rng.int(16)) {
    case 0:
    case 1: {
      const configs: [string, string][] = [];
      if (maybe(rng, 0.3)) configs.push(['retention.ms', String(100 * (1 + rng.int(60)))]);
      if (maybe(rng, 0.3)) configs.push(['retention.bytes', String(20 * (1 + rng.int(30)))]);
      if (maybe(rng, 0.05)) configs.push(['bogus.config', '1']);
      return { kind: 'createTopic', topic, partitions: 1 + rng.int(4), configs };
    }
    case 2:
      return maybe(rng, 0.5) ? { kind: 'deleteTopic', topic } : { kind: 'alterPartitions', topic, partitions: 1 + rng.int(6) };
    case 3:
      return {
        kind: 'produce',
        topic,
        acks: pick(rng, [0, 1, 'all'] as const),
        records: Array.from({ length: 1 + rng.int(4) }, (_, i) => ({
          key: maybe(rng, 0.5) ? `k${rng.int(5)}` : null,
          value: maybe(rng, 0.9) ? `v${i}-${rng.int(1000)}` : null,
          ...(maybe(rng, 0.2) ? { headers: [{ key: 'h', value: `x${rng.int(9)}` }] } : {}),
        })),
      };
    case 4:
    case 5:
      return {
        kind: 'startProducer',
        name: pick(rng, PRODUCERS),
        topic,
        everyTicks: 1 + rng.int(3),
        count: maybe(rng, 0.5) ? null : rng.int(60),
        batch: 1 + rng.int(6),
        keys: maybe(rng, 0.5) ? [] : Array.from({ length: 1 + rng.int(4) }, (_, i) => `key-${i}`),
        valueTemplate: maybe(rng, 0.8) ? 'v{n}' : 'constant',
        acks: pick(rng, [0, 1, 'all'] as const),
        idempotent: maybe(rng, 0.7),
      };
    case 6:
      return { kind: 'stopProducer', name: pick(rng, PRODUCERS) };
    case 7:
    case 8:
      return {
        kind: 'startConsumer',
        name: pick(rng, CONSUMERS),
        group: pick(rng, GROUPS),
        topics: maybe(rng, 0.7) ? [topic] : [topic, pick(rng, TOPICS)].filter((t, i, a) => a.indexOf(t) === i),
        commitMode: pick(rng, ['auto', 'after', 'before', 'close', 'none'] as const),
        autoCommitIntervalTicks: 1 + rng.int(12),
        processTicks: rng.int(3),
        maxPollRecords: 1 + rng.int(12),
        offsetReset: pick(rng, ['earliest', 'latest'] as const),
        assignor: pick(rng, ['range', 'roundrobin', 'sticky'] as const),
      };
    case 9:
      return {
        kind: 'startConsumer',
        name: '',
        group: maybe(rng, 0.5) ? '' : pick(rng, GROUPS),
        topics: [topic],
        console: { maxMessages: maybe(rng, 0.5) ? null : 1 + rng.int(8) },
        offsetReset: 'earliest',
      };
    case 10:
      return { kind: 'stopConsumer', name: pick(rng, CONSUMERS) };
    case 11:
      return { kind: 'crashConsumer', name: pick(rng, CONSUMERS) };
    case 12:
      return { kind: 'restartConsumer', name: pick(rng, CONSUMERS) };
    case 13:
      return { kind: 'removeConsumer', name: consoleNames.length > 0 && maybe(rng, 0.7) ? pick(rng, consoleNames) : pick(rng, CONSUMERS) };
    case 14: {
      const spec = pick(rng, [{ to: 'earliest' }, { to: 'latest' }, { to: 'offset', offset: rng.int(20) }, { to: 'shift', by: rng.int(11) - 5 }] as const);
      return maybe(rng, 0.8)
        ? { kind: 'resetOffsets', group: pick(rng, GROUPS), topic, spec, ...(maybe(rng, 0.3) ? { partitions: [0] } : {}) }
        : { kind: 'deleteGroup', group: pick(rng, GROUPS) };
    }
    default:
      return maybe(rng, 0.8)
        ? {
            kind: 'configureFaults',
            requestLossRate: pick(rng, [0, 0, 0.1, 0.3]),
            responseLossRate: pick(rng, [0, 0, 0.1, 0.3]),
            jitterTicks: pick(rng, [0, 0, 1, 3]),
          }
        : { kind: 'seed', seed: rng.int(1000) };
  }
}

function randomOptions(rng: BenchRng): Partial<WorldOptions> {
  return {
    seed: rng.int(1_000_000),
    networkDelayTicks: pick(rng, [0, 1, 1, 2]),
    jitterTicks: pick(rng, [0, 0, 1, 2]),
    sessionTimeoutTicks: pick(rng, [10, 30]),
    heartbeatIntervalTicks: pick(rng, [1, 3]),
    rebalanceDelayTicks: pick(rng, [0, 3]),
    fetchMaxWaitTicks: pick(rng, [0, 2, 5]),
    requestTimeoutTicks: pick(rng, [3, 10]),
    retries: pick(rng, [0, 2, 5]),
    batchSizeBytes: pick(rng, [40, 16_384]),
    requestLossRate: pick(rng, [0, 0, 0.05]),
    responseLossRate: pick(rng, [0, 0, 0.05]),
  };
}

/** One fuzzed world: random commands while stepping, seeks back, and actions in the past. */
function fuzzWorld(hash: Hash, seed: number, ticks: number): void {
  const rng = createBenchRng(seed);
  const timeline = new Timeline(randomOptions(rng), { maxTicks: 1 + rng.int(64), maxEvents: 16 + rng.int(512) });
  const apply = (command: Command) => {
    const result = timeline.apply(command);
    feed(hash, 'apply', result.ok ? { events: result.events, detail: result.detail ?? null, discarded: result.discardedTicks } : result);
  };
  // Most worlds start with a working pipeline so the fuzz reaches deep states.
  if (maybe(rng, 0.8)) {
    apply({ kind: 'createTopic', topic: 'alpha', partitions: 1 + rng.int(4) });
    apply({ kind: 'startConsumer', name: 'c1', group: 'g1', topics: ['alpha'], processTicks: rng.int(2), offsetReset: 'earliest' });
    apply({ kind: 'startProducer', name: 'p1', topic: 'alpha', batch: 1 + rng.int(4), keys: maybe(rng, 0.5) ? ['a', 'b', 'c'] : [] });
  }
  for (let i = 0; i < ticks; i++) {
    while (maybe(rng, 0.12)) apply(randomCommand(rng, timeline.world));
    feed(hash, 'step', timeline.step());
    if (maybe(rng, 0.02) && timeline.headTick > 0) {
      // Travel: seek into the past, check the state, and sometimes act there (discarding the future).
      const target = rng.int(timeline.headTick + 1);
      feed(hash, 'seek', timeline.seek(target));
      feed(hash, 'world', describeWorld(timeline.world));
      if (maybe(rng, 0.3)) apply(randomCommand(rng, timeline.world));
      else if (maybe(rng, 0.5)) feed(hash, 'head', timeline.seekHead());
    }
    if (i % 50 === 0) feed(hash, 'world', describeWorld(timeline.world));
  }
  feed(hash, 'world', describeWorld(timeline.world));
  feed(hash, 'checkpoints', timeline.checkpointCount);
}

function digest(label: string, fill: (hash: Hash) => void): [string, string] {
  const hash = createHash('sha256');
  const t0 = performance.now();
  fill(hash);
  const d = hash.digest('hex').slice(0, 16);
  console.log(`${label.padEnd(28)} ${d}  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return [label, d];
}

const worldsArg = process.argv.find((a) => a.startsWith('--worlds='));
const worlds = worldsArg ? Number(worldsArg.slice('--worlds='.length)) : 300;

const digests = [
  digest('pipeline 100k records', (hash) => {
    const run = runPipeline({ ...MILLION_RECORDS, records: 100_000 });
    feed(hash, 'summary', { ticks: run.ticks, events: run.events, processed: run.processed, checkpoints: run.timeline.checkpointCount });
    const world = run.timeline.world;
    feed(hash, 'world', describeWorld(world));
    // Replaying the recorded pipeline tick by tick must give the same events.
    run.timeline.seek(0);
    while (run.timeline.tick < run.ticks) feed(hash, 'replay', run.timeline.step());
  }),
  digest('busy history 20k ticks', (hash) => {
    const { timeline, events, crashes } = buildBusyHistory({ ...BUSY_HISTORY, ticks: 20_000 });
    feed(hash, 'summary', { events, crashes, checkpoints: timeline.checkpointCount });
    const rng = createBenchRng(9);
    for (let i = 0; i < 40; i++) {
      feed(hash, 'seek', timeline.seek(rng.int(timeline.headTick + 1)));
      feed(hash, 'world', describeWorld(timeline.world));
    }
  }),
  digest(`fuzz ${worlds} worlds`, (hash) => {
    for (let w = 0; w < worlds; w++) fuzzWorld(hash, 1000 + w, 300);
  }),
];
const all = createHash('sha256');
for (const [label, d] of digests) all.update(`${label}=${d};`);
console.log(`${'all'.padEnd(28)} ${all.digest('hex').slice(0, 16)}`);
console.log(
  `event kinds reached: ${kindsSeen.size} — ${[...kindsSeen]
    .sort((a, b) => a[1] - b[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}`,
);
