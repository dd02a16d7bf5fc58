/**
 * Property tests of the whole engine: random small worlds and random command sequences,
 * interleaved with runs of ticks. What must hold whatever learners do:
 *   (a) the invariant checker finds nothing after any tick; besides, no two live consumers of a
 *       group hold one partition, each consumer processes a partition in offset order, and a
 *       group's committed offsets only move forward unless an administrator moves them;
 *   (b) same seed + same commands ⇒ byte-identical event trace;
 *   (c) Timeline.seek(t) lands on exactly the state a fresh run reaches at t (and returns that
 *       tick's events), however often it goes back and forth; stepping on replays the recorded
 *       future; acting in the past gives what a fresh run of the kept history gives;
 *   (d) delivery guarantees: commit-after + earliest never skips a record, commit-before never
 *       processes one twice, whatever crashes, restarts, stops and joins happen;
 *   (e) producers: an idempotent producer's acknowledged records are in the log exactly once and
 *       in the order it sent them, whatever requests and answers are lost;
 *   (f) without crashes, no group processes a record twice, whatever its commit mode.
 * Worlds stay small (≤ 150 ticks) so well over a thousand cases run in seconds.
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
import { propertyRuns } from './helpers.ts';

/** The records of one produce request, as `records.sent` carries them. */
type SentRecords = Extract<WorldEvent, { kind: 'records.sent' }>['payload']['records'];

// ---------------------------------------------------------------------------------------------
// Generators

const TOPICS = ['t0', 't1', 't2'] as const;
const PRODUCERS = ['p0', 'p1', 'p2'] as const;
const CONSUMERS = ['c0', 'c1', 'c2', 'c3', 'c4'] as const;
const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
const MAX_TICKS = 150;

/** One step of a scenario: a command, or a run of ticks. */
type Step = { readonly command: Command } | { readonly ticks: number };
interface Scenario {
  readonly options: Partial<WorldOptions>;
  readonly steps: readonly Step[];
}

const topicName = fc.constantFrom(...TOPICS);

/**
 * Options over their whole sensible range, zero-delay hops and retries faster than answers
 * included (heartbeats stay under the session timeout, as Kafka requires).
 */
const worldOptions: fc.Arbitrary<Partial<WorldOptions>> = fc.record({
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  networkDelayTicks: fc.integer({ min: 0, max: 3 }),
  jitterTicks: fc.constantFrom(0, 0, 1, 4),
  sessionTimeoutTicks: fc.integer({ min: 4, max: 40 }),
  heartbeatIntervalTicks: fc.integer({ min: 1, max: 3 }),
  rebalanceDelayTicks: fc.integer({ min: 0, max: 5 }),
  fetchMaxWaitTicks: fc.integer({ min: 0, max: 6 }),
  requestTimeoutTicks: fc.integer({ min: 1, max: 12 }),
  retries: fc.integer({ min: 0, max: 6 }),
  autoCommitIntervalTicks: fc.integer({ min: 1, max: 12 }),
  maxPollRecords: fc.integer({ min: 1, max: 10 }),
  batchSizeBytes: fc.constantFrom(20, 40, 16_384),
  requestLossRate: fc.constantFrom(0, 0, 0.2),
  responseLossRate: fc.constantFrom(0, 0, 0.2),
});

const createTopic = (retention: boolean): fc.Arbitrary<Command> =>
  fc
    .record({
      topic: topicName,
      partitions: fc.integer({ min: 1, max: 4 }),
      retentionMs: retention ? fc.option(fc.integer({ min: 1, max: 40 }).map((n) => n * 100), { freq: 3 }) : fc.constant(null),
      retentionBytes: retention ? fc.option(fc.integer({ min: 2, max: 20 }).map((n) => n * 20), { freq: 3 }) : fc.constant(null),
    })
    .map(({ topic, partitions, retentionMs, retentionBytes }): Command => {
      const configs: [string, string][] = [];
      if (retentionMs !== null) configs.push(['retention.ms', String(retentionMs)]);
      if (retentionBytes !== null) configs.push(['retention.bytes', String(retentionBytes)]);
      return { kind: 'createTopic', topic, partitions, configs };
    });

