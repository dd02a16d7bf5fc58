/**
 * Offset commits at the coordinator: which commits are stored and which are fenced, and what
 * a fenced commit leaves behind (nothing). Expected outcomes are Kafka's (4.x group-coordinator):
 * OffsetMetadataManager.validateOffsetCommit, then ClassicGroup.validateOffsetCommit —
 *   group unknown: a commit without a generation (admin, simple consumer) creates a simple
 *     group; a member's commit gets GROUP_ID_NOT_FOUND (OffsetCommit v9+);
 *   group Dead: COORDINATOR_NOT_AVAILABLE (the simulator removes a deleted group at once, so
 *     "Dead" is "unknown" here);
 *   no generation and the group Empty: accepted;
 *   otherwise the member must be known (UNKNOWN_MEMBER_ID), then the generation must be the
 *     group's (ILLEGAL_GENERATION, older or newer alike);
 *   CompletingRebalance: REBALANCE_IN_PROGRESS (not modelled: the simulator's JoinGroup and
 *     SyncGroup are one step, so no group is ever in that state);
 *   PreparingRebalance with a current member and generation: accepted (the consumer's
 *     onJoinPrepare auto-commit relies on it).
 */
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../engine/core/events.ts';
import { handleCommitRequest, positionsToCommit, sendCommit } from '../../engine/core/rules/commits.ts';
import { busyReason, ledgerOf, type NetworkMessage, type World } from '../../engine/index.ts';
import { committed, ofKind, Sim } from './helpers.ts';

type CommitRequest = Extract<NetworkMessage, { kind: 'commit' }>;
type CommitResponse = Extract<NetworkMessage, { kind: 'commit-response' }>;

/** Topic t (2 partitions, 4 records each), consumers a and b in group g, Stable. */
function stableGroup(): Sim {
  const sim = new Sim();
  sim.apply({ kind: 'createTopic', topic: 't', partitions: 2 });
  // With 2 partitions key 'a' goes to partition 0 and 'f' to 1 (murmur2, see partitioner tests).
  sim.apply({ kind: 'produce', topic: 't', records: ['a', 'a', 'a', 'a', 'f', 'f', 'f', 'f'].map((key) => ({ key, value: key })) });
  sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'], commitMode: 'none' });
  sim.apply({ kind: 'startConsumer', name: 'b', group: 'g', topics: ['t'], commitMode: 'none' });
  sim.runUntilQuiet();
  expect(sim.world.groups.get('g')).toMatchObject({ state: 'Stable', generation: 1 });
  return sim;
}

const memberOf = (world: World, consumer: string) => world.consumers.get(consumer)?.memberId ?? null;

/** Delivers one commit straight to the coordinator; returns its events and the answer it sent. */
function coordinate(world: World, request: Partial<CommitRequest> & Pick<CommitRequest, 'memberId' | 'generation'>) {
  const topicIds = { t: world.topics.get('t')?.id ?? '' };
  const req: CommitRequest = {
    kind: 'commit',
    arriveTick: world.tick,
    consumer: 'a',
    incarnation: 1,
    group: 'g',
    offsets: [
      { topic: 't', partition: 0, offset: 3 },
      { topic: 't', partition: 1, offset: 2 },
    ],
    topicIds,
    ...request,
  };
  const log = new EventLog(world);
  handleCommitRequest({ world, log }, req);
  const response = world.network.filter((m): m is CommitResponse => m.kind === 'commit-response').at(-1);
  return { events: log.events, error: response?.error };
}

const offsetsOf = (world: World, group: string) => [0, 1].map((p) => committed(world, group, 't', p));

