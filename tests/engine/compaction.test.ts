/**
 * Log compaction (cleanup.policy=compact), worked by hand from Kafka's cleaner rules. Common ground:
 * tickMs 100; the cleaner runs at ticks 15, 30, 45, …; a record created at tick t (the command's
 * tick) is appended at t + 1; with segment.ms=100 each produce command two ticks after the last
 * opens its own segment. A record `k=v` weighs 14 + 2 + 1 = 17 bytes, a tombstone `k` 16.
 */
import { describe, expect, it } from 'vitest';
import { isInLog } from '../../engine/core/log-segments.ts';
import { logConfigOf } from '../../engine/core/rules/topic-configs.ts';
import { Sim } from './helpers.ts';

type Put = readonly [tick: number, key: string, value: string | null];

function compacted(configs: [string, string][], puts: readonly Put[]): Sim {
  const sim = new Sim();
  sim.apply({ kind: 'createTopic', topic: 'c', partitions: 1, configs: [['cleanup.policy', 'compact'], ['segment.ms', '100'], ...configs] });
  for (const [tick, key, value] of puts) {
    sim.step(tick - sim.world.tick);
    sim.apply({ kind: 'produce', topic: 'c', records: [{ key, value }] });
  }
  return sim;
}

function until(sim: Sim, tick: number): void {
  sim.step(tick - sim.world.tick);
}

/** The offsets still in the log, each with its key and value. */
function log(sim: Sim): string[] {
  const p = sim.world.topics.get('c')?.partitions[0];
  const out: string[] = [];
  if (!p) return out;
  for (let o = p.logStartOffset; o < p.logEndOffset; o++) if (isInLog(p.segments, o)) out.push(`${o}:${p.store.key(o)}=${p.store.value(o)}`);
  return out;
}

const cleanings = (sim: Sim) => sim.of('log.cleaned').map((e) => ({ tick: e.tick, ...e.payload }));

