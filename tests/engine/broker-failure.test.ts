/**
 * Brokers failing and coming back, rule by rule (Kafka 4.1 KRaft; expected values worked out by
 * hand from the rules' sources cited in engine/core/rules/controller.ts, partition-change.ts,
 * isr.ts, never read back from the rules under test). Default scale: one-tick network hops,
 * broker.session.timeout 6 ticks, replica.lag.time.max 10 ticks checked every 5, leader imbalance
 * check every 30 ticks. Sim checks every invariant after every tick.
 */
import { describe, expect, it } from 'vitest';
import { summarizeProducerLedger } from '../../engine/core/producer-ledger.ts';
import { coordinatorOf, javaStringHash, offsetsPartitionFor } from '../../engine/core/rules/coordinators.ts';
import { cluster, partitionOf, Sim } from './helpers.ts';

describe('a crashed leader', () => {
  it('leads until the controller fences it a session timeout later; then the first in-sync replica in replica order leads, in epoch 1', () => {
    const sim = cluster(3, 3);
    const p = partitionOf(sim);
    const [first, second, third] = p.replicas as [number, number, number];
    const crashedAt = sim.world.tick;
    sim.apply({ kind: 'crashBroker', broker: first });
    sim.step(5);
    expect([p.leader, p.leaderEpoch]).toEqual([first, 0]);
    sim.step();
    const elected = sim.of('leader.elected');
    expect(elected.map((e) => [e.tick, e.payload.leader, e.payload.previous, e.payload.epoch, e.payload.cause])).toEqual([
      [crashedAt + 6, second, first, 1, 'clean'],
    ]);
    expect(p.isr).toEqual([second, third]);
    expect(sim.of('broker.fenced').map((e) => [e.tick, e.payload.broker])).toEqual([[crashedAt + 6, first]]);
  });

  it('with acks=1 loses what it acknowledged before its followers copied it; the producer ledger counts each lost record', () => {
    const sim = cluster(3, 3);
    const leader = partitionOf(sim).leader;
    sim.apply({ kind: 'startProducer', name: 'web', topic: 'orders', acks: 1, count: 10 });
    // One record a tick. Record 0 is appended at T, where the followers' waiting fetches are
    // answered before its acknowledgement leaves: at T+1 the followers hold it and the producer
    // hears back. Record 1 is appended at T+1 while the followers' next fetches are on the wire;
    // its acknowledgement leaves at once. The leader crashes at the end of T+1: the fetches find
    // it dead, but the acknowledgement was sent and arrives at T+2. The other 8 records time
    // out, go to the new leader and are acknowledged there.
    sim.stepUntil('produce.acked');
    sim.apply({ kind: 'crashBroker', broker: leader });
    sim.runUntilQuiet();
    const ledger = summarizeProducerLedger(sim.world, sim.world.producers.get('web') as never);
    expect([ledger.sent, ledger.acknowledged, ledger.inLog]).toEqual([10, 10, 9]);
    expect(ledger.lost.map((r) => `${r.partition}@${r.offset}`)).toEqual(['orders-0@1']);
  });

  it('with acks=all and min.insync.replicas=2 loses nothing: what was acknowledged is on the new leader', () => {
    const sim = cluster(3, 3, [['min.insync.replicas', '2']]);
    const leader = partitionOf(sim).leader;
    sim.apply({ kind: 'startProducer', name: 'web', topic: 'orders', acks: 'all', count: 30 });
    sim.step(12);
    sim.apply({ kind: 'crashBroker', broker: leader });
    sim.runUntilQuiet();
    const ledger = summarizeProducerLedger(sim.world, sim.world.producers.get('web') as never);
    expect([ledger.sent, ledger.acknowledged, ledger.inLog, ledger.lost.length, ledger.duplicated.length]).toEqual([30, 30, 30, 0, 0]);
  });
});

describe('a controlled shutdown', () => {
  it('moves leadership at once, while the broker is still up, and takes it out of the ISR', () => {
    const sim = cluster(3, 3);
    const p = partitionOf(sim);
    const [first, second, third] = p.replicas as [number, number, number];
    const t = sim.world.tick;
    sim.apply({ kind: 'stopBroker', broker: first });
    expect(sim.of('leader.elected').map((e) => [e.tick, e.payload.leader, e.payload.cause])).toEqual([[t, second, 'clean']]);
    expect(p.isr).toEqual([second, third]);
    expect(sim.world.brokers.find((b) => b.id === first)).toMatchObject({ status: 'stopped', fenced: true });
  });
});