/** Application producers; `idempotent` is left to the default (on exactly with acks=all) most of the time. */
const startProducer: fc.Arbitrary<Command> = fc
  .record({
    name: fc.constantFrom(...PRODUCERS),
    topic: topicName,
    everyTicks: fc.integer({ min: 1, max: 4 }),
    count: fc.integer({ min: 1, max: 20 }),
    batch: fc.integer({ min: 1, max: 3 }),
    keys: fc.oneof(fc.constant([] as string[]), fc.subarray([...KEYS], { minLength: 1 })),
    acks: fc.constantFrom(0 as const, 1 as const, 'all' as const, 'all' as const),
    idempotent: fc.constantFrom(undefined, undefined, undefined, true, false),
  })
  .map(({ idempotent, ...rest }): Command => ({ kind: 'startProducer', ...rest, ...(idempotent === undefined ? {} : { idempotent }) }));

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
    fc
      .record({
        plan: plan(name),
        topics: fc.subarray([...TOPICS], { minLength: 1, maxLength: 2 }),
        processTicks: fc.integer({ min: 0, max: 3 }),
        maxPollRecords: fc.integer({ min: 1, max: 10 }),
        autoCommitIntervalTicks: fc.integer({ min: 1, max: 12 }),
        assignor: fc.constantFrom('range' as const, 'roundrobin' as const, 'sticky' as const),
      })
      .map(({ plan: p, ...rest }): Command => ({ kind: 'startConsumer', name, ...rest, group: p.group, commitMode: p.commitMode, offsetReset: p.offsetReset })),
  );

/** Any group, any mode, any reset policy. */
const anyPlan = (): fc.Arbitrary<ConsumerPlan> =>
  fc.record({
    group: fc.constantFrom('g0', 'g1'),
    commitMode: fc.constantFrom('auto' as const, 'after' as const, 'before' as const),
    offsetReset: fc.constantFrom('earliest' as const, 'latest' as const),
  });

const consumerCommand = (crashes: boolean): fc.Arbitrary<Command> =>
  fc.record({
    kind: crashes ? fc.constantFrom('crashConsumer' as const, 'restartConsumer' as const, 'stopConsumer' as const) : fc.constantFrom('restartConsumer' as const, 'stopConsumer' as const),
    name: fc.constantFrom(...CONSUMERS),
  });

/** A crash, some ticks, and a restart of the same consumer: the story lessons tell most. */
const bounce: fc.Arbitrary<Step[]> = fc
  .tuple(fc.constantFrom(...CONSUMERS), fc.integer({ min: 0, max: 40 }))
  .map(([name, wait]) => [{ command: { kind: 'crashConsumer', name } }, { ticks: wait }, { command: { kind: 'restartConsumer', name } }]);

const alterPartitions: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('alterPartitions' as const),
  topic: topicName,
  partitions: fc.integer({ min: 2, max: 5 }),
});

const faults = (loss: boolean): fc.Arbitrary<Command> =>
  fc.record({
    kind: fc.constant('configureFaults' as const),
    jitterTicks: fc.integer({ min: 0, max: 6 }),
    requestLossRate: loss ? fc.constantFrom(0, 0, 0.1, 0.3) : fc.constant(0),
    responseLossRate: loss ? fc.constantFrom(0, 0, 0.1, 0.3) : fc.constant(0),
  });

const seed: fc.Arbitrary<Command> = fc.record({ kind: fc.constant('seed' as const), seed: fc.integer({ min: 0, max: 1000 }) });

/** Administrative commands that delete or rewrite what consumers and producers rely on. */
const admin: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('deleteTopic' as const), topic: topicName }),
  fc.record({ kind: fc.constant('deleteGroup' as const), group: fc.constantFrom('g0', 'g1') }),
  fc.record({
    kind: fc.constant('resetOffsets' as const),
    group: fc.constantFrom('g0', 'g1'),
    topic: topicName,
    spec: fc.oneof(
      fc.constant({ to: 'earliest' as const }),
      fc.constant({ to: 'latest' as const }),
      fc.nat(30).map((offset) => ({ to: 'offset' as const, offset })),
      fc.integer({ min: -5, max: 5 }).map((by) => ({ to: 'shift' as const, by })),
    ),
  }),
  fc.constantFrom(...CONSUMERS).map((name): Command => ({ kind: 'removeConsumer', name })),
  fc.record({ maxMessages: fc.option(fc.integer({ min: 1, max: 8 })), topic: topicName }).map(
    ({ maxMessages, topic }): Command => ({ kind: 'startConsumer', name: 'console-consumer', group: '', topics: [topic], offsetReset: 'earliest', console: { maxMessages } }),
  ),
);

