/**
 * Property tests of the whole engine: random small worlds and random step sequences
 * (scenarios.ts: commands, runs of ticks, and intents resolved against the world as it is),
 * then a settling run until the world is quiet. What must hold whatever learners do:
 *   (a) the invariant checker finds nothing after any tick, the settling run included; besides,
 *       no two live consumers of a group hold one partition, each consumer processes a partition
 *       in offset order, and a group's committed offsets only move forward unless an
 *       administrator moves them; and every world settles;
 *   (b) same seed + same commands ⇒ byte-identical event trace;
 *   (c) Timeline.seek(t) lands on exactly the state a fresh run reaches at t (and returns that
 *       tick's events), however often it goes back and forth; stepping on replays the recorded
 *       future; acting in the past gives what a fresh run of the kept history gives;
 *   (d) delivery guarantees: commit-after + earliest never skips a record, commit-before never
 *       processes one twice, whatever crashes (mid-batch ones above all), restarts, stops and
 *       joins happen;
 *   (e) producers: an idempotent producer's acknowledged records are in the log exactly once and
 *       in the order it sent them, whatever requests and answers are lost;
 *   (f) without crashes, no group processes a record twice, whatever its commit mode.
 * generators.test.ts holds the generators to reaching what these properties are about.
 * Worlds stay small (≤ 150 ticks of steps) so well over a thousand cases run in seconds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeWorld, ledgerOf, Timeline, type Command, type World, type WorldEvent, type WorldOptions } from '../../engine/index.ts';
import { freshRunTo, propertyRuns } from './helpers.ts';
import {
  anyPlan,
  generalScenario,
  guardedScenario,
  CONSUMERS,
  createTopic,
  noReach,
  perform,
  runScenario,
  scenario,
  startConsumer,
  startProducer,
  type Driver,
  type Scenario,
  type Step,
} from './scenarios.ts';

/** The records of one produce request, as `records.sent` carries them. */
type SentRecords = Extract<WorldEvent, { kind: 'records.sent' }>['payload']['records'];

/** Ticks a settling run may take: producers have finite counts, so every world settles well within. */
const SETTLE = 20_000;

// ---------------------------------------------------------------------------------------------
// Drivers

/** The same steps through a Timeline (checkpointing every `every` ticks); returns it at its head. */
function record({ options, steps }: Scenario, every: number): Timeline {
  const timeline = new Timeline(options, { maxTicks: every, maxEvents: 64 });
  const driver: Driver = {
    get world() {
      return timeline.world;
    },
    apply: (command) => timeline.apply(command).ok,
    step: () => void timeline.step(),
  };
  const reach = noReach();
  for (const s of steps) perform(s, driver, reach);
  return timeline;
}

const freshAt = (options: Partial<WorldOptions>, timeline: Timeline, t: number): string => freshRunTo(options, timeline, t).state;

const stateOf = (world: World) => JSON.stringify(describeWorld(world));

// ---------------------------------------------------------------------------------------------
// Scenarios

const general = generalScenario;
const guarded = guardedScenario;

// Without crashes every member hands its partitions over cleanly: after and before commit each
// batch before the poll boundary where rebalances happen, auto commits synchronously before it
// rejoins (Kafka's onJoinPrepare), and a graceful stop commits before it leaves. Nothing is redone.
const clean = scenario({ retention: true, loss: true, admin: false, crashes: false, plan: anyPlan });

// ---------------------------------------------------------------------------------------------
// Properties

describe('random worlds', () => {
  it('(a) keep every invariant after every tick, settling included, and settle', () => {
    fc.assert(
      fc.property(general, (s) => {
        const { problems, busy } = runScenario(s, { settle: SETTLE });
        expect(problems).toEqual([]);
        expect(busy).toBeNull();
      }),
      { numRuns: propertyRuns(1500) },
    );
  });

  it('(b) give a byte-identical event trace for the same seed and commands', () => {
    fc.assert(
      fc.property(general, (s) => {
        const first = runScenario(s, { check: false });
        const second = runScenario(s, { check: false });
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
    const consumerCommand = fc.record({
      kind: fc.constantFrom('crashConsumer' as const, 'restartConsumer' as const, 'stopConsumer' as const),
      name: fc.constantFrom(...CONSUMERS),
    });
    const alterPartitions = fc.record({
      kind: fc.constant('alterPartitions' as const),
      topic: fc.constantFrom('t0', 't1', 't2'),
      partitions: fc.integer({ min: 2, max: 5 }),
    });
    const command: fc.Arbitrary<Command> = fc.oneof(startProducer, startConsumer(anyPlan), consumerCommand, createTopic(true), alterPartitions);
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
  it('(d) commit-after with earliest never skips; commit-before never processes twice', () => {
    fc.assert(
      fc.property(guarded, (s) => {
        // Settling lets sessions of crashed members expire and consumers catch up and commit.
        const { world, problems, busy } = runScenario(s, { settle: SETTLE });
        expect(problems).toEqual([]);
        expect(busy).toBeNull();
        expect(ledgerOf(world, 'after')?.skipped ?? []).toEqual([]);
        expect(ledgerOf(world, 'before')?.duplicated ?? []).toEqual([]);
      }),
      { numRuns: propertyRuns(1200) },
    );
  });

  it('(e) an idempotent producer puts each acknowledged record in the log once, in the order it sent them', () => {
    // Unique values per producer start, so a value in the log names the record it came from.
    const unique = (step: Step, i: number): Step => {
      if ('command' in step && step.command.kind === 'startProducer') return { command: { ...step.command, valueTemplate: `s${i}-{n}` } };
      if ('intent' in step && step.intent.kind === 'startProducer')
        return { intent: { ...step.intent, spec: { ...step.intent.spec, valueTemplate: `s${i}-{n}` } } };
      return step;
    };
    const lossy = scenario({ retention: false, loss: true, admin: false, plan: anyPlan }).map((s): Scenario => ({ ...s, steps: s.steps.map(unique) }));
    fc.assert(
      fc.property(lossy, (s) => {
        const { world, events, problems } = runScenario(s, { settle: SETTLE });
        expect(problems).toEqual([]);
        const sent = new Map<number, SentRecords>();
        for (const e of events) if (e.kind === 'records.sent') sent.set(e.payload.requestId, e.payload.records);
        const idempotent = new Set<string>();
        for (const step of s.steps) {
          const spec =
            'command' in step && step.command.kind === 'startProducer'
              ? step.command
              : 'intent' in step && step.intent.kind === 'startProducer'
                ? step.intent.spec
                : null;
          if (spec && (spec.idempotent ?? (spec.acks ?? 'all') === 'all')) idempotent.add(spec.valueTemplate ?? '');
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

  it('(f) without crashes no group processes a record twice, whatever its commit mode', () => {
    fc.assert(
      fc.property(clean, (s) => {
        const { world, problems, busy } = runScenario(s, { settle: SETTLE });
        expect(problems).toEqual([]);
        expect(busy).toBeNull();
        for (const group of ['g0', 'g1']) expect(ledgerOf(world, group)?.duplicated ?? [], group).toEqual([]);
      }),
      { numRuns: propertyRuns(600) },
    );
  });
});
