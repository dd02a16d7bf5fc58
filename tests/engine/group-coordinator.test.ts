/**
 * The group coordinator's events and edge cases (classic protocol, eager rebalancing): what it
 * announces on a join, a leave, an expiry and an assignment; one rebalance for members joining
 * together; members whose consumer crashed or restarted; heartbeats of an expelled member.
 */
import { describe, expect, it } from 'vitest';
import { ensureGroup, storeOffsets } from '../../engine/core/rules/groups.ts';
import { applyCommand, ledgerOf, tick, type WorldEvent } from '../../engine/index.ts';
import { assignmentOf, committed, ofKind, Sim } from './helpers.ts';

const memberIdOf = (sim: Sim, consumer: string) => sim.world.consumers.get(consumer)?.memberId ?? '';

describe('what the coordinator announces', () => {
  it('a join: member.joined names the member and its consumer; the group goes Empty → PreparingRebalance → Stable', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 2 });
    const events = sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'] });
    const id = memberIdOf(sim, 'a');
    expect(events.find((e) => e.kind === 'member.joined')).toMatchObject({
      source: 'consumer:a',
      destination: 'group:g',
      payload: { group: 'g', memberId: id, consumer: 'a' },
    });
    sim.runUntilQuiet();
    expect(sim.of('group.state.changed').map((e) => ({ source: e.source, destination: e.destination, payload: e.payload }))).toEqual([
      { source: 'group:g', destination: 'group:g', payload: { group: 'g', from: 'Empty', to: 'PreparingRebalance' } },
      { source: 'group:g', destination: 'group:g', payload: { group: 'g', from: 'PreparingRebalance', to: 'Stable' } },
    ]);
    // One partition.assigned per partition, from the group to the consumer.
    expect(sim.of('partition.assigned').map((e) => ({ source: e.source, destination: e.destination, payload: e.payload }))).toEqual([
      { source: 'group:g', destination: 'consumer:a', payload: { group: 'g', memberId: id, topic: 't', partition: 0 } },
      { source: 'group:g', destination: 'consumer:a', payload: { group: 'g', memberId: id, topic: 't', partition: 1 } },
    ]);
  });

  it('a live member heartbeats to its group, naming itself', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'] });
    const beat = sim.stepUntil('member.heartbeat');
    expect(beat).toMatchObject({ source: 'consumer:a', destination: 'group:g', payload: { group: 'g', memberId: memberIdOf(sim, 'a') } });
  });

  it('a leave opens a rebalance whose reason names the member that left', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 2 });
    sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'] });
    sim.apply({ kind: 'startConsumer', name: 'b', group: 'g', topics: ['t'] });
    sim.runUntilQuiet();
    const bId = memberIdOf(sim, 'b');
    sim.apply({ kind: 'stopConsumer', name: 'b' });
    const started = sim.stepUntil('rebalance.started');
    expect(started.payload).toEqual({ group: 'g', reason: `member ${bId} left`, generation: 1 });
  });

  it('an expiry opens a rebalance whose reason says the session timed out', () => {
    const sim = new Sim({ sessionTimeoutTicks: 20 });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 2 });
    sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'] });
    sim.apply({ kind: 'startConsumer', name: 'b', group: 'g', topics: ['t'] });
    sim.runUntilQuiet();
    const bId = memberIdOf(sim, 'b');
    sim.apply({ kind: 'crashConsumer', name: 'b' });
    const started = sim.stepUntil('rebalance.started');
    expect(started.payload).toEqual({ group: 'g', reason: `member ${bId} expired after the session timeout`, generation: 1 });
  });
});

describe('joining during an open rebalance', () => {
  it('members joining together share one rebalance (Kafka: a JoinGroup in PreparingRebalance just adds the member)', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 4 });
    sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'] });
    sim.step();
    sim.apply({ kind: 'startConsumer', name: 'b', group: 'g', topics: ['t'] });
    sim.runUntilQuiet();
    expect(sim.of('rebalance.started').map((e) => e.payload.reason)).toEqual([`member ${memberIdOf(sim, 'a')} joined`]);
    expect(sim.of('rebalance.completed').map((e) => e.payload.generation)).toEqual([1]);
    expect(sim.of('group.state.changed').map((e) => e.payload.to)).toEqual(['PreparingRebalance', 'Stable']);
    expect([...assignmentOf(sim.world, 'a'), ...assignmentOf(sim.world, 'b')].sort()).toEqual(['t-0', 't-1', 't-2', 't-3']);
  });
});

