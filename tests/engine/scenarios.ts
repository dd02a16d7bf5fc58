/**
 * Random scenarios for the engine's property tests: small worlds and sequences of steps, where a
 * step is a command, a run of ticks, or an *intent* ("crash a consumer that is processing a
 * batch", "empty a group, then reset its offsets") that is turned into commands against the
 * world as it is when the step runs. Intents keep the share of refused commands low (a crash
 * names a running consumer, a restart a crashed one) and reach the states worth testing —
 * mid-batch crashes, fenced commits, resets of empty groups — in a good share of runs.
 *
 * The resolved commands are what the world (or a Timeline) records, so a run replays exactly.
 */
import fc from 'fast-check';
import {
  applyCommand,
  busyReason,
  createWorld,
  InvariantChecker,
  tick,
  type Command,
  type CommitMode,
  type OffsetResetSpec,
  type World,
  type WorldEvent,
  type WorldOptions,
} from '../../engine/index.ts';

export const TOPICS = ['t0', 't1', 't2'] as const;
export const PRODUCERS = ['p0', 'p1', 'p2'] as const;
export const CONSUMERS = ['c0', 'c1', 'c2', 'c3', 'c4'] as const;
export const GROUPS = ['g0', 'g1'] as const;
const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
/** Ticks a scenario's steps may run; settling afterwards is not capped by it. */
export const MAX_TICKS = 150;

type StartConsumer = Extract<Command, { kind: 'startConsumer' }>;
type StartProducer = Extract<Command, { kind: 'startProducer' }>;

/** What to crash: a consumer busy with a batch, one with a commit on the wire, or any running one. */
export type CrashTarget = 'busy' | 'committing' | 'any';

/** A step decided against the world when it runs; `pick` chooses among the candidates then. */
export type Intent =
  | { readonly kind: 'startConsumer'; readonly pick: number; readonly specs: Readonly<Record<string, Omit<StartConsumer, 'name'>>> }
  | { readonly kind: 'startProducer'; readonly pick: number; readonly spec: Omit<StartProducer, 'name'> }
  | { readonly kind: 'createTopic'; readonly pick: number; readonly partitions: number; readonly configs: readonly (readonly [string, string])[] }
  | { readonly kind: 'deleteTopic'; readonly pick: number }
  | { readonly kind: 'alterPartitions'; readonly pick: number; readonly add: number }
  /** Waits up to `waitTicks` for a consumer of the target kind, crashes it (else any running one); restarts it `restartAfter` ticks later. */
  | { readonly kind: 'crash'; readonly pick: number; readonly target: CrashTarget; readonly waitTicks: number; readonly restartAfter: number | null }
  | { readonly kind: 'restart' | 'stop' | 'remove' | 'stopProducer'; readonly pick: number }
  /** Stops every member of a group, waits (≤ `waitTicks`) for it to be Empty, resets its offsets, and maybe restarts them. */
  | {
      readonly kind: 'drainAndReset';
      readonly pick: number;
      readonly topicPick: number;
      readonly spec: OffsetResetSpec;
      readonly waitTicks: number;
      readonly restart: boolean;
    }
  | { readonly kind: 'deleteEmptyGroup'; readonly pick: number };

/** One step of a scenario: a command, a run of ticks, or an intent. */
export type Step = { readonly command: Command } | { readonly ticks: number } | { readonly intent: Intent };

export interface Scenario {
  readonly options: Partial<WorldOptions>;
  readonly steps: readonly Step[];
}

// ---------------------------------------------------------------------------------------------
// Generators

const topicName = fc.constantFrom(...TOPICS);
const pick = fc.nat(1_000_000);

const baseOptions = {
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  heartbeatIntervalTicks: fc.integer({ min: 1, max: 3 }),
  rebalanceDelayTicks: fc.integer({ min: 0, max: 5 }),
  fetchMaxWaitTicks: fc.integer({ min: 0, max: 6 }),
  requestTimeoutTicks: fc.integer({ min: 1, max: 12 }),
  retries: fc.integer({ min: 0, max: 6 }),
  autoCommitIntervalTicks: fc.integer({ min: 1, max: 12 }),
  maxPollRecords: fc.integer({ min: 1, max: 10 }),
  batchSizeBytes: fc.constantFrom(20, 40, 16_384),
};

