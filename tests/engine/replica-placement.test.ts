/**
 * Replica placement as Kafka's KRaft controller does it (StripedReplicaPlacer, 4.1.1), for a
 * cluster without racks. The expected shapes are worked out by hand from the placer's steps
 * (/work/shared/reference/kafka-4-replication.md §1), not read back from the function:
 *
 * - the first |U| partitions stripe: partition p's replicas are U[o+p], U[o+p+1], … (mod |U|)
 *   for the sorted unfenced brokers U and one random start o;
 * - the next |U| partitions stripe the same way over a permutation of U, starting again at
 *   position o;
 * - fenced brokers only ever fill follower slots, after every unfenced broker;
 * - a replication factor above the registered brokers is refused with the controller's message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCommand, createWorld } from '../../engine/index.ts';
import { createRng } from '../../engine/core/random.ts';
import { placeReplicas } from '../../engine/core/rules/replica-placement.ts';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** The stripe over `order` from position `start`: RF consecutive brokers, wrapping. */
function stripe(order: readonly number[], start: number, rf: number): number[] {
  return Array.from({ length: rf }, (_, i) => order[(start + i) % order.length] as number);
}

describe('striped placement without racks', () => {
  it('stripes the first |U| partitions over the sorted brokers from one random start', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n, rfWanted, seed) => {
        const rf = Math.min(rfWanted, n);
        const placed = placeReplicas(createRng(seed), { unfenced: range(n).reverse(), fenced: [], partitions: n, replicationFactor: rf });
        if (!Array.isArray(placed)) throw new Error(placed.message);
        const sorted = range(n);
        const start = sorted.indexOf(placed[0]?.[0] ?? -1);
        expect(start).toBeGreaterThanOrEqual(0);
        placed.forEach((replicas, p) => expect(replicas).toEqual(stripe(sorted, start + p, rf)));
      }),
      { numRuns: 300 },
    );
  });

  it('after |U| partitions it stripes again over a permutation of the brokers, from the same position', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n, seed) => {
        const rf = Math.min(2, n);
        const placed = placeReplicas(createRng(seed), { unfenced: range(n), fenced: [], partitions: 2 * n, replicationFactor: rf });
        if (!Array.isArray(placed)) throw new Error(placed.message);
        const firstStart = range(n).indexOf(placed[0]?.[0] ?? -1);
        // The second round's leaders, in partition order, read the permutation from position firstStart.
        const leaders = placed.slice(n).map((r) => r[0] as number);
        const permutation = Array.from({ length: n }, (_, i) => leaders[(i - firstStart + n) % n] as number);
        expect([...permutation].sort((a, b) => a - b)).toEqual(range(n));
        placed.slice(n).forEach((replicas, p) => expect(replicas).toEqual(stripe(permutation, firstStart + p, rf)));
      }),
      { numRuns: 200 },
    );
  });

  it('every partition has RF distinct brokers; over k·|U| partitions each broker leads exactly k', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 7 }), fc.nat(), (n, k, rfWanted, seed) => {
        const rf = Math.min(rfWanted, n);
        const placed = placeReplicas(createRng(seed), { unfenced: range(n), fenced: [], partitions: k * n, replicationFactor: rf });
        if (!Array.isArray(placed)) throw new Error(placed.message);
        for (const replicas of placed) expect(new Set(replicas).size).toBe(rf);
        const leads = new Map<number, number>();
        for (const replicas of placed) leads.set(replicas[0] as number, (leads.get(replicas[0] as number) ?? 0) + 1);
        expect([...leads.values()]).toEqual(range(n).map(() => k));
      }),
      { numRuns: 200 },
    );
  });

  it('fenced brokers only fill follower slots, after every unfenced broker', () => {
    const placed = placeReplicas(createRng(7), { unfenced: [2, 4], fenced: [1, 3], partitions: 6, replicationFactor: 4 });
    if (!Array.isArray(placed)) throw new Error(placed.message);
    for (const replicas of placed) {
      expect(new Set(replicas.slice(0, 2))).toEqual(new Set([2, 4]));
      expect(new Set(replicas.slice(2))).toEqual(new Set([1, 3]));
    }
  });

  it('refuses what the controller refuses, in its words', () => {
    const refused = (unfenced: number[], fenced: number[], rf: number) => {
      const placed = placeReplicas(createRng(1), { unfenced, fenced, partitions: 1, replicationFactor: rf });
      return Array.isArray(placed) ? null : [placed.code, placed.message];
    };
    // ReplicationControlManager wraps StripedReplicaPlacer's messages (kafka-4-replication.md §1).
    expect(refused([1, 2], [], 3)).toEqual([
      'InvalidReplicationFactorException',
      'Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 2 broker(s) are registered.',
    ]);
    // Fenced brokers are registered: they count toward the total.
    expect(refused([1], [2, 3], 3)).toBeNull();
    expect(refused([], [1, 2], 1)).toEqual([
      'InvalidReplicationFactorException',
      'Unable to replicate the partition 1 time(s): All brokers are currently fenced.',
    ]);
  });
});

describe('topics on a cluster', () => {
  it('a topic is placed on the cluster: the first replica leads and every replica starts in sync', () => {
    const world = createWorld({ seed: 3 });
    expect(applyCommand(world, { kind: 'configureCluster', brokers: 3 }).ok).toBe(true);
    expect(applyCommand(world, { kind: 'createTopic', topic: 'orders', partitions: 3, replicationFactor: 3 }).ok).toBe(true);
    for (const p of world.topics.get('orders')?.partitions ?? []) {
      expect(p.leader).toBe(p.replicas[0]);
      expect(p.isr).toEqual(p.replicas);
      expect([...p.replicas].sort()).toEqual([1, 2, 3]);
    }
  });

  it('placing replicas draws nothing from the world’s own PRNG: the same seed gives the same other choices', () => {
    const one = createWorld({ seed: 9 });
    const three = createWorld({ seed: 9 });
    applyCommand(three, { kind: 'configureCluster', brokers: 3 });
    applyCommand(one, { kind: 'createTopic', topic: 'orders', partitions: 4 });
    applyCommand(three, { kind: 'createTopic', topic: 'orders', partitions: 4, replicationFactor: 2 });
    expect(three.rng.state).toBe(one.rng.state);
  });

  it('the cluster’s size is set before any topic exists; brokers are added one at a time up to the limit', () => {
    const world = createWorld();
    applyCommand(world, { kind: 'createTopic', topic: 'orders', partitions: 1 });
    const refused = applyCommand(world, { kind: 'configureCluster', brokers: 3 });
    expect(refused.ok ? null : refused.error.message).toBe(
      "the cluster's size is set before any topic exists (topic orders exists): add brokers one at a time with sim broker add",
    );
    expect(world.brokers.map((b) => b.id)).toEqual([1]);
    for (let i = 0; i < 15; i++) expect(applyCommand(world, { kind: 'addBroker' }).ok).toBe(true);
    expect(world.brokers.map((b) => `${b.id}@${b.host}:${b.port}`).slice(0, 3)).toEqual(['1@localhost:9092', '2@localhost:9093', '3@localhost:9094']);
    const over = applyCommand(world, { kind: 'addBroker' });
    expect(over.ok ? null : over.error.code).toBe('SimulatorLimit');
    expect(world.brokers).toHaveLength(16);
  });
});