describe('members whose consumer is gone', () => {
  it('a member whose consumer crashed before the rebalance completed gets partitions, but the crashed consumer takes none', () => {
    const sim = new Sim({ sessionTimeoutTicks: 20 });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 2 });
    sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'] });
    sim.apply({ kind: 'startConsumer', name: 'b', group: 'g', topics: ['t'] });
    sim.apply({ kind: 'crashConsumer', name: 'b' });
    const completed = sim.stepUntil('rebalance.completed');
    // The coordinator does not know b crashed: its member holds a partition until it expires.
    expect(Object.values(completed.payload.assignment).map((tps) => tps.length)).toEqual([1, 1]);
    expect(sim.world.consumers.get('b')).toMatchObject({ status: 'crashed', assignment: [], generation: -1 });
    expect(sim.world.consumers.get('b')?.positions.size).toBe(0);
    expect(sim.of('offset.reset').map((e) => e.payload.consumer)).toEqual(['a']);
  });

  it('a consumer restarted while its old member lingers takes only its new member’s partitions', () => {
    const sim = new Sim({ sessionTimeoutTicks: 20 });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 3 });
    sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'] });
    sim.apply({ kind: 'startConsumer', name: 'b', group: 'g', topics: ['t'] });
    const oldId = memberIdOf(sim, 'b');
    sim.apply({ kind: 'crashConsumer', name: 'b' });
    sim.apply({ kind: 'restartConsumer', name: 'b' });
    const newId = memberIdOf(sim, 'b');
    expect(newId).not.toBe(oldId);
    const completed = sim.stepUntil('rebalance.completed');
    const ofMember = (id: string) => (completed.payload.assignment[id] ?? []).map((tp) => `${tp.topic}-${tp.partition}`);
    expect(ofMember(oldId)).toHaveLength(1);
    expect(assignmentOf(sim.world, 'b')).toEqual(ofMember(newId));
    // Only the new member's partition was positioned for b; the old member's went to nobody.
    const resetFor = (consumer: string) =>
      sim
        .of('offset.reset')
        .filter((e) => e.payload.consumer === consumer)
        .map((e) => `${e.payload.topic}-${e.payload.partition}`);
    expect(resetFor('b')).toEqual(ofMember(newId));
  });

  it('an expelled member that still heartbeats is ignored, and so is its leave once the group is deleted', () => {
    // Heartbeats every 10 ticks, sessions of 5: the coordinator expels a live member between two heartbeats.
    const sim = new Sim({ sessionTimeoutTicks: 5, heartbeatIntervalTicks: 10 });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'] });
    const expired = sim.stepUntil('member.expired');
    expect(sim.world.groups.get('g')?.members.size).toBe(0);
    sim.step(12);
    expect(sim.of('member.heartbeat').filter((e) => e.tick > expired.tick)).toEqual([]);
    sim.apply({ kind: 'deleteGroup', group: 'g' });
    sim.step(12);
    sim.apply({ kind: 'stopConsumer', name: 'a' });
    sim.step(5);
    expect(sim.world.consumers.get('a')?.status).toBe('stopped');
    expect(sim.of('member.left')).toEqual([]);
    expect(sim.world.groups.has('g')).toBe(false);
  });
});