/**
 * Options over their whole sensible range, zero-delay hops and retries faster than answers
 * included (heartbeats stay under the session timeout, as Kafka requires). One run in three has
 * a slow wire and short sessions: a crashed member's last commits then land after its session
 * expired, and the coordinator must fence them.
 */
export const worldOptions = (loss: boolean): fc.Arbitrary<Partial<WorldOptions>> => {
  const lossRate = loss ? fc.constantFrom(0, 0, 0.2) : fc.constant(0);
  const usual = fc.record({
    ...baseOptions,
    networkDelayTicks: fc.integer({ min: 0, max: 3 }),
    jitterTicks: fc.constantFrom(0, 0, 1, 4),
    sessionTimeoutTicks: fc.integer({ min: 4, max: 40 }),
    requestLossRate: lossRate,
    responseLossRate: lossRate,
  });
  const slowWire = fc.record({
    ...baseOptions,
    networkDelayTicks: fc.integer({ min: 4, max: 6 }),
    jitterTicks: fc.integer({ min: 1, max: 4 }),
    sessionTimeoutTicks: fc.integer({ min: 4, max: 5 }),
    requestLossRate: lossRate,
    responseLossRate: lossRate,
  });
  return fc.oneof({ weight: 2, arbitrary: usual }, { weight: 1, arbitrary: slowWire });
};

const topicConfigs = (retention: boolean): fc.Arbitrary<[string, string][]> =>
  fc
    .record({
      retentionMs: retention
        ? fc.option(
            fc.integer({ min: 1, max: 40 }).map((n) => n * 100),
            { freq: 3 },
          )
        : fc.constant(null),
      retentionBytes: retention
        ? fc.option(
            fc.integer({ min: 2, max: 20 }).map((n) => n * 20),
            { freq: 3 },
          )
        : fc.constant(null),
    })
    .map(({ retentionMs, retentionBytes }) => {
      const configs: [string, string][] = [];
      if (retentionMs !== null) configs.push(['retention.ms', String(retentionMs)]);
      if (retentionBytes !== null) configs.push(['retention.bytes', String(retentionBytes)]);
      return configs;
    });

/** A topic created by name (the opening's, which always succeeds on an empty world). */
export const createTopic = (retention: boolean): fc.Arbitrary<Command> =>
  fc
    .record({ topic: topicName, partitions: fc.integer({ min: 1, max: 4 }), configs: topicConfigs(retention) })
    .map((c): Command => ({ kind: 'createTopic', ...c }));

/** An application producer's settings; `idempotent` is left to the default (on exactly with acks=all) most of the time. */
export const producerSpec: fc.Arbitrary<Omit<StartProducer, 'name'>> = fc
  .record({
    topic: topicName,
    everyTicks: fc.integer({ min: 1, max: 4 }),
    count: fc.integer({ min: 1, max: 20 }),
    batch: fc.integer({ min: 1, max: 3 }),
    keys: fc.oneof(fc.constant([] as string[]), fc.subarray([...KEYS], { minLength: 1 })),
    acks: fc.constantFrom(0 as const, 1 as const, 'all' as const, 'all' as const),
    idempotent: fc.constantFrom(undefined, undefined, undefined, true, false),
  })
  .map(({ idempotent, acks, ...rest }) => ({
    kind: 'startProducer' as const,
    ...rest,
    acks,
    // Idempotence needs acks=all (Kafka's ConfigException otherwise): asked for only with it.
    ...(idempotent === undefined || (idempotent && acks !== 'all') ? {} : { idempotent }),
  }));

export const startProducer: fc.Arbitrary<Command> = fc.tuple(fc.constantFrom(...PRODUCERS), producerSpec).map(([name, spec]): Command => ({ ...spec, name }));

const consoleProduce: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('produce' as const),
  topic: topicName,
  records: fc.array(fc.record({ key: fc.option(fc.constantFrom(...KEYS)), value: fc.option(fc.string({ maxLength: 6 }), { freq: 8 }) }), {
    minLength: 1,
    maxLength: 4,
  }),
});

export interface ConsumerPlan {
  readonly group: string;
  readonly commitMode: CommitMode;
  readonly offsetReset: 'earliest' | 'latest';
}

