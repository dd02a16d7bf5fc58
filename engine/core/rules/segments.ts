/**
 * Segments on append: the leader rolls a new active segment before a batch when Kafka would
 * (LogSegment.shouldRoll, called from UnifiedLog.maybeRoll), then adds the batch to it.
 */
import { emptySegment, type LogSegments, type Segment } from '../log-segments.ts';
import type { TopicLogConfig } from './topic-configs.ts';

/** A batch about to be appended: its first offset, record count, bytes and largest timestamp (ticks). */
export interface AppendedBatch {
  readonly baseOffset: number;
  readonly count: number;
  readonly bytes: number;
  readonly maxTick: number;
}

/**
 * LogSegment.shouldRoll: the batch would overflow segment.bytes, or (for a non-empty segment)
 * the batch's largest timestamp is more than segment.ms past the segment's first batch's (record
 * timestamps, not the clock: timeWaitedForRoll). Kafka subtracts a random rollJitterMs drawn
 * from segment.jitter.ms, whose default is 0; the simulator uses 0. Kafka also rolls when an
 * index is full, which the simulator's segments never are.
 */
export function shouldRoll(active: Segment, batch: AppendedBatch, config: TopicLogConfig, tickMs: number): boolean {
  const size = active.bytes;
  if (size > config.segmentBytes - batch.bytes) return true;
  return size > 0 && (batch.maxTick - active.firstBatchTick) * tickMs > config.segmentMs;
}

/** Closes the active segment (at the log end) and starts an empty one there. */
export function roll(segments: LogSegments): LogSegments {
  const active = segments.active;
  return { ...segments, closed: segments.closed.push(active), active: emptySegment(active.endOffset) };
}

/** The segments with `batch` appended, rolling first when Kafka would. */
export function appendBatch(segments: LogSegments, batch: AppendedBatch, config: TopicLogConfig, tickMs: number): LogSegments {
  // Rolling an empty active segment recreates it at the same offset (LocalLog.roll): nothing changes.
  const rolled = segments.active.bytes > 0 && shouldRoll(segments.active, batch, config, tickMs) ? roll(segments) : segments;
  const active = rolled.active;
  return {
    ...rolled,
    active: {
      ...active,
      endOffset: batch.baseOffset + batch.count,
      bytes: active.bytes + batch.bytes,
      firstBatchTick: active.firstBatchTick < 0 ? batch.maxTick : active.firstBatchTick,
      largestTick: Math.max(active.largestTick, batch.maxTick),
    },
  };
}