describe('where a new assignment starts reading', () => {
  /** Topic t with one partition holding `records` records; group g committed at `at` while Empty. */
  function committedWhileEmpty(records: number, at: number, configs: [string, string][] = []): Sim {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1, configs });
    sim.apply({ kind: 'produce', topic: 't', records: Array.from({ length: records }, (_, i) => ({ key: null, value: `r${i}` })) });
    sim.runUntilQuiet();
    sim.apply({ kind: 'resetOffsets', group: 'g', topic: 't', spec: { to: 'offset', offset: at } });
    return sim;
  }

  it('a committed offset inside the log is where it resumes: positioned and processed up to it, no reset', () => {
    const sim = committedWhileEmpty(5, 2);
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], commitMode: 'close' });
    sim.stepUntil('rebalance.completed');
    const c = sim.world.consumers.get('c');
    expect([...(c?.positions ?? [])]).toEqual([['t-0', 2]]);
    expect([...(c?.processedUpTo ?? [])]).toEqual([['t-0', 2]]);
    expect(sim.of('offset.reset')).toEqual([]);
  });

  it('a committed offset below the log start (retention deleted it) resets as out of range', () => {
    // retention.ms=1000 at 100 ms a tick: the 5 records are gone 11 ticks after they were written.
    const sim = committedWhileEmpty(5, 1, [['retention.ms', '1000']]);
    sim.stepUntil('records.deleted');
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest' });
    sim.stepUntil('rebalance.completed');
    expect(sim.of('offset.reset').map((e) => e.payload)).toEqual([
      { group: 'g', consumer: 'c', topic: 't', partition: 0, offset: 5, policy: 'earliest', reason: 'out of range' },
    ]);
  });

  it('a committed offset above the log end (a log truncated under it) resets as out of range', () => {
    // Kafka's consumer fetches at the committed offset, gets OFFSET_OUT_OF_RANGE and applies
    // auto.offset.reset. No command makes such a commit (the invariant checker rejects the
    // state), so this drives the world directly, as after an unclean leader election.
    const world = committedWhileEmpty(3, 0).world;
    storeOffsets(world, ensureGroup(world, 'g'), [{ topic: 't', partition: 0, offset: 7 }]);
    const started = applyCommand(world, { kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest' });
    expect(started.ok).toBe(true);
    const events: WorldEvent[] = [];
    for (let i = 0; i < 10 && !events.some((e) => e.kind === 'rebalance.completed'); i++) events.push(...tick(world));
    expect(ofKind(events, 'offset.reset').map((e) => e.payload)).toEqual([
      { group: 'g', consumer: 'c', topic: 't', partition: 0, offset: 0, policy: 'earliest', reason: 'out of range' },
    ]);
    expect(world.consumers.get('c')?.positions.get('t-0')).toBe(0);
  });

  it('a restarted consumer keeps no progress for partitions it no longer holds', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 2 });
    sim.apply({ kind: 'produce', topic: 't', records: ['a', 'f', 'a', 'f'].map((key) => ({ key, value: key })) });
    sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'], offsetReset: 'earliest', commitMode: 'close' });
    sim.runUntilQuiet();
    expect(assignmentOf(sim.world, 'a')).toEqual(['t-0', 't-1']);
    sim.apply({ kind: 'stopConsumer', name: 'a' });
    sim.runUntilQuiet();
    sim.apply({ kind: 'startConsumer', name: 'b', group: 'g', topics: ['t'], offsetReset: 'earliest' });
    sim.runUntilQuiet();
    sim.apply({ kind: 'restartConsumer', name: 'a' });
    sim.runUntilQuiet();
    const held = assignmentOf(sim.world, 'a');
    expect(held).toHaveLength(1);
    // Two records in each partition, all committed at close: a resumes its one partition at 2.
    const a = sim.world.consumers.get('a');
    expect([...(a?.positions.keys() ?? [])]).toEqual(held);
    expect([...(a?.processedUpTo ?? [])]).toEqual(held.map((key) => [key, 2]));
  });
});

describe('storeOffsets', () => {
  it('the first commit of a partition marks where the group started it; later commits do not move the start', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    const group = ensureGroup(sim.world, 'g');
    storeOffsets(sim.world, group, [{ topic: 't', partition: 0, offset: 3 }]);
    storeOffsets(sim.world, group, [{ topic: 't', partition: 0, offset: 6 }]);
    expect(committed(sim.world, 'g', 't', 0)).toBe(6);
    expect(group.startOffsets.get('t-0')).toBe(3);
    // So the ledger owes offsets 3, 4 and 5, none of them processed.
    expect(ledgerOf(sim.world, 'g')?.skipped).toEqual([3, 4, 5].map((offset) => ({ partition: 't-0', offset })));
  });
});
