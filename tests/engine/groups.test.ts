/** Consumer groups: membership, rebalances, session timeouts, graceful stops, restarts and offsets. */
import { describe, expect, it } from 'vitest';
import { describeGroupOffsets, ledgerOf } from '../../engine/index.ts';
import { assignmentOf, committed, ofKind, Sim } from './helpers.ts';

/** A topic with `records` records already in it (keys spread them over the partitions). */
function withRecords(partitions: number, records: number, options: ConstructorParameters<typeof Sim>[0] = {}): Sim {
  const sim = new Sim(options);
  sim.apply({ kind: 'createTopic', topic: 't', partitions });
  if (records > 0) sim.apply({ kind: 'produce', topic: 't', records: Array.from({ length: records }, (_, i) => ({ key: `k${i}`, value: `v${i}` })) });
  sim.runUntilQuiet();
  return sim;
}

const processedBy = (sim: Sim, consumer: string) => sim.of('record.processed').filter((e) => e.payload.consumer === consumer);

describe('rebalancing', () => {
  it('a joining member opens a rebalance that gives it a share of the partitions', () => {
    const sim = withRecords(4, 0);
    sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'] });
    sim.runUntilQuiet();
    expect(assignmentOf(sim.world, 'a')).toEqual(['t-0', 't-1', 't-2', 't-3']);
    const events = sim.apply({ kind: 'startConsumer', name: 'b', group: 'g', topics: ['t'] });
    expect(ofKind(events, 'rebalance.started').map((e) => e.payload.reason)).toEqual([`member ${sim.world.consumers.get('b')?.memberId} joined`]);
    expect(sim.world.groups.get('g')?.state).toBe('PreparingRebalance');
    sim.runUntilQuiet();
    expect(sim.of('partition.revoked').map((e) => `${e.payload.topic}-${e.payload.partition}`)).toEqual(['t-0', 't-1', 't-2', 't-3']);
    expect([assignmentOf(sim.world, 'a'), assignmentOf(sim.world, 'b')]).toEqual([
      ['t-0', 't-1'],
      ['t-2', 't-3'],
    ]);
    expect(sim.world.groups.get('g')).toMatchObject({ state: 'Stable', generation: 2 });
  });

  it('a member that leaves (graceful stop) hands its partitions to the rest at once', () => {
    const sim = withRecords(2, 0);
    sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'] });
    sim.apply({ kind: 'startConsumer', name: 'b', group: 'g', topics: ['t'] });
    sim.runUntilQuiet();
    const bId = sim.world.consumers.get('b')?.memberId;
    sim.apply({ kind: 'stopConsumer', name: 'b' });
    const left = sim.stepUntil('member.left');
    expect(left.payload.memberId).toBe(bId);
    sim.runUntilQuiet();
    expect(assignmentOf(sim.world, 'a')).toEqual(['t-0', 't-1']);
    expect(sim.world.consumers.get('b')?.status).toBe('stopped');
    expect(sim.of('member.expired')).toEqual([]);
  });

  it('a crashed member is expelled only after the session timeout, then the rest rebalance', () => {
    const sim = withRecords(2, 0, { sessionTimeoutTicks: 30 });
    sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'] });
    sim.apply({ kind: 'startConsumer', name: 'b', group: 'g', topics: ['t'] });
    sim.runUntilQuiet();
    const lastHeartbeat = sim.world.groups.get('g')?.members.get(sim.world.consumers.get('b')?.memberId ?? '')?.lastHeartbeatTick ?? -1;
    const crashed = sim.apply({ kind: 'crashConsumer', name: 'b' });
    expect(crashed.map((e) => e.kind)).toEqual(['consumer.crashed']);
    expect(sim.world.groups.get('g')?.state).toBe('Stable');
    const expired = sim.stepUntil('member.expired');
    expect(expired.tick).toBe(lastHeartbeat + 30);
    expect(expired.payload.silentTicks).toBe(30);
    sim.runUntilQuiet();
    expect(assignmentOf(sim.world, 'a')).toEqual(['t-0', 't-1']);
  });

  it("a crashed member's partitions are not consumed until its session expires", () => {
    const sim = withRecords(2, 0);
    sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'], offsetReset: 'earliest' });
    sim.apply({ kind: 'startConsumer', name: 'b', group: 'g', topics: ['t'], offsetReset: 'earliest' });
    sim.runUntilQuiet();
    const bPartitions = assignmentOf(sim.world, 'b');
    expect(bPartitions).toEqual(['t-1']);
    sim.apply({ kind: 'crashConsumer', name: 'b' });
    // Records for both partitions now (key k0 → t-1? whichever: one for each partition).
    sim.apply({ kind: 'produce', topic: 't', records: ['a', 'b', 'c', 'd', 'e', 'f'].map((key) => ({ key, value: key })) });
    const expiredAt = sim.stepUntil('member.expired').tick;
    const onOrphan = (e: { payload: { partition: number }; tick: number }) => e.payload.partition === 1;
    expect(sim.of('records.fetched').filter((e) => onOrphan(e) && e.tick < expiredAt)).toEqual([]);
    expect(sim.of('record.processed').filter((e) => onOrphan(e) && e.tick < expiredAt)).toEqual([]);
    // Meanwhile the survivor kept consuming its own partition.
    expect(processedBy(sim, 'a').filter((e) => e.payload.partition === 0).length).toBeGreaterThan(0);
    sim.runUntilQuiet();
    expect(processedBy(sim, 'a').filter((e) => e.payload.partition === 1).length).toBeGreaterThan(0);
  });

  it('a rebalance waits for a member busy with a batch, which rejoins only at its next poll', () => {
    const sim = withRecords(1, 5);
    sim.apply({ kind: 'startConsumer', name: 'slow', group: 'g', topics: ['t'], processTicks: 4, offsetReset: 'earliest', commitMode: 'after' });
    sim.stepUntil('processing.started');
    sim.apply({ kind: 'startConsumer', name: 'late', group: 'g', topics: ['t'] });
    const rejoined = sim.stepUntil('member.rejoined', (e) => e.payload.memberId === sim.world.consumers.get('slow')?.memberId);
    // Every record of the batch was processed, and committed, before it rejoined.
    expect(processedBy(sim, 'slow').map((e) => e.payload.offset)).toEqual([0, 1, 2, 3, 4]);
    expect(committed(sim.world, 'g', 't', 0)).toBe(5);
    expect(sim.of('rebalance.completed').filter((e) => e.tick < rejoined.tick)).toHaveLength(1);
  });
});

