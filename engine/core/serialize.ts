/**
 * A canonical, plain-data picture of a world: every field that decides its future, with
 * records materialised only inside each log (store tails past the log end are not state).
 * Two worlds are the same state exactly when their pictures are equal; tests compare
 * `seek(t)` with a fresh replay this way.
 */
import { allSegments, isInLog } from './log-segments.ts';
import { divergenceOf } from './rules/replication.ts';
import type { FollowerState, World } from './types.ts';

function mapEntries<V, R>(map: Map<string, V> | ReadonlyMap<string, V>, f: (v: V) => R): [string, R][] {
  return [...map].map(([k, v]) => [k, f(v)]);
}

/** The world as JSON-ready data. */
export function describeWorld(world: World): unknown {
  return {
    tick: world.tick,
    rng: world.rng.state,
    controllerRng: world.controllerRng.state,
    brokers: world.brokers,
    counters: world.counters,
    faults: world.faults,
    topics: mapEntries(world.topics, (t) => ({
      id: t.id,
      configs: [...t.configs],
      partitions: t.partitions.map((p) => {
        const records = [];
        for (let o = p.logStartOffset; o < p.logEndOffset; o++) if (isInLog(p.segments, o)) records.push(p.store.read(o));
        return {
          logStartOffset: p.logStartOffset,
          logEndOffset: p.logEndOffset,
          highWatermark: p.highWatermark,
          leader: p.leader,
          leaderEpoch: p.leaderEpoch,
          leaderEpochStartOffset: p.leaderEpochStartOffset,
          replicas: p.replicas,
          isr: p.isr,
          elr: p.elr,
          lastKnownElr: p.lastKnownElr,
          retainedBytes: p.retainedBytes,
          segments: allSegments(p.segments),
          firstDirtyOffset: p.segments.firstDirtyOffset,
          lastSequence: [...p.lastSequence],
          // A follower's store is an object; what decides its future is where its log leaves the leader's.
          followers: [...p.followers].map(([id, { store: _store, ...f }]) => [id, { ...f, divergesAt: divergenceOf(p, p.followers.get(id) as FollowerState) }]),
          pendingAcks: p.pendingAcks,
          txns: p.txns,
          abortedTxns: p.abortedTxns,
          records,
        };
      }),
    })),
    groups: mapEntries(world.groups, (g) => {
      const ledger = [];
      for (let i = 0; i < g.ledgerLength; i++) ledger.push([g.ledger.partitions[i], g.ledger.offsets[i], g.ledger.consumers[i], g.ledger.ticks[i]]);
      return {
        state: g.state,
        generation: g.generation,
        protocol: g.protocol,
        rebalance: g.rebalance,
        members: mapEntries(g.members, (m) => ({ ...m })),
        offsets: [...g.offsets],
        startOffsets: [...g.startOffsets],
        ledger,
        coordinator: g.coordinator,
        pendingTxnOffsets: [...g.pendingTxnOffsets],
      };
    }),
    consumers: mapEntries(world.consumers, (c) => ({
      ...c,
      positions: [...c.positions],
      processedUpTo: [...c.processedUpTo],
      batch: c.batch && { ...c.batch, ranges: c.batch.ranges.map(({ store: _store, segments: _segments, ...r }) => r) },
    })),
    producers: mapEntries(world.producers, ({ ledger: l, ...p }) => {
      const ledger = [];
      for (let i = 0; i < p.ledgerLength; i++) ledger.push([l.kinds[i], l.requestIds[i], l.ticks[i], l.values[i], l.partitions[i], l.topicIds[i]]);
      return { ...p, nextSequence: [...p.nextSequence], pending: [...p.pending], leaders: [...p.leaders], ledger };
    }),
    transactions: [...world.transactions],
    network: world.network.map((m) => ('ranges' in m ? { ...m, ranges: m.ranges.map(({ store: _store, segments: _segments, ...r }) => r) } : m)),
    parkedFetches: world.parkedFetches,
  };
}
