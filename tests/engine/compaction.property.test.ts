/**
 * Property tests of log compaction: random keyed writes (tombstones among them) to a compacted
 * topic with small segments and random cleaner configs, on one broker or a replicated cluster:
 *   (a) after every tick: the invariant checker finds nothing, every record still in the log has
 *       the offset, key and value it was appended with, and the latest record of every key is
 *       still there unless it is a tombstone (which may go after delete.retention.ms);
 *   (b) a consumer reading from the beginning rebuilds the table: the latest value of every key
 *       whose latest record is not a tombstone, and no other key with a value;
 *   (c) Timeline.seek(t) lands on the state a fresh replay reaches at t, with that tick's events.
 * Same seed + same commands ⇒ the same trace is (c) at the head.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInLog, Timeline, type Command, type WorldOptions } from '../../engine/index.ts';
import { expectSeeksLandOnReplay, propertyRuns, Sim } from './helpers.ts';

interface Write {
  readonly gap: number;
  readonly key: string;
  readonly value: string | null;
}

interface CompactionCase {
  readonly options: Partial<WorldOptions>;
  readonly brokers: number;
  readonly configs: [string, string][];
  readonly writes: readonly Write[];
}

const write = fc.record({
  gap: fc.integer({ min: 0, max: 6 }),
  key: fc.constantFrom('k1', 'k2', 'k3', 'k4'),
  value: fc.option(fc.constantFrom('a', 'b', 'c', 'dd'), { nil: null, freq: 5 }),
});

const compactionCase: fc.Arbitrary<CompactionCase> = fc.record({
  options: fc.record({ seed: fc.integer({ min: 1, max: 1000 }), logCleanerBackoffTicks: fc.integer({ min: 1, max: 15 }) }),
  brokers: fc.constantFrom(1, 1, 3),
  configs: fc
    .tuple(
      fc.constantFrom('compact', 'compact,delete'),
      fc.constantFrom('100', '300', '1000'),
      fc.constantFrom('0.01', '0.5', '0.9'),
      fc.constantFrom('0', '500'),
      fc.constantFrom('0', '1000', '86400000'),
    )
    .map(([policy, segmentMs, ratio, lag, deleteRetention]): [string, string][] => [
      ['cleanup.policy', policy],
      ['segment.ms', segmentMs],
      ['min.cleanable.dirty.ratio', ratio],
      ['min.compaction.lag.ms', lag],
      ['delete.retention.ms', deleteRetention],
    ]),
  writes: fc.array(write, { minLength: 1, maxLength: 30 }),
});

/** The commands of a case, each at its tick. */
function plan(c: CompactionCase): { tick: number; command: Command }[] {
  const out: { tick: number; command: Command }[] = [];
  if (c.brokers > 1) out.push({ tick: 0, command: { kind: 'configureCluster', brokers: c.brokers } });
  out.push({
    tick: 0,
    command: { kind: 'createTopic', topic: 'c', partitions: 1, replicationFactor: c.brokers, configs: c.configs },
  });
  let tick = 0;
  for (const w of c.writes) {
    tick += w.gap;
    out.push({ tick, command: { kind: 'produce', topic: 'c', records: [{ key: w.key, value: w.value }] } });
  }
  return out;
}

const END = 150;

describe('log compaction, at random', () => {
  it('(a, b) never changes a surviving record nor removes the latest of a key; a reader rebuilds the table', () => {
    fc.assert(
      fc.property(compactionCase, (c) => {
        const sim = new Sim(c.options);
        const commands = plan(c);
        let next = 0;
        /** What was appended at each offset: `key=value`. */
        const appended: string[] = [];
        const check = () => {
          const p = sim.world.topics.get('c')?.partitions[0];
          if (!p) return;
          for (const e of sim.events.slice(seen)) {
            if (e.kind !== 'records.sent' || e.payload.attempt !== 1) continue;
            sent.set(
              e.payload.requestId,
              e.payload.records.map((r) => `${r.key}=${r.value}`),
            );
          }
          for (const e of sim.events.slice(seen)) {
            if (e.kind === 'records.appended') (sent.get(e.payload.requestId) ?? []).forEach((r, i) => (appended[e.payload.baseOffset + i] = r));
          }
          seen = sim.events.length;
          const latest = new Map<string, number>();
          for (let o = 0; o < p.highWatermark; o++) latest.set((appended[o] ?? '').split('=')[0] ?? '', o);
          for (let o = p.logStartOffset; o < p.logEndOffset; o++) {
            if (isInLog(p.segments, o)) expect(`${p.store.key(o)}=${p.store.value(o)}`).toBe(appended[o]);
          }
          for (const o of latest.values()) {
            if (!(appended[o] ?? '').endsWith('=null')) expect(isInLog(p.segments, o), `latest record at ${o}`).toBe(true);
          }
        };
        const sent = new Map<number, string[]>();
        let seen = 0;
        while (sim.world.tick < END) {
          for (let cmd = commands[next]; cmd && cmd.tick <= sim.world.tick; cmd = commands[++next]) sim.apply(cmd.command);
          sim.step();
          check();
        }
        sim.apply({ kind: 'startConsumer', name: 'reader', group: 'table', topics: ['c'], offsetReset: 'earliest', processTicks: 0 });
        sim.runUntilQuiet(2_000);
        const p = sim.world.topics.get('c')?.partitions[0];
        const table = new Map<string, string | null>();
        for (const e of sim.of('record.processed')) table.set(p?.store.key(e.payload.offset) ?? '', p?.store.value(e.payload.offset) ?? null);
        const expected = new Map<string, string | null>();
        for (const r of appended) {
          const [k = '', v = ''] = r.split('=');
          expected.set(k, v === 'null' ? null : v);
        }
        const withValue = (m: Map<string, string | null>) => [...m].filter(([, v]) => v !== null).sort();
        expect(withValue(table)).toEqual(withValue(expected));
      }),
      { numRuns: propertyRuns(1000) },
    );
  });

  it('(c) seek to any tick, back and forth, lands on the state a fresh replay reaches there', () => {
    fc.assert(
      fc.property(compactionCase, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 20 }), (c, targets, every) => {
        const timeline = new Timeline(c.options, { maxTicks: every, maxEvents: 64 });
        const commands = plan(c);
        let next = 0;
        while (timeline.world.tick < 80) {
          for (let cmd = commands[next]; cmd && cmd.tick <= timeline.world.tick; cmd = commands[++next]) timeline.apply(cmd.command);
          timeline.step();
        }
        expectSeeksLandOnReplay(c.options, timeline, targets);
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
