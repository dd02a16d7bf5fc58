/** Segments: the active segment rolls by segment.ms and segment.bytes as LogSegment.shouldRoll decides. */
import { describe, expect, it } from 'vitest';
import { allSegments } from '../../engine/core/log-segments.ts';
import { Sim } from './helpers.ts';

function bounds(sim: Sim, topic = 't'): [number, number][] {
  const p = sim.world.topics.get(topic)?.partitions[0];
  return p ? allSegments(p.segments).map((s) => [s.baseOffset, s.endOffset]) : [];
}

describe('segment.ms', () => {
  it('rolls when a batch is more than segment.ms newer than the segment first batch', () => {
    // tickMs 100: segment.ms=500 is 5 ticks. Records are created at the tick of the command and
    // appended one hop later. a (tick 0) opens segment 0; b (tick 5) is 500 ms newer, not more:
    // same segment; c (tick 6) is 600 ms newer than a: a new segment starts at offset 2.
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1, configs: [['segment.ms', '500']] });
    for (const [tick, value] of [
      [0, 'a'],
      [5, 'b'],
      [6, 'c'],
    ] as const) {
      sim.step(tick - sim.world.tick);
      sim.apply({ kind: 'produce', topic: 't', records: [{ key: null, value }] });
    }
    sim.runUntilQuiet();
    expect(bounds(sim)).toEqual([
      [0, 2],
      [2, 3],
    ]);
  });
});

describe('segment.bytes', () => {
  it('rolls before a batch that would take the segment past segment.bytes', () => {
    // Each record weighs 14 + 100,000 bytes. segment.bytes=1048576: a segment of k records rolls
    // before the next when k × 100,014 > 1,048,576 − 100,014 = 948,562, i.e. at k = 10.
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1, configs: [['segment.bytes', '1048576']] });
    for (let i = 0; i < 11; i++) sim.apply({ kind: 'produce', topic: 't', records: [{ key: null, value: 'x'.repeat(100_000) }] });
    sim.runUntilQuiet();
    expect(bounds(sim)).toEqual([
      [0, 10],
      [10, 11],
    ]);
    const p = sim.world.topics.get('t')?.partitions[0];
    expect(p?.segments.active.bytes).toBe(100_014);
  });

  it('never rolls an empty segment, whatever the batch', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1, configs: [['segment.bytes', '1048576']] });
    sim.apply({ kind: 'produce', topic: 't', records: Array.from({ length: 11 }, () => ({ key: null, value: 'x'.repeat(100_000) })) });
    sim.runUntilQuiet();
    expect(bounds(sim)).toEqual([[0, 11]]);
  });
});