/** A consumer's settings; `plan(name)` decides its group, commit mode and reset policy. */
const consumerSpec = (name: string, plan: (name: string) => fc.Arbitrary<ConsumerPlan>): fc.Arbitrary<Omit<StartConsumer, 'name'>> =>
  fc
    .record({
      plan: plan(name),
      topics: fc.subarray([...TOPICS], { minLength: 1, maxLength: 2 }),
      // Mostly slow enough that a batch takes a while: a crash can land in the middle of one.
      processTicks: fc.constantFrom(0, 1, 1, 2, 3),
      maxPollRecords: fc.integer({ min: 1, max: 10 }),
      autoCommitIntervalTicks: fc.integer({ min: 1, max: 12 }),
      assignor: fc.constantFrom('range' as const, 'roundrobin' as const, 'sticky' as const),
    })
    .map(({ plan: p, ...rest }) => ({ kind: 'startConsumer' as const, ...rest, group: p.group, commitMode: p.commitMode, offsetReset: p.offsetReset }));

export const startConsumer = (plan: (name: string) => fc.Arbitrary<ConsumerPlan>): fc.Arbitrary<Command> =>
  fc.constantFrom(...CONSUMERS).chain((name) => consumerSpec(name, plan).map((spec): Command => ({ ...spec, name })));

/** Any group, any mode, any reset policy. */
export const anyPlan = (): fc.Arbitrary<ConsumerPlan> =>
  fc.record({
    group: fc.constantFrom(...GROUPS),
    commitMode: fc.constantFrom('auto' as const, 'after' as const, 'before' as const),
    offsetReset: fc.constantFrom('earliest' as const, 'latest' as const),
  });

const resetSpec: fc.Arbitrary<OffsetResetSpec> = fc.oneof(
  fc.constant({ to: 'earliest' as const }),
  fc.constant({ to: 'latest' as const }),
  fc.nat(30).map((offset) => ({ to: 'offset' as const, offset })),
  fc.integer({ min: -5, max: 5 }).map((by) => ({ to: 'shift' as const, by })),
);

const faults = (loss: boolean): fc.Arbitrary<Command> =>
  fc.record({
    kind: fc.constant('configureFaults' as const),
    jitterTicks: fc.integer({ min: 0, max: 6 }),
    requestLossRate: loss ? fc.constantFrom(0, 0, 0.1, 0.3) : fc.constant(0),
    responseLossRate: loss ? fc.constantFrom(0, 0, 0.1, 0.3) : fc.constant(0),
  });

const seed: fc.Arbitrary<Command> = fc.record({ kind: fc.constant('seed' as const), seed: fc.integer({ min: 0, max: 1000 }) });

const consoleConsumer: fc.Arbitrary<Command> = fc
  .record({ maxMessages: fc.option(fc.integer({ min: 1, max: 8 })), topic: topicName })
  .map(({ maxMessages, topic }): Command => ({
    kind: 'startConsumer',
    name: 'console-consumer',
    group: '',
    topics: [topic],
    offsetReset: 'earliest',
    console: { maxMessages },
  }));

const intent = <I extends Intent>(arb: fc.Arbitrary<I>): fc.Arbitrary<Step[]> => arb.map((i) => [{ intent: i }]);

/** Crash a consumer (busy ones most), perhaps restarting it later: the story lessons tell most. */
const crash: fc.Arbitrary<Intent> = fc.record({
  kind: fc.constant('crash' as const),
  pick,
  target: fc.constantFrom<CrashTarget>('busy', 'busy', 'committing', 'committing', 'any'),
  waitTicks: fc.integer({ min: 0, max: 40 }),
  restartAfter: fc.option(fc.integer({ min: 0, max: 40 }), { freq: 2, nil: null }),
});

export interface ScenarioShape {
  readonly retention: boolean;
  readonly loss: boolean;
  /** Administrative commands: offset resets, deletions of groups, topics and consumers, console consumers. */
  readonly admin: boolean;
  readonly crashes?: boolean;
  readonly plan: (name: string) => fc.Arbitrary<ConsumerPlan>;
}