describe('auto-commit across a rebalance', () => {
  // Regression: rejoining, an auto-commit consumer sent its commit and rejoined at once; when it
  // was the last member the group waited for, the rebalance completed before the commit arrived,
  // the commit was refused (ILLEGAL_GENERATION) and the new owners redid every record since the
  // last commit — on a clean rebalance, with no crash. It now commits synchronously first, as
  // Kafka's onJoinPrepare does.
  it.each([0, 1, 3])('a member joining redoes nothing (rebalance delay %i)', (rebalanceDelayTicks) => {
    const sim = new Sim({ rebalanceDelayTicks });
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 2 });
    sim.apply({ kind: 'startConsumer', name: 'a', group: 'g', topics: ['t'], offsetReset: 'earliest', autoCommitIntervalTicks: 50 });
    sim.apply({ kind: 'startProducer', name: 'p', topic: 't', count: 60, keys: ['a', 'b', 'c', 'd'] });
    sim.step(11);
    sim.apply({ kind: 'startConsumer', name: 'b', group: 'g', topics: ['t'], offsetReset: 'earliest', autoCommitIntervalTicks: 50 });
    sim.runUntilQuiet();
    expect(sim.of('commit.rejected')).toEqual([]);
    expect(ledgerOf(sim.world, 'g')).toMatchObject({ processed: 60, distinct: 60, duplicated: [], skipped: [] });
    // The commit went out, and was answered, before the member rejoined.
    const rejoined = sim.of('member.rejoined').find((e) => e.payload.memberId === sim.world.consumers.get('a')?.memberId);
    const acknowledged = sim.of('commit.acknowledged').filter((e) => e.payload.consumer === 'a' && e.tick <= (rejoined?.tick ?? -1));
    expect(acknowledged.length).toBeGreaterThan(0);
  });
});

