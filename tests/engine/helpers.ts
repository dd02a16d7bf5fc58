/** Small drivers shared by the engine tests: apply or fail loudly, step, run to quiet, pick events. */
import { expect } from 'vitest';
import {
  applyCommand,
  busyReason,
  consoleOutput,
  createWorld,
  describeWorld,
  InvariantChecker,
  tick,
  type ApplyResult,
  type Command,
  type ConsumedRecord,
  type IsolationLevel,
  type PartitionState,
  type Timeline,
  type World,
  type WorldEvent,
  type WorldEventKind,
  type WorldOptions,
} from '../../engine/index.ts';
import type { Driver } from './scenarios.ts';

/** A world driven by commands and ticks, checking invariants after every tick and collecting every event. */
export class Sim {
  readonly world: World;
  readonly events: WorldEvent[] = [];
  readonly checker = new InvariantChecker();

  constructor(options: Partial<WorldOptions> = {}) {
    this.world = createWorld(options);
  }

  /** Applies a command that must be accepted; returns its events. */
  apply(command: Command): WorldEvent[] {
    const result = applyCommand(this.world, command);
    if (!result.ok) throw new Error(`${command.kind} refused: ${result.error.code}: ${result.error.message}`);
    this.record(result.events);
    return result.events;
  }

  /** Applies a command whatever the outcome. */
  try(command: Command): ApplyResult {
    const result = applyCommand(this.world, command);
    if (result.ok) this.record(result.events);
    return result;
  }

  /** Advances `n` ticks; returns the events of those ticks. */
  step(n = 1): WorldEvent[] {
    const out: WorldEvent[] = [];
    for (let i = 0; i < n; i++) {
      const events = tick(this.world);
      this.record(events);
      expect(this.checker.check(this.world), `invariants at tick ${this.world.tick}`).toEqual([]);
      out.push(...events);
    }
    return out;
  }

  /** Steps until the world is quiet (what `sim run` waits for); fails after `maxTicks`. */
  runUntilQuiet(maxTicks = 500): WorldEvent[] {
    const out: WorldEvent[] = [];
    for (let i = 0; i < maxTicks; i++) {
      if (busyReason(this.world) === null) return out;
      out.push(...this.step());
    }
    throw new Error(`not quiet after ${maxTicks} ticks: ${busyReason(this.world)}`);
  }

  /** Steps until `predicate` holds on an event of the tick just run; returns that event. */
  stepUntil<K extends WorldEventKind>(
    kind: K,
    predicate: (e: Extract<WorldEvent, { kind: K }>) => boolean = () => true,
    maxTicks = 200,
  ): Extract<WorldEvent, { kind: K }> {
    for (let i = 0; i < maxTicks; i++) {
      const found = ofKind(this.step(), kind).find(predicate);
      if (found) return found;
    }
    throw new Error(`no ${kind} within ${maxTicks} ticks`);
  }

  of<K extends WorldEventKind>(kind: K): Extract<WorldEvent, { kind: K }>[] {
    return ofKind(this.events, kind);
  }

  private record(events: readonly WorldEvent[]): void {
    this.checker.observe(events);
    this.events.push(...events);
  }
}

export function ofKind<K extends WorldEventKind>(events: readonly WorldEvent[], kind: K): Extract<WorldEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<WorldEvent, { kind: K }> => e.kind === kind);
}

/** The values stored in one partition's log, from log start to log end. */
export function logValues(world: World, topic: string, partition: number): (string | null)[] {
  const p = world.topics.get(topic)?.partitions[partition];
  if (!p) return [];
  const out: (string | null)[] = [];
  for (let o = p.logStartOffset; o < p.logEndOffset; o++) out.push(p.store.read(o).value);
  return out;
}

/** Every value in every partition of `topic`. */
export function allValues(world: World, topic: string): (string | null)[] {
  const t = world.topics.get(topic);
  return t ? t.partitions.flatMap((p) => logValues(world, topic, p.partition)) : [];
}

/** Committed offset of `topic-partition` in `group`, or undefined. */
export function committed(world: World, group: string, topic: string, partition: number): number | undefined {
  return world.groups.get(group)?.offsets.get(`${topic}-${partition}`)?.offset;
}