describe('the log cleaner', () => {
  // k1=a (tick 0) and k2=b (same batch) fill segment [0, 2); k1=c (tick 2) opens [2, 3); k2=d
  // (tick 4) opens [3, 4), the active segment. At tick 15: first dirty 0, first uncleanable
  // offset min(high watermark 4, active base 3) = 3; clean bytes 0, cleanable 51: ratio 1 > 0.5.
  // Map [0, 3): k1 → 2, k2 → 1. Offset 0 (k1, older than 2) goes; k2=b stays, since k2=d is in the
  // active segment, which is never cleaned.
  const puts: Put[] = [
    [0, 'k1', 'a'],
    [0, 'k2', 'b'],
    [2, 'k1', 'c'],
    [4, 'k2', 'd'],
  ];

  it('keeps the latest record of each key in closed segments, with its offset', () => {
    const sim = new Sim();
    sim.apply({
      kind: 'createTopic',
      topic: 'c',
      partitions: 1,
      configs: [
        ['cleanup.policy', 'compact'],
        ['segment.ms', '100'],
      ],
    });
    sim.apply({ kind: 'produce', topic: 'c', records: puts.slice(0, 2).map(([, key, value]) => ({ key, value })) });
    for (const [tick, key, value] of puts.slice(2)) {
      until(sim, tick);
      sim.apply({ kind: 'produce', topic: 'c', records: [{ key, value }] });
    }
    until(sim, 15);
    expect(cleanings(sim)).toEqual([{ tick: 15, topic: 'c', partition: 0, from: 0, to: 3, removed: 1 }]);
    expect(log(sim)).toEqual(['1:k2=b', '2:k1=c', '3:k2=d']);
    expect(sim.world.topics.get('c')?.partitions[0]).toMatchObject({ logStartOffset: 0, logEndOffset: 4, retainedBytes: 51 });
  });

  it.each([
    // k3=e (tick 16) rolls [3, 4) closed. At tick 30: clean bytes 34 ([0, 2) holds only k2=b now,
    // [2, 3) k1=c), cleanable 17 ([3, 4)): ratio 1/3. Cleaned only when the ratio is below 1/3.
    { ratio: '0.5', cleaned: false },
    { ratio: '0.3', cleaned: true },
  ])('cleans again only when the dirty ratio is above min.cleanable.dirty.ratio=$ratio', ({ ratio, cleaned }) => {
    const sim = compacted(
      [['min.cleanable.dirty.ratio', ratio]],
      [
        [0, 'k1', 'a'],
        [0, 'k2', 'b'],
        [2, 'k1', 'c'],
        [4, 'k2', 'd'],
        [16, 'k3', 'e'],
      ],
    );
    until(sim, 30);
    const second = cleanings(sim).filter((c) => c.tick === 30);
    // Cleaning maps [3, 4): k2 → 3, so k2=b at 1 goes.
    expect(second).toEqual(cleaned ? [{ tick: 30, topic: 'c', partition: 0, from: 0, to: 4, removed: 1 }] : []);
    expect(log(sim)).toEqual(cleaned ? ['2:k1=c', '3:k2=d', '4:k3=e'] : ['1:k2=b', '2:k1=c', '3:k2=d', '4:k3=e']);
  });

  it('a consumer reading from the beginning rebuilds the table and sees the gaps', () => {
    const sim = compacted(
      [['min.cleanable.dirty.ratio', '0.3']],
      [
        [0, 'k1', 'a'],
        [1, 'k2', 'b'],
        [3, 'k1', 'c'],
        [5, 'k2', 'd'],
        [16, 'k3', 'e'],
      ],
    );
    until(sim, 31);
    expect(log(sim)).toEqual(['2:k1=c', '3:k2=d', '4:k3=e']);
    sim.apply({ kind: 'startConsumer', name: 'reader', group: 'g', topics: ['c'], offsetReset: 'earliest', commitMode: 'after' });
    sim.runUntilQuiet();
    const processed = sim.of('record.processed').map((e) => e.payload.offset);
    expect(processed).toEqual([2, 3, 4]);
    const p = sim.world.topics.get('c')?.partitions[0];
    const table = new Map(processed.map((o) => [p?.store.key(o), p?.store.value(o)]));
    expect(Object.fromEntries(table)).toEqual({ k1: 'c', k2: 'd', k3: 'e' });
    // Its position passed the gaps: committed at the log end, nothing skipped.
    expect(sim.world.groups.get('g')?.offsets.get('c-0')?.offset).toBe(5);
  });

  it('min.compaction.lag.ms keeps young segments dirty', () => {
    // min.compaction.lag.ms=3000 (30 ticks). k1=a (tick 0) in [0, 1), k1=b (tick 2) in [1, 2),
    // k2=c (tick 4) active from 2. Tick 15: [0, 1)'s largest timestamp (0 ms) > 1500 − 3000, too
    // young: nothing cleanable. Tick 30: [0, 1) is 3000 ms old, not more recent than 0; [1, 2)
    // (200 ms) still is: the cleaner maps [0, 1) only and keeps k1=a, its latest there.
    // Tick 45: [1, 2) is cleanable, ratio 17/34 > 0.01: k1 → 1, k1=a goes.
    const sim = compacted(
      [
        ['min.compaction.lag.ms', '3000'],
        ['min.cleanable.dirty.ratio', '0.01'],
      ],
      [
        [0, 'k1', 'a'],
        [2, 'k1', 'b'],
        [4, 'k2', 'c'],
      ],
    );
    until(sim, 45);
    expect(cleanings(sim).map(({ tick, from, to, removed }) => ({ tick, from, to, removed }))).toEqual([
      { tick: 30, from: 0, to: 1, removed: 0 },
      { tick: 45, from: 0, to: 2, removed: 1 },
    ]);
    expect(log(sim)).toEqual(['1:k1=b', '2:k2=c']);
  });

  it('removes a tombstone at the first cleaning after delete.retention.ms from the cleaning that stamped it', () => {
    // delete.retention.ms=2000. k1=a (tick 0) [0, 1); tombstone k1 (tick 2) [1, 2); k2=x (tick 4)
    // active. Tick 15: maps k1 → 1, removes k1=a, keeps the tombstone and stamps its delete horizon
    // 1500 + 2000 = 3500 ms. k3=y (tick 20) closes [2, 3): at tick 30 (3000 ms < 3500) the
    // tombstone stays. k4=z (tick 36) closes [3, 4): at tick 45 (4500 ms) it goes.
    const sim = compacted(
      [
        ['delete.retention.ms', '2000'],
        ['min.cleanable.dirty.ratio', '0.01'],
      ],
      [
        [0, 'k1', 'a'],
        [2, 'k1', null],
        [4, 'k2', 'x'],
        [20, 'k3', 'y'],
        [36, 'k4', 'z'],
      ],
    );
    until(sim, 30);
    expect(log(sim)).toEqual(['1:k1=null', '2:k2=x', '3:k3=y']);
    until(sim, 45);
    expect(cleanings(sim).map(({ tick, to, removed }) => ({ tick, to, removed }))).toEqual([
      { tick: 15, to: 2, removed: 1 },
      { tick: 30, to: 3, removed: 0 },
      { tick: 45, to: 4, removed: 1 },
    ]);
    expect(log(sim)).toEqual(['2:k2=x', '3:k3=y', '4:k4=z']);
  });

  it('refuses a record without a key (INVALID_RECORD), as LogValidator does for compacted topics', () => {
    const sim = compacted([], []);
    sim.apply({ kind: 'produce', topic: 'c', records: [{ key: null, value: 'v' }] });
    sim.runUntilQuiet();
    expect(log(sim)).toEqual([]);
  });
});

describe('topic configs for segments and compaction', () => {
  it('fills in Kafka defaults', () => {
    expect(logConfigOf(new Map())).toEqual({
      compact: false,
      delete: true,
      segmentMs: 604_800_000,
      segmentBytes: 1_073_741_824,
      minCleanableDirtyRatio: 0.5,
      minCompactionLagMs: 0,
      maxCompactionLagMs: Number('9223372036854775807'),
      deleteRetentionMs: 86_400_000,
    });
    expect(logConfigOf(new Map([['cleanup.policy', 'compact,delete']]))).toMatchObject({ compact: true, delete: true });
  });
});