/** A scenario: an opening that gives the world something to do, then steps, then a run of ticks. */
export function scenario(shape: ScenarioShape): fc.Arbitrary<Scenario> {
  const crashes = shape.crashes ?? true;
  const specs = fc.record(Object.fromEntries(CONSUMERS.map((name) => [name, consumerSpec(name, shape.plan)])));
  const step: fc.Arbitrary<Step[]> = fc.oneof(
    {
      weight: 2,
      arbitrary: intent(
        fc.record({ kind: fc.constant('createTopic' as const), pick, partitions: fc.integer({ min: 1, max: 4 }), configs: topicConfigs(shape.retention) }),
      ),
    },
    { weight: 3, arbitrary: intent(fc.record({ kind: fc.constant('startProducer' as const), pick, spec: producerSpec })) },
    { weight: 1, arbitrary: intent(fc.record({ kind: fc.constant('stopProducer' as const), pick })) },
    { weight: 1, arbitrary: consoleProduce.map((c) => [{ command: c }]) },
    { weight: 4, arbitrary: intent(fc.record({ kind: fc.constant('startConsumer' as const), pick, specs })) },
    { weight: crashes ? 5 : 0, arbitrary: intent(crash) },
    { weight: 2, arbitrary: intent(fc.record({ kind: fc.constantFrom('restart' as const, 'stop' as const), pick })) },
    { weight: 1, arbitrary: intent(fc.record({ kind: fc.constant('alterPartitions' as const), pick, add: fc.integer({ min: 1, max: 2 }) })) },
    { weight: 1, arbitrary: faults(shape.loss).map((c) => [{ command: c }]) },
    { weight: 1, arbitrary: seed.map((c) => [{ command: c }]) },
    {
      weight: shape.admin ? 2 : 0,
      arbitrary: intent(
        fc.record({
          kind: fc.constant('drainAndReset' as const),
          pick,
          topicPick: pick,
          spec: resetSpec,
          waitTicks: fc.integer({ min: 10, max: 60 }),
          restart: fc.boolean(),
        }),
      ),
    },
    {
      weight: shape.admin ? 2 : 0,
      arbitrary: fc.oneof(
        intent(fc.record({ kind: fc.constantFrom('deleteTopic' as const, 'deleteEmptyGroup' as const, 'remove' as const), pick })),
        consoleConsumer.map((c) => [{ command: c }]),
      ),
    },
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 15 }).map((n) => [{ ticks: n }]) },
  );
  // A third of the worlds run on a cluster of 2 or 3 brokers, their first topic replicated.
  const cluster = fc.oneof({ weight: 2, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 3 }) });
  const opening = fc
    .tuple(cluster, fc.integer({ min: 1, max: 3 }), createTopic(shape.retention), startProducer, startConsumer(shape.plan))
    .map(([brokers, rf, topic, producer, consumer]) => {
      const replicated: Command = topic.kind === 'createTopic' ? { ...topic, replicationFactor: Math.min(rf, brokers) } : topic;
      const commands: Command[] = brokers > 1 ? [{ kind: 'configureCluster', brokers }, replicated, producer, consumer] : [topic, producer, consumer];
      return commands.map((c) => ({ command: c }));
    });
  return fc.record({
    options: worldOptions(shape.loss),
    steps: fc
      .tuple(opening, fc.array(step, { minLength: 4, maxLength: 30, size: 'max' }), fc.integer({ min: 10, max: 60 }))
      .map(([a, b, tail]) => [...a, ...b.flat(), { ticks: tail }]),
  });
}

// ---------------------------------------------------------------------------------------------
// The scenarios the property tests share

/** Everything: retention, lost requests and answers, crashes, administration. */
export const generalScenario = scenario({ retention: true, loss: true, admin: true, plan: anyPlan });

// Group `after` only ever commits after processing, and resets to earliest: it can redo, never skip.
// (With `latest`, a partition whose owner crashed before its first commit restarts at the log
// end and skips what came meanwhile, as in Kafka, so `latest` is not generated for it.)
// Group `before` only ever commits before processing: it can skip, never redo (either policy).
// No retention (it deletes records nobody processed) and no offset resets or topic deletion:
// those are an administrator's doing, not a consumer's.
const guaranteePlan = (name: string): fc.Arbitrary<ConsumerPlan> =>
  name === 'c0' || name === 'c1' || name === 'c2'
    ? fc.constant({ group: 'after', commitMode: 'after', offsetReset: 'earliest' })
    : fc.constantFrom<ConsumerPlan>(
        { group: 'before', commitMode: 'before', offsetReset: 'earliest' },
        { group: 'before', commitMode: 'before', offsetReset: 'latest' },
      );