const ticks: fc.Arbitrary<Step> = fc.integer({ min: 1, max: 15 }).map((n) => ({ ticks: n }));

interface ScenarioShape {
  readonly retention: boolean;
  readonly loss: boolean;
  readonly admin: boolean;
  readonly crashes?: boolean;
  readonly consumer: fc.Arbitrary<Command>;
}

/** A scenario: an opening that gives the world something to do, then commands interleaved with ticks, then a run of ticks. */
function scenario(shape: ScenarioShape): fc.Arbitrary<Scenario> {
  const command: fc.Arbitrary<Command> = fc.oneof(
    { weight: 2, arbitrary: createTopic(shape.retention) },
    { weight: 3, arbitrary: startProducer },
    { weight: 1, arbitrary: consoleProduce },
    { weight: 4, arbitrary: shape.consumer },
    { weight: 4, arbitrary: consumerCommand(shape.crashes ?? true) },
    { weight: 1, arbitrary: alterPartitions },
    { weight: 1, arbitrary: faults(shape.loss) },
    { weight: 1, arbitrary: seed },
    { weight: shape.admin ? 2 : 0, arbitrary: admin },
  );
  const step: fc.Arbitrary<Step[]> = fc.oneof(
    { weight: 6, arbitrary: command.map((c) => [{ command: c }]) },
    { weight: shape.crashes === false ? 0 : 1, arbitrary: bounce },
    { weight: 4, arbitrary: ticks.map((t) => [t]) },
  );
  const opening = fc.tuple(createTopic(shape.retention), startProducer, shape.consumer).map((cs) => cs.map((c) => ({ command: c })));
  return fc.record({
    options: worldOptions,
    steps: fc
      .tuple(opening, fc.array(step, { minLength: 4, maxLength: 30, size: 'max' }), fc.integer({ min: 10, max: 60 }))
      .map(([a, b, tail]) => [...a, ...b.flat(), { ticks: tail }]),
  });
}

// ---------------------------------------------------------------------------------------------
// Drivers

interface Run {
  readonly world: World;
  readonly events: WorldEvent[];
  readonly problems: string[];
}

/** Runs `steps` on a fresh world (ticks capped at MAX_TICKS), checking invariants after every tick when asked. */
function run({ options, steps }: Scenario, check = true): Run {
  const world = createWorld(options);
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
      for (const p of [...checker.check(world), ...ownershipProblems(world)]) problems.push(`tick ${world.tick}: ${p}`);
    }
  }
  if (check) problems.push(...orderProblems(events), ...commitProblems(events));
  return { world, events, problems };
}

/** Eager rebalancing: no two live consumers of one group hold the same partition at a tick's end. */
function ownershipProblems(world: World): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  for (const c of world.consumers.values()) {
    if (c.status !== 'running' && c.status !== 'stopping') continue;
    for (const tp of c.assignment) {
      const key = `${c.group}/${tp.topic}-${tp.partition}`;
      const other = owners.get(key);
      if (other) problems.push(`${key} is held by both ${other} and ${c.name}`);
      owners.set(key, c.name);
    }
  }
  return problems;
}

/**
 * A group's committed offsets only move forward: consumers commit positions at or past what the
 * group committed before. Only an administrator moves them back (reset) or away (deletions).
 */