describe('a restarted broker', () => {
  it('restarted before its session timed out waits to register until then (DuplicateBrokerRegistration)', () => {
    const sim = cluster(3, 3);
    const follower = partitionOf(sim).replicas[1] as number;
    const t = sim.world.tick;
    sim.apply({ kind: 'crashBroker', broker: follower });
    sim.step(2);
    sim.apply({ kind: 'restartBroker', broker: follower });
    expect(sim.world.brokers.find((b) => b.id === follower)?.status).toBe('starting');
    sim.step(4);
    expect(sim.of('broker.unfenced').map((e) => [e.tick, e.payload.broker])).toEqual([[t + 6, follower]]);
  });

  it('catches up, rejoins the ISR at the end, and takes its leadership back at the leader imbalance check', () => {
    const sim = cluster(3, 3);
    const p = partitionOf(sim);
    const [first, second, third] = p.replicas as [number, number, number];
    sim.apply({ kind: 'startProducer', name: 'web', topic: 'orders', acks: 'all', count: 5 });
    sim.apply({ kind: 'crashBroker', broker: first });
    sim.runUntilQuiet();
    sim.apply({ kind: 'restartBroker', broker: first });
    sim.runUntilQuiet();
    // Kafka appends a rejoining replica to the ISR (Partition.prepareIsrExpand: isr + id).
    expect(sim.of('isr.changed').some((e) => e.payload.to.join(',') === [second, third, first].join(','))).toBe(true);
    const back = sim.of('leader.elected').filter((e) => e.payload.cause === 'preferred');
    expect(back.map((e) => [e.tick % 30, e.payload.leader])).toEqual([[0, first]]);
    expect([p.leader, p.logEndOffset, p.highWatermark]).toEqual([first, 5, 5]);
  });
});

describe('one broker, one replica', () => {
  it('a crash leaves the partition without a leader (ISR empty, ELR and last known leader 1); on restart the last known leader leads again', () => {
    const sim = new Sim({ seed: 1 });
    sim.apply({ kind: 'createTopic', topic: 'orders', partitions: 1 });
    sim.apply({ kind: 'startProducer', name: 'web', topic: 'orders', count: 3 });
    sim.runUntilQuiet();
    sim.apply({ kind: 'crashBroker', broker: 1 });
    sim.runUntilQuiet();
    const p = partitionOf(sim);
    expect([p.leader, p.isr, p.elr, p.lastKnownElr]).toEqual([-1, [], [1], [1]]);
    sim.apply({ kind: 'restartBroker', broker: 1 });
    // The unclean shutdown takes 1 out of the ELR; the last known leader is then all that is left.
    expect([p.leader, p.isr, p.elr, p.lastKnownElr]).toEqual([1, [1], [], []]);
    expect(sim.of('leader.elected').at(-1)?.payload.cause).toBe('last-known-leader');
    expect(p.logEndOffset).toBe(3);
  });
});

describe('a slow follower', () => {
  it('falls out of the ISR while records keep coming, and rejoins once fast again', () => {
    const sim = cluster(3, 3);
    const p = partitionOf(sim);
    const slow = p.replicas[2] as number;
    sim.apply({ kind: 'setBrokerSlow', broker: slow, slow: true });
    sim.apply({ kind: 'startProducer', name: 'web', topic: 'orders', acks: 1, count: 60 });
    sim.step(30);
    expect(p.isr).not.toContain(slow);
    const shrink = sim.of('isr.changed').find((e) => !e.payload.to.includes(slow));
    // Checked every 5 ticks; out once last caught up more than 10 ticks ago.
    expect((shrink?.tick ?? 1) % 5).toBe(0);
    sim.apply({ kind: 'setBrokerSlow', broker: slow, slow: false });
    sim.runUntilQuiet();
    expect(p.isr).toContain(slow);
  });
});