/** Two groups whose delivery guarantees hold whatever consumers do (see guaranteePlan). */
export const guardedScenario = scenario({ retention: false, loss: true, admin: false, plan: guaranteePlan });

// ---------------------------------------------------------------------------------------------
// Turning intents into commands

const isLive = (status: string) => status === 'running' || status === 'stopping';
const choose = <T>(candidates: readonly T[], n: number): T | undefined => candidates[n % Math.max(1, candidates.length)];

/** The command an intent names in `world` now, or null when nothing fits. */
function commandFor(world: World, i: Intent): Command | null {
  const consumers = [...world.consumers.values()].filter((c) => c.console === null);
  switch (i.kind) {
    case 'startConsumer': {
      const name = choose(
        CONSUMERS.filter((n) => {
          const c = world.consumers.get(n);
          return !c || c.status === 'stopped';
        }),
        i.pick,
      );
      const spec = name === undefined ? undefined : i.specs[name];
      return name === undefined || !spec ? null : { ...spec, name };
    }
    case 'startProducer': {
      const name = choose(
        PRODUCERS.filter((n) => world.producers.get(n)?.status !== 'running'),
        i.pick,
      );
      return name === undefined ? null : { ...i.spec, name };
    }
    case 'stopProducer': {
      const name = choose(
        PRODUCERS.filter((n) => world.producers.get(n)?.status === 'running'),
        i.pick,
      );
      return name === undefined ? null : { kind: 'stopProducer', name };
    }
    case 'createTopic': {
      const topic = choose(
        TOPICS.filter((t) => !world.topics.has(t)),
        i.pick,
      );
      return topic === undefined ? null : { kind: 'createTopic', topic, partitions: i.partitions, configs: i.configs };
    }
    case 'deleteTopic': {
      const topic = choose([...world.topics.keys()], i.pick);
      return topic === undefined ? null : { kind: 'deleteTopic', topic };
    }
    case 'alterPartitions': {
      const topic = choose([...world.topics.values()], i.pick);
      return topic === undefined ? null : { kind: 'alterPartitions', topic: topic.name, partitions: topic.partitions.length + i.add };
    }
    case 'restart': {
      const c = choose(
        consumers.filter((c) => c.status === 'crashed' || c.status === 'stopped'),
        i.pick,
      );
      return c ? { kind: 'restartConsumer', name: c.name } : null;
    }
    case 'stop': {
      const c = choose(
        consumers.filter((c) => c.status === 'running'),
        i.pick,
      );
      return c ? { kind: 'stopConsumer', name: c.name } : null;
    }
    case 'remove': {
      const c = choose(
        consumers.filter((c) => c.status === 'crashed' || c.status === 'stopped'),
        i.pick,
      );
      return c ? { kind: 'removeConsumer', name: c.name } : null;
    }
    case 'deleteEmptyGroup': {
      const group = choose(
        [...world.groups.values()].filter((g) => g.members.size === 0),
        i.pick,
      );
      return group ? { kind: 'deleteGroup', group: group.id } : null;
    }
    case 'crash':
    case 'drainAndReset':
      return null;
  }
}

/** A consumer that `target` names in `world`, if any. */
function crashCandidate(world: World, target: CrashTarget, n: number): string | undefined {
  const live = [...world.consumers.values()].filter((c) => isLive(c.status) && c.console === null);
  const fitting = live.filter((c) => (target === 'busy' ? c.batch !== null : target === 'committing' ? c.commitsInFlight > 0 : true));
  return choose(fitting, n)?.name;
}

