/**
 * Property tests of the whole engine: random small worlds and random command sequences,
 * interleaved with runs of ticks. What must hold whatever learners do:
 *   (a) the invariant checker finds nothing after any tick;
 *   (b) same seed + same commands ⇒ byte-identical event trace;
 *   (c) Timeline.seek(t) lands on exactly the state a fresh run reaches at t;
 *   (d) delivery guarantees: commit-after + earliest never skips a record, commit-before
 *       never processes one twice, whatever crashes, restarts, stops and joins happen.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyCommand,
  busyReason,
  createWorld,
  describeWorld,
  InvariantChecker,
  ledgerOf,
  tick,
  Timeline,
  type Command,
  type CommitMode,
  type World,
  type WorldEvent,
  type WorldOptions,
} from '../../engine/index.ts';

// ---------------------------------------------------------------------------------------------
// Generators

const TOPICS = ['t0', 't1', 't2'] as const;
const PRODUCERS = ['p0', 'p1', 'p2'] as const;
const CONSUMERS = ['c0', 'c1', 'c2', 'c3', 'c4'] as const;
const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

/** One step of a scenario: a command, or a run of ticks. */
type Step = { readonly command: Command } | { readonly ticks: number };

const topicName = fc.constantFrom(...TOPICS);

const options: fc.Arbitrary<Partial<WorldOptions>> = fc.record({
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  networkDelayTicks: fc.constantFrom(0, 1, 1, 2),
  sessionTimeoutTicks: fc.constantFrom(10, 30),
  heartbeatIntervalTicks: fc.constantFrom(1, 3),
  rebalanceDelayTicks: fc.constantFrom(0, 3),
  fetchMaxWaitTicks: fc.constantFrom(0, 2, 5),
  requestTimeoutTicks: fc.constantFrom(4, 10),
  batchSizeBytes: fc.constantFrom(40, 16_384),
});

const createTopic = (retention: boolean): fc.Arbitrary<Command> =>
  fc
    .record({
      topic: topicName,
      partitions: fc.integer({ min: 1, max: 4 }),
      retentionMs: retention ? fc.option(fc.integer({ min: 1, max: 40 }).map((n) => n * 100), { freq: 3 }) : fc.constant(null),
      retentionBytes: retention ? fc.option(fc.integer({ min: 2, max: 20 }).map((n) => n * 20), { freq: 3 }) : fc.constant(null),
    })
    .map(({ topic, partitions, retentionMs, retentionBytes }) => {
      const configs: [string, string][] = [];
      if (retentionMs !== null) configs.push(['retention.ms', String(retentionMs)]);
      if (retentionBytes !== null) configs.push(['retention.bytes', String(retentionBytes)]);
      return { kind: 'createTopic', topic, partitions, configs };
    });

const startProducer: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('startProducer' as const),
  name: fc.constantFrom(...PRODUCERS),
  topic: topicName,
  everyTicks: fc.integer({ min: 1, max: 4 }),
  count: fc.integer({ min: 1, max: 20 }),
  batch: fc.integer({ min: 1, max: 3 }),
  keys: fc.oneof(fc.constant([] as string[]), fc.subarray([...KEYS], { minLength: 1 })),
  acks: fc.constantFrom(0 as const, 1 as const, 'all' as const),
});

const consoleProduce: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('produce' as const),
  topic: topicName,
  records: fc.array(fc.record({ key: fc.option(fc.constantFrom(...KEYS)), value: fc.option(fc.string({ maxLength: 6 }), { freq: 8 }) }), { minLength: 1, maxLength: 4 }),
});

interface ConsumerPlan {
  readonly group: string;
  readonly commitMode: CommitMode;
  readonly offsetReset: 'earliest' | 'latest';
}

const startConsumer = (plan: (name: string) => fc.Arbitrary<ConsumerPlan>): fc.Arbitrary<Command> =>
  fc.constantFrom(...CONSUMERS).chain((name) =>
    fc.record({
      kind: fc.constant('startConsumer' as const),
      name: fc.constant(name),
      plan: plan(name),
      topics: fc.subarray([...TOPICS], { minLength: 1, maxLength: 2 }),
      processTicks: fc.integer({ min: 0, max: 3 }),
      maxPollRecords: fc.integer({ min: 1, max: 10 }),
      autoCommitIntervalTicks: fc.integer({ min: 1, max: 12 }),
      assignor: fc.constantFrom('range' as const, 'roundrobin' as const, 'sticky' as const),
    }).map(({ plan: p, ...rest }): Command => ({ ...rest, group: p.group, commitMode: p.commitMode, offsetReset: p.offsetReset })),
  );