/** `topic-partition` strings a consumer application holds now. */
export function assignmentOf(world: World, consumer: string): string[] {
  return (world.consumers.get(consumer)?.assignment ?? []).map((tp) => `${tp.topic}-${tp.partition}`);
}

/**
 * A property test's number of runs: `n`, scaled by STREAMLAB_PROPERTY_SCALE when set (the
 * mutation run sets 0.05: each mutant reruns every property test that reaches it).
 */
export function propertyRuns(n: number): number {
  const scale = Number(process.env['STREAMLAB_PROPERTY_SCALE'] ?? 1);
  return Number.isFinite(scale) && scale > 0 ? Math.max(10, Math.round(n * scale)) : n;
}

/** The state a fresh world reaches at tick `t` replaying `timeline`'s recorded commands, and the events of that tick. */
export function freshRunTo(options: Partial<WorldOptions>, timeline: Timeline, t: number): { state: string; events: string } {
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

/**
 * A world of `brokers` brokers (seed 4) with one topic `orders` of one partition on `rf` replicas,
 * run until quiet: the followers' first fetches (from 0) have reached the leader and wait there.
 */
export function cluster(brokers: number, rf: number, configs: [string, string][] = []): Sim {
  const sim = new Sim({ seed: 4 });
  if (brokers > 1) sim.apply({ kind: 'configureCluster', brokers });
  sim.apply({ kind: 'createTopic', topic: 'orders', partitions: 1, replicationFactor: rf, configs });
  sim.runUntilQuiet();
  return sim;
}

/** The partition of `cluster`'s topic. */
export function partitionOf(sim: Sim): PartitionState {
  const p = sim.world.topics.get('orders')?.partitions[0];
  if (!p) throw new Error('no partition');
  return p;
}

/**
 * What a console consumer with `isolation` returns of `topic`, read from the beginning until caught
 * up (at most `maxTicks` ticks; the world runs meanwhile), through the consumer's own fetch and
 * skipping rules: an independent reading of what the log holds for such a reader.
 */
export function consoleRecords(sim: Sim, topic: string, isolation: IsolationLevel, maxTicks = 500): ConsumedRecord[] {
  const group = `reader-${sim.world.tick}-${isolation}`;
  const started = sim.try({
    kind: 'startConsumer',
    name: group,
    group,
    topics: [topic],
    commitMode: 'none',
    offsetReset: 'earliest',
    isolation,
    processTicks: 0,
    console: { maxMessages: null },
  });
  const name = started.ok && started.detail?.kind === 'consumer' ? started.detail.name : '';
  for (let i = 0; i < maxTicks && sim.world.consumers.get(name)?.status !== 'stopped'; i++) sim.step();
  const out = consoleOutput(sim.world, name);
  sim.try({ kind: 'removeConsumer', name });
  return out;
}

/** A Sim as a Driver (scenarios.ts): invariants checked after every tick. */
export const simDriver = (sim: Sim): Driver => ({
  get world() {
    return sim.world;
  },
  apply: (c) => sim.try(c).ok,
  step: () => void sim.step(),
});

/** A Timeline as a Driver: what it records is what a fresh replay must reproduce. */
export const timelineDriver = (timeline: Timeline): Driver => ({
  get world() {
    return timeline.world;
  },
  apply: (c) => timeline.apply(c).ok,
  step: () => void timeline.step(),
});

/**
 * Seeks `timeline` to each of `targets` (taken modulo its head + 1), back and forth: each lands
 * on the state, and returns the events, a fresh replay of its recorded commands reaches at that
 * tick; seeking back to the head restores the head's state.
 */
export function expectSeeksLandOnReplay(options: Partial<WorldOptions>, timeline: Timeline, targets: readonly number[]): void {
  const stateOf = () => JSON.stringify(describeWorld(timeline.world));
  const head = stateOf();
  for (const raw of targets) {
    const t = raw % (timeline.headTick + 1);
    const events = JSON.stringify(timeline.seek(t));
    const fresh = freshRunTo(options, timeline, t);
    expect(stateOf()).toBe(fresh.state);
    expect(events).toBe(fresh.events);
  }
  timeline.seekHead();
  expect(stateOf()).toBe(head);
}