/** The offsets to reset an empty group to: a topic it may reset, and a spec Kafka accepts for it. */
function resetFor(world: World, groupId: string, i: Extract<Intent, { kind: 'drainAndReset' }>): Command | null {
  const group = world.groups.get(groupId);
  const topic = choose([...world.topics.values()], i.topicPick);
  if (!topic) return null;
  // --shift-by needs a committed offset on every partition (ConsumerGroupCommand), else it resets to earliest.
  const shiftable = topic.partitions.every((p) => group?.offsets.has(`${topic.name}-${p.partition}`));
  const spec: OffsetResetSpec = i.spec.to === 'shift' && !shiftable ? { to: 'earliest' } : i.spec;
  return { kind: 'resetOffsets', group: groupId, topic: topic.name, spec };
}

// ---------------------------------------------------------------------------------------------
// Running

/** How far a run got: the interesting states it reached, and how many commands were refused. */
export interface Reach {
  commands: number;
  refused: number;
  /** Intents that found nothing to act on (no command sent). */
  skipped: number;
  /** A consumer crashed while it held a batch (processing, or committing it first). */
  midBatchCrash: boolean;
  /** A consumer crashed with a commit on the wire. */
  commitCrash: boolean;
  /** An offset reset of an empty group went through. */
  adminReset: boolean;
  /** The coordinator fenced a commit. */
  rejectedCommit: boolean;
}

export const noReach = (): Reach => ({
  commands: 0,
  refused: 0,
  skipped: 0,
  midBatchCrash: false,
  commitCrash: false,
  adminReset: false,
  rejectedCommit: false,
});

/** What runs a scenario: a bare world, or a Timeline. */
export interface Driver {
  readonly world: World;
  /** Applies a command; whether it was accepted. */
  apply(command: Command): boolean;
  /** Advances one tick. */
  step(): void;
}

/** Applies one command through `d`, noting what it reached. */
function send(d: Driver, command: Command, reach: Reach): boolean {
  reach.commands++;
  if (command.kind === 'crashConsumer') {
    const c = d.world.consumers.get(command.name);
    if (c?.batch) reach.midBatchCrash = true;
    if (c && c.commitsInFlight > 0) reach.commitCrash = true;
  }
  const ok = d.apply(command);
  if (!ok) reach.refused++;
  else if (command.kind === 'resetOffsets') reach.adminReset = true;
  return ok;
}

/** Steps `d` up to `n` ticks, or until `until` holds, never past MAX_TICKS. */
function stepFor(d: Driver, n: number, until: () => boolean = () => false): void {
  for (let i = 0; i < n && d.world.tick < MAX_TICKS && !until(); i++) d.step();
}

/** Runs one step of a scenario through `d`. */
export function perform(step: Step, d: Driver, reach: Reach): void {
  if ('command' in step) {
    send(d, step.command, reach);
    return;
  }
  if ('ticks' in step) {
    stepFor(d, step.ticks);
    return;
  }
  const i = step.intent;
  if (i.kind === 'crash') {
    stepFor(d, i.waitTicks, () => crashCandidate(d.world, i.target, i.pick) !== undefined);
    const name = crashCandidate(d.world, i.target, i.pick) ?? crashCandidate(d.world, 'any', i.pick);
    if (name === undefined) {
      reach.skipped++;
      return;
    }
    send(d, { kind: 'crashConsumer', name }, reach);
    if (i.restartAfter === null) return;
    stepFor(d, i.restartAfter);
    send(d, { kind: 'restartConsumer', name }, reach);
    return;
  }
  if (i.kind === 'drainAndReset') {
    const groups = [...d.world.groups.values()].filter((g) => !g.id.startsWith('console-consumer-'));
    const group = choose(groups, i.pick);
    if (!group) {
      reach.skipped++;
      return;
    }
    const members = [...d.world.consumers.values()].filter((c) => c.group === group.id && c.status === 'running');
    for (const c of members) send(d, { kind: 'stopConsumer', name: c.name }, reach);
    // Crashed members stay until their sessions expire.
    stepFor(d, i.waitTicks, () => (d.world.groups.get(group.id)?.members.size ?? 0) === 0);
    if ((d.world.groups.get(group.id)?.members.size ?? 0) > 0) {
      reach.skipped++;
      return;
    }
    const reset = resetFor(d.world, group.id, i);
    if (reset) send(d, reset, reach);
    if (i.restart) for (const c of members) if (d.world.consumers.get(c.name)?.status === 'stopped') send(d, { kind: 'restartConsumer', name: c.name }, reach);
    return;
  }
  const command = commandFor(d.world, i);
  if (command) send(d, command, reach);
  else reach.skipped++;
}