/** Any group, any mode, any reset policy. */
const anyPlan = (): fc.Arbitrary<ConsumerPlan> =>
  fc.record({
    group: fc.constantFrom('g0', 'g1'),
    commitMode: fc.constantFrom('auto' as const, 'after' as const, 'before' as const),
    offsetReset: fc.constantFrom('earliest' as const, 'latest' as const),
  });

const consumerCommand = fc.record({
  kind: fc.constantFrom('crashConsumer' as const, 'restartConsumer' as const, 'stopConsumer' as const),
  name: fc.constantFrom(...CONSUMERS),
});

const alterPartitions: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('alterPartitions' as const),
  topic: topicName,
  partitions: fc.integer({ min: 2, max: 5 }),
});

const faults = (loss: boolean): fc.Arbitrary<Command> =>
  fc.record({
    kind: fc.constant('configureFaults' as const),
    jitterTicks: fc.integer({ min: 0, max: 2 }),
    requestLossRate: loss ? fc.constantFrom(0, 0, 0.1, 0.3) : fc.constant(0),
    responseLossRate: loss ? fc.constantFrom(0, 0, 0.1, 0.3) : fc.constant(0),
  });

const seed: fc.Arbitrary<Command> = fc.record({ kind: fc.constant('seed' as const), seed: fc.integer({ min: 0, max: 1000 }) });

const ticks: fc.Arbitrary<Step> = fc.integer({ min: 1, max: 15 }).map((n) => ({ ticks: n }));

interface ScenarioShape {
  readonly retention: boolean;
  readonly loss: boolean;
  readonly consumer: fc.Arbitrary<Command>;
}

/** A scenario: an opening that gives the world something to do, then commands interleaved with ticks. */
function scenario(shape: ScenarioShape): fc.Arbitrary<{ options: Partial<WorldOptions>; steps: Step[] }> {
  const command: fc.Arbitrary<Command> = fc.oneof(
    { weight: 2, arbitrary: createTopic(shape.retention) },
    { weight: 3, arbitrary: startProducer },
    { weight: 1, arbitrary: consoleProduce },
    { weight: 4, arbitrary: shape.consumer },
    { weight: 4, arbitrary: consumerCommand },
    { weight: 1, arbitrary: alterPartitions },
    { weight: 1, arbitrary: faults(shape.loss) },
    { weight: 1, arbitrary: seed },
  );
  const step: fc.Arbitrary<Step> = fc.oneof({ weight: 3, arbitrary: command.map((c) => ({ command: c })) }, { weight: 2, arbitrary: ticks });
  const opening = fc.tuple(createTopic(shape.retention), startProducer, shape.consumer).map((cs) => cs.map((c) => ({ command: c })));
  return fc.record({
    options,
    steps: fc
      .tuple(opening, fc.array(step, { minLength: 4, maxLength: 30, size: 'max' }), fc.integer({ min: 10, max: 60 }))
      .map(([a, b, tail]) => [...a, ...b, { ticks: tail }]),
  });
}

const MAX_TICKS = 150;

// ---------------------------------------------------------------------------------------------
// Drivers

interface Run {
  readonly world: World;
  readonly events: WorldEvent[];
  readonly problems: string[];
}

/** Runs `steps` on a fresh world (ticks capped at MAX_TICKS), checking invariants after every tick. */
function run(opts: Partial<WorldOptions>, steps: readonly Step[], check = true): Run {
  const world = createWorld(opts);
  const checker = new InvariantChecker();
  const events: WorldEvent[] = [];
  const problems: string[] = [];
  for (const s of steps) {
    if ('command' in s) {
      const result = applyCommand(world, s.command);
      if (result.ok) {
        events.push(...result.events);
        checker.observe(result.events);
      }
      continue;
    }
    for (let i = 0; i < s.ticks && world.tick < MAX_TICKS; i++) {
      const evs = tick(world);
      events.push(...evs);
      if (!check) continue;
      checker.observe(evs);
      for (const p of checker.check(world)) problems.push(`tick ${world.tick}: ${p}`);
    }
  }
  return { world, events, problems };
}

