/**
 * Figure: retained heap per record after the 1,000,000-record pipeline run. gc() runs before
 * the run and after it while the timeline (world, checkpoints, record and ledger stores) is
 * still referenced; the heapUsed delta is divided by the records. Needs node --expose-gc.
 */
import { MILLION_RECORDS, runPipeline, type PipelineSpec } from '../lib/workloads.ts';

export interface MemoryResult {
  readonly bytesPerRecord: number;
  readonly retainedBytes: number;
  readonly checkpoints: number;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('bytesPerRecord needs node --expose-gc');
  // Twice: the first pass may only queue finalizers and weak cells that the second frees.
  gc();
  gc();
}

export function measureMemory(spec: PipelineSpec = MILLION_RECORDS): MemoryResult {
  collect();
  const before = process.memoryUsage().heapUsed;
  const run = runPipeline(spec);
  collect();
  const after = process.memoryUsage().heapUsed;
  // Keep the timeline reachable until after the measurement.
  const checkpoints = run.timeline.checkpointCount;
  const retainedBytes = after - before;
  return { bytesPerRecord: retainedBytes / spec.records, retainedBytes, checkpoints };
}