function commitProblems(events: readonly WorldEvent[]): string[] {
  const problems: string[] = [];
  const committed = new Map<string, number>();
  for (const e of events) {
    if (e.kind === 'group.offsets.reset' || e.kind === 'group.deleted') {
      for (const key of [...committed.keys()]) if (key.startsWith(`${e.payload.group}|`)) committed.delete(key);
    } else if (e.kind === 'topic.deleted') {
      for (const key of [...committed.keys()]) if (key.slice(key.indexOf('|') + 1, key.lastIndexOf('-')) === e.payload.topic) committed.delete(key);
    } else if (e.kind === 'offsets.committed') {
      for (const o of e.payload.offsets) {
        const key = `${e.payload.group}|${o.topic}-${o.partition}`;
        const before = committed.get(key);
        if (before !== undefined && o.offset < before) problems.push(`tick ${e.tick}: ${key} committed ${o.offset} after ${before} (by ${e.payload.consumer})`);
        committed.set(key, o.offset);
      }
    }
  }
  return problems;
}

/**
 * A consumer processes each partition in offset order: between two events that move it
 * (a start, restart, crash, rejoin, assignment or offset reset), its offsets only grow.
 */
function orderProblems(events: readonly WorldEvent[]): string[] {
  const problems: string[] = [];
  const last = new Map<string, number>();
  const forget = (consumer: string) => {
    for (const key of [...last.keys()]) if (key.startsWith(`${consumer}|`)) last.delete(key);
  };
  for (const e of events) {
    switch (e.kind) {
      case 'consumer.started':
      case 'consumer.restarted':
      case 'consumer.crashed':
        forget(e.payload.consumer);
        break;
      case 'member.rejoined':
      case 'partition.assigned':
        forget(e.destination.startsWith('consumer:') ? e.destination.slice('consumer:'.length) : e.source.slice('consumer:'.length));
        break;
      case 'offset.reset':
        last.delete(`${e.payload.consumer}|${e.payload.topic}-${e.payload.partition}`);
        break;
      case 'record.processed': {
        const key = `${e.payload.consumer}|${e.payload.topic}-${e.payload.partition}`;
        const before = last.get(key);
        if (before !== undefined && e.payload.offset <= before) problems.push(`tick ${e.tick}: ${key}@${e.payload.offset} processed after @${before}`);
        last.set(key, e.payload.offset);
        break;
      }
    }
  }
  return problems;
}

/** The same steps through a Timeline (checkpointing every `every` ticks); returns it at its head. */
function record({ options, steps }: Scenario, every: number): Timeline {
  const timeline = new Timeline(options, { maxTicks: every, maxEvents: 64 });
  for (const s of steps) {
    if ('command' in s) timeline.apply(s.command);
    else for (let i = 0; i < s.ticks && timeline.tick < MAX_TICKS; i++) timeline.step();
  }
  return timeline;
}

/** The state a fresh world reaches at tick `t` replaying `timeline`'s recorded commands, and the events of that tick. */
function freshRunTo(options: Partial<WorldOptions>, timeline: Timeline, t: number): { state: string; events: string } {
  const world = createWorld(options);
  const entries = timeline.entries;
  let i = 0;
  let events: WorldEvent[] = [];
  const applyDue = () => {
    for (let entry = entries[i]; entry && entry.tick === world.tick; entry = entries[++i]) {
      const result = applyCommand(world, entry.command);
      if (result.ok) events.push(...result.events);
    }
  };
  applyDue();
  while (world.tick < t) {
    events = tick(world);
    applyDue();
  }
  return { state: JSON.stringify(describeWorld(world)), events: JSON.stringify(events) };
}

const freshAt = (options: Partial<WorldOptions>, timeline: Timeline, t: number): string => freshRunTo(options, timeline, t).state;

/** Steps the world until it is quiet; the reason it is still busy after `cap` ticks, else null. */
function runToQuiet(world: World, cap: number): string | null {
  for (let i = 0; i < cap; i++) {
    if (busyReason(world) === null) return null;
    tick(world);
  }
  return busyReason(world);
}

const stateOf = (world: World) => JSON.stringify(describeWorld(world));

// ---------------------------------------------------------------------------------------------
// Properties

const general = scenario({ retention: true, loss: true, admin: true, consumer: startConsumer(anyPlan) });