describe('stop, crash and restart', () => {
  it('a graceful stop commits what the auto-commit mode owes, then leaves', () => {
    const sim = withRecords(1, 3);
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest', autoCommitIntervalTicks: 1000 });
    sim.stepUntil('record.processed', (e) => e.payload.offset === 2);
    expect(committed(sim.world, 'g', 't', 0)).toBeUndefined();
    sim.apply({ kind: 'stopConsumer', name: 'c' });
    sim.runUntilQuiet();
    const kinds = sim.events
      .filter((e) => e.tick > 0 && ['commit.sent', 'offsets.committed', 'commit.acknowledged', 'member.left', 'consumer.stopped'].includes(e.kind))
      .map((e) => e.kind);
    expect(kinds).toEqual(['commit.sent', 'offsets.committed', 'commit.acknowledged', 'member.left', 'consumer.stopped']);
    expect(committed(sim.world, 'g', 't', 0)).toBe(3);
    expect(sim.world.groups.get('g')).toMatchObject({ state: 'Empty' });
    expect(sim.world.groups.get('g')?.members.size).toBe(0);
  });

  it('a crash commits nothing and loses the in-memory position', () => {
    const sim = withRecords(1, 3);
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest', autoCommitIntervalTicks: 1000 });
    sim.stepUntil('record.processed', (e) => e.payload.offset === 2);
    const events = sim.apply({ kind: 'crashConsumer', name: 'c' });
    expect(ofKind(events, 'consumer.crashed').map((e) => e.payload.lostPositions)).toEqual([[{ topic: 't', partition: 0, offset: 3 }]]);
    sim.runUntilQuiet();
    expect(sim.of('commit.sent')).toEqual([]);
    expect(committed(sim.world, 'g', 't', 0)).toBeUndefined();
  });

  it('restart resumes from the committed offset, as a new member', () => {
    const sim = withRecords(1, 6);
    sim.apply({
      kind: 'startConsumer',
      name: 'c',
      group: 'g',
      topics: ['t'],
      offsetReset: 'earliest',
      commitMode: 'after',
      maxPollRecords: 2,
      processTicks: 2,
    });
    sim.stepUntil('offsets.committed', (e) => e.payload.offsets[0]?.offset === 4);
    const oldMember = sim.world.consumers.get('c')?.memberId;
    sim.apply({ kind: 'crashConsumer', name: 'c' });
    sim.apply({ kind: 'restartConsumer', name: 'c' });
    expect(sim.world.consumers.get('c')?.memberId).not.toBe(oldMember);
    sim.runUntilQuiet();
    const restartedAt = sim.of('consumer.restarted')[0]?.tick ?? -1;
    const after = processedBy(sim, 'c')
      .filter((e) => e.tick > restartedAt)
      .map((e) => e.payload.offset);
    expect(after[0]).toBe(4);
    expect(committed(sim.world, 'g', 't', 0)).toBe(6);
  });

  it.each([
    { command: 'stopConsumer' as const, name: 'ghost', code: 'UnknownConsumer', message: 'no running consumer named ghost' },
    { command: 'crashConsumer' as const, name: 'ghost', code: 'UnknownConsumer', message: 'no running consumer named ghost' },
    { command: 'restartConsumer' as const, name: 'ghost', code: 'UnknownConsumer', message: 'no consumer named ghost' },
    { command: 'restartConsumer' as const, name: 'c', code: 'ConsumerRunning', message: 'consumer c is still running' },
    { command: 'removeConsumer' as const, name: 'c', code: 'ConsumerRunning', message: 'consumer c is still running' },
  ])('$command $name is refused: $message', ({ command, name, code, message }) => {
    const sim = withRecords(1, 0);
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'] });
    expect(sim.try({ kind: command, name })).toEqual({ ok: false, error: { code, message } });
  });
});