/** The same steps through a Timeline; returns it at its head. */
function record(opts: Partial<WorldOptions>, steps: readonly Step[], maxTicks: number): Timeline {
  const timeline = new Timeline(opts, { maxTicks, maxEvents: 64 });
  for (const s of steps) {
    if ('command' in s) timeline.apply(s.command);
    else for (let i = 0; i < s.ticks && timeline.tick < MAX_TICKS; i++) timeline.step();
  }
  return timeline;
}

/** The state a fresh world reaches at tick `t` replaying `timeline`'s recorded commands. */
function freshAt(opts: Partial<WorldOptions>, timeline: Timeline, t: number): string {
  const world = createWorld(opts);
  const entries = timeline.entries;
  let i = 0;
  const applyDue = () => {
    while (i < entries.length && (entries[i] as (typeof entries)[number]).tick === world.tick) {
      applyCommand(world, (entries[i] as (typeof entries)[number]).command);
      i++;
    }
  };
  applyDue();
  while (world.tick < t) {
    tick(world);
    applyDue();
  }
  return JSON.stringify(describeWorld(world));
}

/** Steps the world until it is quiet, or fails the property after `cap` ticks. */
function runToQuiet(world: World, cap: number): string | null {
  for (let i = 0; i < cap; i++) {
    if (busyReason(world) === null) return null;
    tick(world);
  }
  return busyReason(world);
}

// ---------------------------------------------------------------------------------------------
// Properties

const general = scenario({ retention: true, loss: true, consumer: startConsumer(anyPlan) });

describe('random worlds', () => {
  it('(a) keep every invariant after every tick', () => {
    fc.assert(
      fc.property(general, ({ options: o, steps }) => {
        expect(run(o, steps).problems).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('(b) give a byte-identical event trace for the same seed and commands', () => {
    fc.assert(
      fc.property(general, ({ options: o, steps }) => {
        const first = JSON.stringify(run(o, steps, false).events);
        const second = JSON.stringify(run(o, steps, false).events);
        expect(second).toBe(first);
      }),
      { numRuns: 150 },
    );
  });

  it('(c) seek to any tick, back and forth, lands on the state a fresh run reaches there', () => {
    fc.assert(
      fc.property(general, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 40 }), ({ options: o, steps }, targets, every) => {
        const timeline = record(o, steps, every);
        for (const raw of targets) {
          const t = raw % (timeline.headTick + 1);
          timeline.seek(t);
          expect(JSON.stringify(describeWorld(timeline.world))).toBe(freshAt(o, timeline, t));
        }
        timeline.seekHead();
        expect(JSON.stringify(describeWorld(timeline.world))).toBe(freshAt(o, timeline, timeline.headTick));
      }),
      { numRuns: 150 },
    );
  });
});

describe('delivery guarantees', () => {
  // Group `after` only ever commits after processing, and resets to earliest: it can redo, never skip.
  // Group `before` only ever commits before processing: it can skip, never redo.
  // No retention (it deletes records nobody processed), no offset resets: neither is a consumer's doing.
  const guaranteePlan = (name: string): fc.Arbitrary<ConsumerPlan> =>
    name === 'c0' || name === 'c1' || name === 'c2'
      ? fc.constant({ group: 'after', commitMode: 'after', offsetReset: 'earliest' })
      : fc.constantFrom<ConsumerPlan>({ group: 'before', commitMode: 'before', offsetReset: 'earliest' }, { group: 'before', commitMode: 'before', offsetReset: 'latest' });

  const guarded = scenario({ retention: false, loss: true, consumer: startConsumer(guaranteePlan) });

  it('(d) commit-after with earliest never skips; commit-before never processes twice', () => {
    fc.assert(
      fc.property(guarded, ({ options: o, steps }) => {
        const { world, problems } = run(o, steps);
        expect(problems).toEqual([]);
        // Let it settle: producers finish (finite counts), crashed sessions expire, consumers catch up.
        expect(runToQuiet(world, 400)).toBeNull();
        const after = ledgerOf(world, 'after');
        const before = ledgerOf(world, 'before');
        expect(after?.skipped ?? []).toEqual([]);
        expect(before?.duplicated ?? []).toEqual([]);
      }),
      { numRuns: 350 },
    );
  });
});
