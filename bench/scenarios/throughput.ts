/**
 * Figure: records produced and consumed end to end per wall-clock second.
 *
 * One producer application emits 1,000 records a tick into 8 partitions; a group of 4
 * consumers (processTicks 0) processes all 1,000,000. The clock runs from the first command
 * to the tick where the last record was processed, on a Timeline so checkpoints are paid for.
 * Each record counts once (1,000,000 / seconds). A 200,000-record run warms the JIT up; the figure is
 * the median of 5 timed runs, each started on a collected heap when gc() is exposed.
 */
import { ledgerOf, summarizeOutputLedger } from '../../engine/index.ts';
import { median } from '../lib/stats.ts';
import { MILLION_RECORDS, PIPELINE_GROUP, runPipeline, type PipelineSpec } from '../lib/workloads.ts';

export interface ThroughputResult {
  readonly recordsPerSecond: number;
  readonly runsRecordsPerSecond: readonly number[];
  readonly elapsedMs: number;
  readonly ticks: number;
  readonly events: number;
  readonly checkpoints: number;
}

/**
 * Checks the run processed every record exactly once, so a fast but wrong engine cannot score;
 * through exactly-once processors, that every record has exactly one committed invoice (the output
 * ledger, read_committed), whatever was processed twice.
 */
function assertExactlyOnce(spec: PipelineSpec, run: ReturnType<typeof runPipeline>): void {
  if (spec.exactlyOnce) {
    const out = summarizeOutputLedger(run.timeline.world, 'invoices', 'read_committed');
    if (!out || out.inputs !== spec.records || out.outputs !== spec.records || out.duplicated.length > 0 || out.missing.length > 0) {
      throw new Error(
        `exactly-once run: ${out?.inputs} inputs, ${out?.outputs} committed invoices, ${out?.duplicated.length} duplicated, ${out?.missing.length} missing`,
      );
    }
    return;
  }
  const ledger = ledgerOf(run.timeline.world, PIPELINE_GROUP);
  if (!ledger || ledger.processed !== spec.records || ledger.distinct !== spec.records || run.processed !== spec.records) {
    throw new Error(`throughput run processed ${ledger?.processed} (${ledger?.distinct} distinct, ${run.processed} events) of ${spec.records}`);
  }
}

export function measureThroughput(spec: PipelineSpec = MILLION_RECORDS, timedRuns = 5): ThroughputResult {
  runPipeline({ ...spec, records: Math.min(spec.records, 200_000) }); // warm-up, not timed
  const rates: number[] = [];
  let last: ReturnType<typeof runPipeline> | null = null;
  for (let i = 0; i < timedRuns; i++) {
    // Start every run on a clean heap: otherwise it pays to collect the previous run's world.
    // eslint-disable-next-line no-useless-assignment -- dropping the reference is what lets gc() free it
    last = null;
    (globalThis as { gc?: () => void }).gc?.();
    const run = runPipeline(spec);
    assertExactlyOnce(spec, run);
    rates.push((spec.records / run.elapsedMs) * 1000);
    last = run;
  }
  const run = last as ReturnType<typeof runPipeline>;
  const recordsPerSecond = median(rates);
  return {
    recordsPerSecond,
    runsRecordsPerSecond: rates,
    elapsedMs: (spec.records / recordsPerSecond) * 1000,
    ticks: run.ticks,
    events: run.events,
    checkpoints: run.timeline.checkpointCount,
  };
}