describe('the coordinator fences offset commits as Kafka’s ClassicGroup does', () => {
  it.each([
    { why: 'a current member at the current generation is stored', member: 'a', generation: 0, error: null },
    { why: 'a member at an older generation: ILLEGAL_GENERATION', member: 'a', generation: -1, error: 'ILLEGAL_GENERATION' },
    { why: 'a member at a newer generation: ILLEGAL_GENERATION', member: 'a', generation: +1, error: 'ILLEGAL_GENERATION' },
    { why: 'an unknown member at the current generation: UNKNOWN_MEMBER_ID', member: 'ghost', generation: 0, error: 'UNKNOWN_MEMBER_ID' },
    // Kafka checks the member first (validateMember), then the generation.
    { why: 'an unknown member at an older generation: UNKNOWN_MEMBER_ID', member: 'ghost', generation: -1, error: 'UNKNOWN_MEMBER_ID' },
  ])('Stable group: $why', ({ member, generation, error }) => {
    const sim = stableGroup();
    const group = sim.world.groups.get('g');
    const memberId = member === 'ghost' ? 'a-00000000-0000-0000-0000-000000000000' : memberOf(sim.world, member);
    const { events, error: answered } = coordinate(sim.world, { memberId, generation: (group?.generation ?? 0) + generation });
    expect(answered).toBe(error);
    if (error === null) {
      expect(offsetsOf(sim.world, 'g')).toEqual([3, 2]);
      expect(events.map((e) => e.kind)).toEqual(['offsets.committed']);
    } else {
      expect(offsetsOf(sim.world, 'g')).toEqual([undefined, undefined]);
      expect(ofKind(events, 'commit.rejected').map((e) => e.payload)).toEqual([{ group: 'g', consumer: 'a', error }]);
      expect(events.map((e) => e.kind)).toEqual(['commit.rejected']);
    }
  });

  it('a refused commit stores none of its offsets and leaves earlier ones as they were', () => {
    const sim = stableGroup();
    const generation = sim.world.groups.get('g')?.generation ?? -1;
    coordinate(sim.world, { memberId: memberOf(sim.world, 'a'), generation, offsets: [{ topic: 't', partition: 0, offset: 1 }] });
    expect(offsetsOf(sim.world, 'g')).toEqual([1, undefined]);
    const { error } = coordinate(sim.world, { memberId: memberOf(sim.world, 'a'), generation: generation - 1 });
    expect(error).toBe('ILLEGAL_GENERATION');
    expect(offsetsOf(sim.world, 'g')).toEqual([1, undefined]);
    // Nor does it mark where the group started a partition (the ledger counts skips from there).
    expect([...(sim.world.groups.get('g')?.startOffsets.keys() ?? [])].sort()).toEqual(['t-0', 't-1']);
  });

  it('PreparingRebalance: a current member at the current generation is still stored (onJoinPrepare commits then)', () => {
    const sim = stableGroup();
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'] });
    const group = sim.world.groups.get('g');
    expect(group?.state).toBe('PreparingRebalance');
    const { error } = coordinate(sim.world, { memberId: memberOf(sim.world, 'a'), generation: group?.generation ?? -1 });
    expect(error).toBeNull();
    expect(offsetsOf(sim.world, 'g')).toEqual([3, 2]);
  });

  it('PreparingRebalance: the member just joined, whose generation is still none, is refused', () => {
    const sim = stableGroup();
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'] });
    expect(coordinate(sim.world, { memberId: memberOf(sim.world, 'c'), generation: -1 }).error).toBe('ILLEGAL_GENERATION');
  });

  it('Empty group: a former member’s commit is refused with UNKNOWN_MEMBER_ID', () => {
    const sim = stableGroup();
    const formerA = memberOf(sim.world, 'a');
    const generation = sim.world.groups.get('g')?.generation ?? -1;
    sim.apply({ kind: 'stopConsumer', name: 'a' });
    sim.apply({ kind: 'stopConsumer', name: 'b' });
    sim.runUntilQuiet();
    expect(sim.world.groups.get('g')?.state).toBe('Empty');
    expect(coordinate(sim.world, { memberId: formerA, generation }).error).toBe('UNKNOWN_MEMBER_ID');
    expect(coordinate(sim.world, { memberId: formerA, generation: sim.world.groups.get('g')?.generation ?? -1 }).error).toBe('UNKNOWN_MEMBER_ID');
    expect(offsetsOf(sim.world, 'g')).toEqual([undefined, undefined]);
  });

  it('Empty group: a commit without member or generation (an admin client) is stored', () => {
    const sim = stableGroup();
    sim.apply({ kind: 'stopConsumer', name: 'a' });
    sim.apply({ kind: 'stopConsumer', name: 'b' });
    sim.runUntilQuiet();
    expect(coordinate(sim.world, { memberId: null, generation: -1 }).error).toBeNull();
    expect(offsetsOf(sim.world, 'g')).toEqual([3, 2]);
  });

  it('a group with members refuses a commit without member or generation (UNKNOWN_MEMBER_ID)', () => {
    const sim = stableGroup();
    expect(coordinate(sim.world, { memberId: null, generation: -1 }).error).toBe('UNKNOWN_MEMBER_ID');
    expect(offsetsOf(sim.world, 'g')).toEqual([undefined, undefined]);
  });

  it('an unknown group: a commit without generation creates a simple group and is stored', () => {
    const sim = stableGroup();
    expect(coordinate(sim.world, { group: 'simple', memberId: null, generation: -1 }).error).toBeNull();
    expect(sim.world.groups.get('simple')).toMatchObject({ state: 'Empty', generation: 0 });
    expect(offsetsOf(sim.world, 'simple')).toEqual([3, 2]);
  });

  it('a deleted group: a former member’s late commit gets GROUP_ID_NOT_FOUND and brings no group back', () => {
    const sim = stableGroup();
    const formerA = memberOf(sim.world, 'a');
    const generation = sim.world.groups.get('g')?.generation ?? -1;
    sim.apply({ kind: 'stopConsumer', name: 'a' });
    sim.apply({ kind: 'stopConsumer', name: 'b' });
    sim.runUntilQuiet();
    sim.apply({ kind: 'deleteGroup', group: 'g' });
    const { events, error } = coordinate(sim.world, { memberId: formerA, generation });
    expect(error).toBe('GROUP_ID_NOT_FOUND');
    expect(events.map((e) => e.kind)).toEqual(['commit.rejected']);
    expect(sim.world.groups.has('g')).toBe(false);
  });

  it('offsets of a topic deleted (or deleted and created again) since the commit was sent are dropped; the rest are stored', () => {
    const sim = stableGroup();
    sim.apply({ kind: 'createTopic', topic: 'u', partitions: 1 });
    sim.apply({ kind: 'createTopic', topic: 'v', partitions: 1 });
    const staleU = sim.world.topics.get('u')?.id ?? '';
    const staleV = sim.world.topics.get('v')?.id ?? '';
    sim.apply({ kind: 'deleteTopic', topic: 'u' });
    sim.apply({ kind: 'deleteTopic', topic: 'v' });
    sim.apply({ kind: 'createTopic', topic: 'u', partitions: 1 });
    sim.runUntilQuiet();
    const generation = sim.world.groups.get('g')?.generation ?? -1;
    const { events, error } = coordinate(sim.world, {
      memberId: memberOf(sim.world, 'a'),
      generation,
      offsets: [
        { topic: 't', partition: 0, offset: 2 },
        { topic: 'u', partition: 0, offset: 0 },
        { topic: 'v', partition: 0, offset: 0 },
      ],
      topicIds: { t: sim.world.topics.get('t')?.id ?? '', u: staleU, v: staleV },
    });
    expect(error).toBeNull();
    expect(ofKind(events, 'offsets.committed').map((e) => e.payload.offsets)).toEqual([[{ topic: 't', partition: 0, offset: 2 }]]);
    expect(sim.world.groups.get('g')?.offsets.has('u-0')).toBe(false);
  });

  it('a commit left with no offsets (all of deleted topics) stores nothing and says nothing was committed', () => {
    const sim = stableGroup();
    const generation = sim.world.groups.get('g')?.generation ?? -1;
    const { events, error } = coordinate(sim.world, { memberId: memberOf(sim.world, 'a'), generation, topicIds: { t: 'gone' } });
    expect(error).toBeNull();
    expect(events).toEqual([]);
    expect(offsetsOf(sim.world, 'g')).toEqual([undefined, undefined]);
  });

  it('the answer goes back to the sender’s incarnation, one hop later, carrying the error', () => {
    const sim = stableGroup();
    const before = sim.world.network.length;
    coordinate(sim.world, { memberId: memberOf(sim.world, 'a'), generation: 0, incarnation: 7 });
    expect(sim.world.network.slice(before)).toEqual([
      { kind: 'commit-response', arriveTick: sim.world.tick + 1, consumer: 'a', incarnation: 7, group: 'g', error: 'ILLEGAL_GENERATION' },
    ]);
  });
});