describe('unclean leader election', () => {
  function offlineAfterLeaderCrash(unclean: boolean): Sim {
    // RF 2: the follower is slowed out of the ISR, then the leader crashes.
    const sim = cluster(2, 2, unclean ? [['unclean.leader.election.enable', 'true']] : []);
    const p = partitionOf(sim);
    const [leader, follower] = p.replicas as [number, number];
    sim.apply({ kind: 'setBrokerSlow', broker: follower, slow: true });
    sim.apply({ kind: 'startProducer', name: 'web', topic: 'orders', acks: 1, count: 40 });
    sim.step(25);
    expect(p.isr).toEqual([leader]);
    sim.apply({ kind: 'crashBroker', broker: leader });
    sim.apply({ kind: 'setBrokerSlow', broker: follower, slow: false });
    return sim;
  }

  it('off (the default): the partition stays offline, the ledger loses nothing acknowledged', () => {
    const sim = offlineAfterLeaderCrash(false);
    sim.step(40);
    expect(partitionOf(sim).leader).toBe(-1);
    expect(sim.of('partition.offline')).toHaveLength(1);
  });

  it('on: the out-of-sync follower leads (unclean), and the acknowledged records it lacked are lost', () => {
    const sim = offlineAfterLeaderCrash(true);
    sim.runUntilQuiet();
    const p = partitionOf(sim);
    expect(sim.of('leader.elected').map((e) => e.payload.cause)).toEqual(['unclean']);
    expect(p.isr).toEqual([p.replicas[1]]);
    const ledger = summarizeProducerLedger(sim.world, sim.world.producers.get('web') as never);
    expect(ledger.lost.length).toBeGreaterThan(0);
    expect(sim.of('log.truncated').some((e) => e.payload.belowHighWatermark)).toBe(true);
  });
});

describe('the group coordinator', () => {
  it("is the leader of the group's __consumer_offsets partition: abs(hashCode) % 50", () => {
    // "g".hashCode() = 103; 103 % 50 = 3. "orders-app".hashCode() worked out by Java's s[0]*31^(n-1)+…
    expect(javaStringHash('g')).toBe(103);
    expect(offsetsPartitionFor('g')).toBe(3);
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
    expect(offsetsPartitionFor('polygenelubricants')).toBe(0);
  });

  it('moves when its broker is fenced; members stay, committed offsets survive', () => {
    const sim = cluster(3, 3);
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['orders'], offsetReset: 'earliest', commitMode: 'after' });
    sim.apply({ kind: 'startProducer', name: 'web', topic: 'orders', count: 10 });
    sim.runUntilQuiet();
    // Partition 3 of __consumer_offsets on brokers 1, 2, 3 (from the 3rd in id order, wrapping): led by 1.
    expect(coordinatorOf(sim.world, 'g')).toBe(1);
    const group = sim.world.groups.get('g');
    const generation = group?.generation;
    sim.apply({ kind: 'crashBroker', broker: 1 });
    sim.runUntilQuiet();
    expect(sim.of('coordinator.moved').map((e) => [e.payload.from, e.payload.to])).toEqual([[1, 2]]);
    expect(group?.generation).toBe(generation);
    expect(group?.offsets.get('orders-0')?.offset).toBe(10);
    expect(sim.of('member.expired')).toEqual([]);
  });
});

describe('producers follow leadership', () => {
  it('a batch sent to the old leader after a preferred election gets NOT_LEADER_OR_FOLLOWER, asks again and lands once', () => {
    const sim = cluster(3, 3);
    const p = partitionOf(sim);
    const first = p.replicas[0] as number;
    sim.apply({ kind: 'stopBroker', broker: first });
    sim.apply({ kind: 'startProducer', name: 'web', topic: 'orders', acks: 'all', count: 40 });
    sim.step(5);
    sim.apply({ kind: 'restartBroker', broker: first });
    sim.step(10);
    const result = sim.try({ kind: 'electLeaders', election: 'preferred', partitions: [{ topic: 'orders', partition: 0 }] });
    expect(result.ok && result.detail?.kind === 'election' ? result.detail.results.map((r) => r.outcome) : null).toEqual(['NONE']);
    sim.runUntilQuiet();
    expect(sim.of('produce.retried').some((e) => e.payload.error === 'NOT_LEADER_OR_FOLLOWER')).toBe(true);
    const ledger = summarizeProducerLedger(sim.world, sim.world.producers.get('web') as never);
    expect([ledger.acknowledged, ledger.inLog, ledger.lost.length, ledger.duplicated.length]).toEqual([40, 40, 0, 0]);
  });
});