describe('random worlds', () => {
  it('(a) keep every invariant after every tick', () => {
    fc.assert(
      fc.property(general, (s) => {
        const { world, problems } = run(s);
        expect(problems).toEqual([]);
        // Liveness: producers have finite counts, so every world settles (what `sim run` waits for).
        // A console consumer short of its --max-messages waits for ever, as the real tool does
        // (the shell ends it with --timeout-ms): stop those first.
        for (const c of world.consumers.values()) if (c.console && c.status === 'running') applyCommand(world, { kind: 'stopConsumer', name: c.name });
        expect(runToQuiet(world, 20_000)).toBeNull();
      }),
      { numRuns: propertyRuns(1500) },
    );
  });

  it('(b) give a byte-identical event trace for the same seed and commands', () => {
    fc.assert(
      fc.property(general, (s) => {
        const first = run(s, false);
        const second = run(s, false);
        expect(JSON.stringify(second.events)).toBe(JSON.stringify(first.events));
        expect(stateOf(second.world)).toBe(stateOf(first.world));
      }),
      { numRuns: propertyRuns(600) },
    );
  });

  it('(c) seek to any tick, back and forth, lands on the state a fresh run reaches there, with that tick’s events', () => {
    fc.assert(
      fc.property(general, fc.array(fc.tuple(fc.nat(), fc.nat(4)), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 40 }), (s, targets, every) => {
        const timeline = record(s, every);
        const head = stateOf(timeline.world);
        for (const [raw, steps] of targets) {
          const t = raw % (timeline.headTick + 1);
          const events = JSON.stringify(timeline.seek(t));
          const fresh = freshRunTo(s.options, timeline, t);
          expect(stateOf(timeline.world)).toBe(fresh.state);
          expect(events).toBe(fresh.events);
          // Stepping on from there replays the recorded future, tick for tick.
          for (let i = 0; i < steps && timeline.tick < timeline.headTick; i++) {
            const replayed = JSON.stringify(timeline.step());
            const again = freshRunTo(s.options, timeline, timeline.tick);
            expect(replayed).toBe(again.events);
            expect(stateOf(timeline.world)).toBe(again.state);
          }
        }
        timeline.seekHead();
        expect(stateOf(timeline.world)).toBe(head);
      }),
      { numRuns: propertyRuns(400) },
    );
  });

  it('(c) acting in the past gives what a fresh run of the kept history and the new command gives', () => {
    const command = fc.oneof(startProducer, startConsumer(anyPlan), consumerCommand(true), createTopic(true), alterPartitions);
    fc.assert(
      fc.property(general, fc.nat(), command, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 40 }), (s, raw, c, after, every) => {
        const timeline = record(s, every);
        const t = raw % (timeline.headTick + 1);
        timeline.seek(t);
        const result = timeline.apply(c);
        if (result.ok) expect(timeline.headTick).toBe(t);
        for (let i = 0; i < after; i++) timeline.step();
        expect(stateOf(timeline.world)).toBe(freshAt(s.options, timeline, timeline.tick));
        // And the new history replays: back to the start and forward again.
        timeline.seek(0);
        timeline.seekHead();
        expect(stateOf(timeline.world)).toBe(freshAt(s.options, timeline, timeline.tick));
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});

describe('delivery guarantees', () => {
  // Group `after` only ever commits after processing, and resets to earliest: it can redo, never skip.
  // (With `latest`, a partition whose owner crashed before its first commit restarts at the log
  // end and skips what came meanwhile, as in Kafka, so `latest` is not generated for it.)
  // Group `before` only ever commits before processing: it can skip, never redo (either policy).
  // No retention (it deletes records nobody processed) and no offset resets or topic deletion:
  // those are an administrator's doing, not a consumer's.
  const guaranteePlan = (name: string): fc.Arbitrary<ConsumerPlan> =>
    name === 'c0' || name === 'c1' || name === 'c2'
      ? fc.constant({ group: 'after', commitMode: 'after', offsetReset: 'earliest' })
      : fc.constantFrom<ConsumerPlan>({ group: 'before', commitMode: 'before', offsetReset: 'earliest' }, { group: 'before', commitMode: 'before', offsetReset: 'latest' });

  const guarded = scenario({ retention: false, loss: true, admin: false, consumer: startConsumer(guaranteePlan) });

  it('(d) commit-after with earliest never skips; commit-before never processes twice', () => {
    fc.assert(
      fc.property(guarded, (s) => {
        const { world, problems } = run(s);
        expect(problems).toEqual([]);
        // Let it settle (producers have finite counts): sessions of crashed members expire, consumers catch up and commit.
        expect(runToQuiet(world, 20_000)).toBeNull();
        expect(ledgerOf(world, 'after')?.skipped ?? []).toEqual([]);
        expect(ledgerOf(world, 'before')?.duplicated ?? []).toEqual([]);
      }),
      { numRuns: propertyRuns(1200) },
    );
  });

  it('(e) an idempotent producer puts each acknowledged record in the log once, in the order it sent them', () => {
    // Unique values per producer start, so a value in the log names the record it came from.
    const uniqueValues = (c: Command, i: number): Command => (c.kind === 'startProducer' ? { ...c, valueTemplate: `${c.name}#${i}-{n}` } : c);
    const lossy = scenario({ retention: false, loss: true, admin: false, consumer: startConsumer(anyPlan) }).map(
      (s): Scenario => ({ ...s, steps: s.steps.map((step, i) => ('command' in step ? { command: uniqueValues(step.command, i) } : step)) }),
    );
    fc.assert(
      fc.property(lossy, (s) => {
        const { world, events } = run(s);
        runToQuiet(world, 20_000);
        const sent = new Map<number, SentRecords>();
        const idempotent = new Set<string>();
        for (const e of events) {
          if (e.kind === 'records.sent') sent.set(e.payload.requestId, e.payload.records);
        }
        for (const c of s.steps) {
          if ('command' in c && c.command.kind === 'startProducer' && (c.command.idempotent ?? (c.command.acks ?? 'all') === 'all')) idempotent.add(c.command.valueTemplate ?? '');
        }
        const acked: string[] = [];
        for (const e of events) {
          if (e.kind !== 'produce.acked') continue;
          for (const r of sent.get(e.payload.requestId) ?? []) if (r.value && idempotent.has(r.value.replace(/-\d+$/, '-{n}'))) acked.push(r.value);
        }
        // Every value in every log, with where it is.
        const where = new Map<string, number>();
        for (const topic of world.topics.values()) {
          for (const p of topic.partitions) {
            const lastOfProducer = new Map<string, number>();
            for (let o = p.logStartOffset; o < p.logEndOffset; o++) {
              const value = p.store.read(o).value ?? '';
              where.set(value, (where.get(value) ?? 0) + 1);
              const m = /^(.*)-(\d+)$/.exec(value);
              if (!m || !idempotent.has(`${m[1]}-{n}`)) continue;
              // In order: within a partition, one producer start's record numbers only grow.
              const n = Number(m[2]);
              expect(n, `${value} at ${topic.name}-${p.partition}@${o} is out of order`).toBeGreaterThan(lastOfProducer.get(m[1] ?? '') ?? 0);
              lastOfProducer.set(m[1] ?? '', n);
            }
          }
        }
        for (const value of acked) expect(where.get(value), `acknowledged ${value}`).toBe(1);
      }),
      { numRuns: propertyRuns(600) },
    );
  });

  // Without crashes every member hands its partitions over cleanly: after and before commit each
  // batch before the poll boundary where rebalances happen, auto commits synchronously before it
  // rejoins (Kafka's onJoinPrepare), and a graceful stop commits before it leaves. Nothing is redone.
  const clean = scenario({ retention: true, loss: true, admin: false, crashes: false, consumer: startConsumer(anyPlan) });

  it('(f) without crashes no group processes a record twice, whatever its commit mode', () => {
    fc.assert(
      fc.property(clean, (s) => {
        const { world, problems } = run(s);
        expect(problems).toEqual([]);
        expect(runToQuiet(world, 20_000)).toBeNull();
        for (const group of ['g0', 'g1']) expect(ledgerOf(world, group)?.duplicated ?? [], group).toEqual([]);
      }),
      { numRuns: propertyRuns(600) },
    );
  });
});