describe('offsets', () => {
  it('auto-commit commits the last poll position every interval', () => {
    const sim = withRecords(1, 0);
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], autoCommitIntervalTicks: 10 });
    sim.apply({ kind: 'startProducer', name: 'p', topic: 't', count: 40, valueTemplate: 'v{n}' });
    sim.step(60);
    const commits = sim.of('commit.sent').map((e) => e.tick);
    expect(commits.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < commits.length; i++) expect((commits[i] ?? 0) - (commits[i - 1] ?? 0)).toBeGreaterThanOrEqual(10);
    // Each commit carries the position after the records delivered by then, never beyond.
    for (const e of sim.of('commit.sent')) {
      const delivered = sim
        .of('records.delivered')
        .filter((d) => d.tick <= e.tick)
        .reduce((max, d) => Math.max(max, d.payload.to), 0);
      expect(e.payload.offsets[0]?.offset).toBe(delivered);
    }
  });

  it('offset reset `latest` is the default: a new group starts at the log end', () => {
    const sim = withRecords(1, 3);
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'] });
    const reset = sim.stepUntil('offset.reset');
    expect(reset.payload).toMatchObject({ policy: 'latest', offset: 3, reason: 'no committed offset' });
    sim.apply({ kind: 'produce', topic: 't', records: [{ key: null, value: 'new' }] });
    sim.runUntilQuiet();
    expect(processedBy(sim, 'c').map((e) => e.payload.offset)).toEqual([3]);
  });

  it('`earliest` starts a new group at the log start', () => {
    const sim = withRecords(1, 3);
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest' });
    sim.runUntilQuiet();
    expect(processedBy(sim, 'c').map((e) => e.payload.offset)).toEqual([0, 1, 2]);
  });

  it('groups are independent: two groups on one topic each read everything', () => {
    const sim = withRecords(3, 12);
    sim.apply({ kind: 'startConsumer', name: 'billing', group: 'billing', topics: ['t'], offsetReset: 'earliest' });
    sim.apply({ kind: 'startConsumer', name: 'ship-1', group: 'shipping', topics: ['t'], offsetReset: 'earliest' });
    sim.apply({ kind: 'startConsumer', name: 'ship-2', group: 'shipping', topics: ['t'], offsetReset: 'earliest' });
    sim.runUntilQuiet();
    for (const group of ['billing', 'shipping']) {
      expect(ledgerOf(sim.world, group)).toMatchObject({ processed: 12, distinct: 12, duplicated: [], skipped: [] });
      const rows = describeGroupOffsets(sim.world, group)?.rows ?? [];
      expect(rows.map((r) => [r.partition, r.lag])).toEqual(
        expect.arrayContaining([
          [0, 0],
          [1, 0],
          [2, 0],
        ]),
      );
    }
    // One group's commits never move the other's.
    sim.apply({ kind: 'stopConsumer', name: 'billing' });
    sim.runUntilQuiet();
    sim.apply({ kind: 'resetOffsets', group: 'billing', topic: 't', spec: { to: 'earliest' } });
    expect([0, 1, 2].map((p) => committed(sim.world, 'billing', 't', p))).toEqual([0, 0, 0]);
    expect([0, 1, 2].every((p) => (committed(sim.world, 'shipping', 't', p) ?? 0) > 0)).toBe(true);
  });
});