describe('fenced commits end to end', () => {
  // A crashed member's commit still on the wire reaches the coordinator after its session
  // expired, while the group rebalances without it: the generation is still the one the commit
  // carries, so only the member check stands between it and the group's offsets.
  it('a crashed member’s late commit is refused (UNKNOWN_MEMBER_ID) while the group rebalances without it', () => {
    const sim = new Sim({ networkDelayTicks: 1, sessionTimeoutTicks: 10 });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 2 });
    sim.apply({ kind: 'produce', topic: 't', records: ['a', 'a', 'f', 'f'].map((key) => ({ key, value: key })) });
    // slow holds a long batch, so the rebalance after the crash stays open for many ticks.
    sim.apply({ kind: 'startConsumer', name: 'slow', group: 'g', topics: ['t'], offsetReset: 'earliest', processTicks: 40, commitMode: 'after' });
    sim.apply({ kind: 'startConsumer', name: 'doomed', group: 'g', topics: ['t'], offsetReset: 'earliest', commitMode: 'none' });
    sim.stepUntil('processing.started', (e) => e.payload.consumer === 'slow');
    const group = sim.world.groups.get('g');
    const doomed = sim.world.consumers.get('doomed');
    const doomedPartition = doomed?.assignment[0]?.partition ?? -1;
    sim.apply({ kind: 'crashConsumer', name: 'doomed' });
    sim.stepUntil('member.expired');
    expect(group?.state).toBe('PreparingRebalance');
    // The commit doomed sent just before it died, held up on the wire until now.
    sim.world.network.push({
      kind: 'commit',
      arriveTick: sim.world.tick + 1,
      consumer: 'doomed',
      incarnation: doomed?.incarnation ?? 1,
      group: 'g',
      memberId: doomed?.memberId ?? null,
      generation: group?.generation ?? -1,
      offsets: [{ topic: 't', partition: doomedPartition, offset: 2 }],
      topicIds: { t: sim.world.topics.get('t')?.id ?? '' },
    });
    const rejected = sim.stepUntil('commit.rejected');
    expect(rejected.payload).toEqual({ group: 'g', consumer: 'doomed', error: 'UNKNOWN_MEMBER_ID' });
    expect(group?.state).toBe('PreparingRebalance');
    expect(committed(sim.world, 'g', 't', doomedPartition)).toBeUndefined();
  });

  // The commit a member sends for a batch it was given in one generation, arriving after a
  // rebalance moved its partition to another member, must not overwrite the new owner's offsets.
  it('a commit sent before a rebalance and arriving after it is refused (ILLEGAL_GENERATION); the new owner’s offsets stand', () => {
    const sim = new Sim({ networkDelayTicks: 1 });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'produce', topic: 't', records: Array.from({ length: 6 }, (_, i) => ({ key: null, value: `v${i}` })) });
    sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'], offsetReset: 'earliest', commitMode: 'after' });
    sim.runUntilQuiet();
    expect(committed(sim.world, 'g', 't', 0)).toBe(6);
    const a = sim.world.consumers.get('a');
    const oldGeneration = sim.world.groups.get('g')?.generation ?? -1;
    // b joins with the lower member id, so range gives it t-0 and a nothing.
    sim.apply({ kind: 'startConsumer', name: '0b', group: 'g', topics: ['t'], offsetReset: 'earliest', commitMode: 'after' });
    sim.runUntilQuiet();
    expect(sim.world.consumers.get('0b')?.assignment).toEqual([{ topic: 't', partition: 0 }]);
    sim.world.network.push({
      kind: 'commit',
      arriveTick: sim.world.tick + 1,
      consumer: 'a',
      incarnation: a?.incarnation ?? 1,
      group: 'g',
      memberId: a?.memberId ?? null,
      generation: oldGeneration,
      offsets: [{ topic: 't', partition: 0, offset: 2 }],
      topicIds: { t: sim.world.topics.get('t')?.id ?? '' },
    });
    const rejected = sim.stepUntil('commit.rejected');
    expect(rejected.payload.error).toBe('ILLEGAL_GENERATION');
    expect(committed(sim.world, 'g', 't', 0)).toBe(6);
    sim.runUntilQuiet();
    expect(ledgerOf(sim.world, 'g')).toMatchObject({ processed: 6, duplicated: [], skipped: [] });
  });

  // commit-before: a refused commit (CommitFailedException) means the batch may belong to someone
  // else now, so the consumer drops it unprocessed rather than risk processing it twice. (A
  // commit-before consumer rejoins only once its commit is answered, so no rebalance can fence it
  // cleanly: the test moves the group's generation on by hand while the commit is on the wire.)
  it('commit-before drops the batch whose commit was refused, processing none of it', () => {
    const sim = new Sim({ networkDelayTicks: 2 });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'produce', topic: 't', records: Array.from({ length: 3 }, (_, i) => ({ key: null, value: `v${i}` })) });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest', commitMode: 'before' });
    const sent = sim.stepUntil('commit.sent');
    expect(sent.payload.offsets).toEqual([{ topic: 't', partition: 0, offset: 3 }]);
    // The group moves on a generation while the commit is on the wire.
    const group = sim.world.groups.get('g');
    if (group) group.generation++;
    const acknowledged = sim.stepUntil('commit.acknowledged');
    expect(acknowledged.payload.error).toBe('ILLEGAL_GENERATION');
    // It dropped the batch and went back to polling (from past the batch: the positions moved on delivery).
    expect(sim.world.consumers.get('c')).toMatchObject({ batch: null, phase: 'fetching' });
    sim.step(3);
    expect(sim.of('processing.started')).toEqual([]);
    expect(sim.of('record.processed')).toEqual([]);
  });
});

