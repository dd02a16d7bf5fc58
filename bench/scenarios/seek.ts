/**
 * Figure: how long `timeline.seek(t)` takes to random ticks of a 100,000-tick busy history
 * (one keyed producer, two groups with processTicks 1, a consumer crash and restart every
 * ~2,000 ticks). Targets come from the bench's seeded PRNG, so every run seeks the same ticks.
 * A few seeks warm the JIT up first and are not counted.
 */
import { createBenchRng } from '../lib/prng.ts';
import { distributionOf, type Distribution } from '../lib/stats.ts';
import { BUSY_HISTORY, buildBusyHistory, type BusySpec } from '../lib/workloads.ts';

export interface SeekResult {
  readonly seeks: Distribution;
  readonly historyTicks: number;
  readonly historyEvents: number;
  readonly buildMs: number;
  readonly checkpoints: number;
  readonly commands: number;
  readonly crashes: number;
}

export function measureSeek(spec: BusySpec = BUSY_HISTORY, seeks = 5_000, warmup = 50): SeekResult {
  const t0 = performance.now();
  const history = buildBusyHistory(spec);
  const buildMs = performance.now() - t0;
  const { timeline } = history;
  const rng = createBenchRng(spec.seed ^ 0x5eec);
  const samples: number[] = [];
  for (let i = 0; i < warmup + seeks; i++) {
    const target = rng.int(timeline.headTick + 1);
    const start = performance.now();
    timeline.seek(target);
    const ms = performance.now() - start;
    if (timeline.tick !== target) throw new Error(`seek(${target}) landed on ${timeline.tick}`);
    if (i >= warmup) samples.push(ms);
  }
  return {
    seeks: distributionOf(samples),
    historyTicks: timeline.headTick,
    historyEvents: history.events,
    buildMs,
    checkpoints: timeline.checkpointCount,
    commands: history.commands,
    crashes: history.crashes,
  };
}