// ---------------------------------------------------------------------------------------------
// Checks every tick

/** Eager rebalancing: no two live consumers of one group hold the same partition at a tick's end. */
export function ownershipProblems(world: World): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  for (const c of world.consumers.values()) {
    if (!isLive(c.status)) continue;
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
 * The coordinator stores no commit from a member it no longer has: a crashed consumer's commit
 * that lands after its session expired is fenced (UNKNOWN_MEMBER_ID). Within a tick a consumer's
 * member id is fixed (commands act between ticks), so a commit stored this tick came from the
 * member id its consumer has now; only an expiry later in the same tick may have removed it.
 */
export function fencingProblems(world: World, events: readonly WorldEvent[]): string[] {
  const problems: string[] = [];
  const gone = new Set(events.flatMap((e) => (e.kind === 'member.expired' || e.kind === 'member.left' ? [e.payload.memberId] : [])));
  for (const e of events) {
    if (e.kind !== 'offsets.committed') continue;
    const c = world.consumers.get(e.payload.consumer);
    // A consumer removed and started again under its name in another group is another member:
    // its predecessor's commit, still on the wire, may land in the old group legitimately.
    if (c?.status !== 'crashed' || c.group !== e.payload.group || c.memberId === null || gone.has(c.memberId)) continue;
    if (!world.groups.get(e.payload.group)?.members.has(c.memberId))
      problems.push(`group ${e.payload.group} stored a commit of ${c.name}, whose member ${c.memberId} it no longer has`);
  }
  return problems;
}

/**
 * A group's committed offsets only move forward: consumers commit positions at or past what the
 * group committed before. Only an administrator moves them back (reset) or away (deletions).
 */
export function commitProblems(events: readonly WorldEvent[]): string[] {
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
export function orderProblems(events: readonly WorldEvent[]): string[] {
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

export interface Run {
  readonly world: World;
  readonly events: WorldEvent[];
  readonly problems: string[];
  readonly reach: Reach;
  /** Why the world was still busy when settling gave up, or null (settled, or not asked to). */
  readonly busy: string | null;
}

export interface RunOptions {
  /** Check invariants after every tick (default true). */
  readonly check?: boolean;
  /** After the steps, tick until the world is quiet, up to this many ticks (checks included); 0: don't. */
  readonly settle?: number;
  /** Further checks after every tick, steps and settling alike. */
  readonly everyTick?: (world: World, events: readonly WorldEvent[]) => readonly string[];
}

/** Runs `scenario` on a fresh world: its steps (ticks capped at MAX_TICKS), then settling. */
export function runScenario({ options, steps }: Scenario, { check = true, settle = 0, everyTick }: RunOptions = {}): Run {
  const world = createWorld(options);
  const checker = new InvariantChecker();
  const events: WorldEvent[] = [];
  const problems: string[] = [];
  const reach = noReach();
  const driver: Driver = {
    world,
    apply(command) {
      const result = applyCommand(world, command);
      if (result.ok) {
        events.push(...result.events);
        checker.observe(result.events);
      }
      return result.ok;
    },
    step() {
      const evs = tick(world);
      events.push(...evs);
      if (!check) return;
      checker.observe(evs);
      for (const p of [...checker.check(world), ...ownershipProblems(world), ...fencingProblems(world, evs), ...(everyTick?.(world, evs) ?? [])])
        problems.push(`tick ${world.tick}: ${p}`);
    },
  };
  for (const s of steps) perform(s, driver, reach);
  let busy: string | null = null;
  if (settle > 0) {
    // A console consumer short of its --max-messages waits for ever, as the real tool does (the
    // shell ends it with --timeout-ms): stop those first.
    for (const c of world.consumers.values()) if (c.console && c.status === 'running') driver.apply({ kind: 'stopConsumer', name: c.name });
    for (let i = 0; i < settle && busyReason(world) !== null; i++) driver.step();
    busy = busyReason(world);
  }
  reach.rejectedCommit = events.some((e) => e.kind === 'commit.rejected');
  if (check) problems.push(...orderProblems(events), ...commitProblems(events));
  return { world, events, problems, reach, busy };
}