describe('a consumer’s commits on the wire', () => {
  /** A consumer c of group g holding t-0, network delay 2, no jitter; the wire emptied. */
  function consumerWithWire(): { sim: Sim; world: World } {
    const sim = new Sim({ networkDelayTicks: 2 });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'produce', topic: 't', records: [{ key: null, value: 'x' }] });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest', commitMode: 'after' });
    sim.runUntilQuiet();
    sim.world.network = [];
    return { sim, world: sim.world };
  }

  const commitTo = (consumer: string, incarnation: number, arriveTick: number): NetworkMessage => ({
    kind: 'commit',
    arriveTick,
    consumer,
    incarnation,
    group: 'g',
    memberId: null,
    generation: -1,
    offsets: [],
    topicIds: {},
  });

  /** The arrive tick of a commit `c` sends now, with `network` on the wire. */
  function arriveTick(world: World, network: NetworkMessage[]): number {
    world.network = [...network];
    const consumer = world.consumers.get('c');
    if (!consumer) throw new Error('no consumer c');
    sendCommit({ world, log: new EventLog(world) }, consumer, [{ topic: 't', partition: 0, offset: 1 }]);
    const sent = world.network.at(-1);
    return sent?.kind === 'commit' ? sent.arriveTick : -1;
  }

  it('a commit arrives one hop later when nothing of its sender is ahead of it', () => {
    const { world } = consumerWithWire();
    expect(arriveTick(world, [])).toBe(world.tick + 2);
  });

  it('a commit waits behind the same connection’s earlier commit, and only behind that', () => {
    const { world } = consumerWithWire();
    const t = world.tick;
    const incarnation = world.consumers.get('c')?.incarnation ?? 0;
    expect(arriveTick(world, [commitTo('c', incarnation, t + 9)])).toBe(t + 9);
    // An earlier commit that arrives sooner holds nothing up.
    expect(arriveTick(world, [commitTo('c', incarnation, t)])).toBe(t + 2);
    // Other connections: another consumer, an earlier incarnation of this one, this one's fetches.
    expect(arriveTick(world, [commitTo('other', incarnation, t + 9)])).toBe(t + 2);
    expect(arriveTick(world, [commitTo('c', incarnation - 1, t + 9)])).toBe(t + 2);
    const fetch: NetworkMessage = {
      kind: 'fetch',
      arriveTick: t + 9,
      consumer: 'c',
      incarnation,
      fetchEpoch: 1,
      maxRecords: 1,
      isolation: 'read_uncommitted',
      positions: [],
      expireTick: t + 9,
    };
    expect(arriveTick(world, [fetch])).toBe(t + 2);
    const response: NetworkMessage = { kind: 'commit-response', arriveTick: t + 9, consumer: 'c', incarnation, group: 'g', error: null };
    expect(arriveTick(world, [response])).toBe(t + 2);
  });

  it('each commit sent counts as in flight until its answer arrives', () => {
    const { sim, world } = consumerWithWire();
    const consumer = world.consumers.get('c');
    arriveTick(world, []);
    arriveTick(world, world.network);
    expect(consumer?.commitsInFlight).toBe(2);
    sim.stepUntil('commit.acknowledged');
    expect(consumer?.commitsInFlight).toBe(0);
    expect(busyReason(world)).toBeNull();
  });

  it('a commit names the id of each topic it commits as the topic is now', () => {
    const { world } = consumerWithWire();
    arriveTick(world, []);
    const sent = world.network.at(-1);
    expect(sent?.kind === 'commit' && sent.topicIds).toEqual({ t: world.topics.get('t')?.id });
  });

  it('a consumer in commit mode none sends nothing, whatever it is asked to commit', () => {
    const { world } = consumerWithWire();
    const consumer = world.consumers.get('c');
    if (!consumer) throw new Error('no consumer c');
    const silent = { ...consumer, commitMode: 'none' as const };
    sendCommit({ world, log: new EventLog(world) }, silent, [{ topic: 't', partition: 0, offset: 1 }]);
    expect(world.network).toEqual([]);
    expect(silent.commitsInFlight).toBe(0);
  });

  it('a commit names a topic unknown when it was sent by the empty id, which matches no topic', () => {
    const { world } = consumerWithWire();
    const consumer = world.consumers.get('c');
    if (!consumer) throw new Error('no consumer c');
    sendCommit({ world, log: new EventLog(world) }, consumer, [{ topic: 'gone', partition: 0, offset: 1 }]);
    const sent = world.network.at(-1);
    expect(sent?.kind === 'commit' && sent.topicIds).toEqual({ gone: '' });
  });

  it('a consumer commits only partitions it holds a position for, in assignment order', () => {
    const { world } = consumerWithWire();
    const consumer = world.consumers.get('c');
    if (!consumer) throw new Error('no consumer c');
    consumer.assignment = [
      { topic: 't', partition: 1 },
      { topic: 't', partition: 0 },
      { topic: 'u', partition: 0 },
    ];
    const from = new Map([
      ['t-0', 4],
      ['t-1', 7],
      ['x-0', 9],
    ]);
    expect(positionsToCommit(consumer, from)).toEqual([
      { topic: 't', partition: 1, offset: 7 },
      { topic: 't', partition: 0, offset: 4 },
    ]);
  });
});
