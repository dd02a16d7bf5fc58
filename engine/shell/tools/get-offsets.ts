/** kafka-get-offsets (GetOffsetShell): `topic:partition:offset` lines, sorted as `topic-partition` strings. */
import { isInLog } from '../../core/log-segments.ts';
import type { PartitionState } from '../../core/types.ts';
import { flagValue, hasFlag, type Invocation } from '../parse.ts';
import type { ToolContext } from '../tool-context.ts';
import { internalTopicNames, isInternalTopic } from './internal-topics.ts';
import { compileTopicFilter } from './topic-filter.ts';
import { partitionKey } from '../../core/world.ts';

type TimeSpec = 'latest' | 'earliest' | 'max-timestamp' | 'latest-tiered' | number;

const TIMES: Record<string, TimeSpec> = {
  latest: 'latest',
  '-1': 'latest',
  earliest: 'earliest',
  '-2': 'earliest',
  'max-timestamp': 'max-timestamp',
  '-3': 'max-timestamp',
  'earliest-local': 'earliest',
  '-4': 'earliest',
  'latest-tiered': 'latest-tiered',
  '-5': 'latest-tiered',
};

/**
 * Reference §5: `--time` also takes -3/max-timestamp, -5/latest-tiered and a millisecond
 * timestamp (these were rejected as malformed). A lookup with no answer (UNKNOWN_OFFSET)
 * prints no line for that partition.
 */
function parseTime(arg: string): TimeSpec | null {
  const named = TIMES[arg];
  if (named !== undefined) return named;
  return /^\d+$/.test(arg) ? Number(arg) : null;
}

/** The offset ListOffsets answers for one partition, or null for UNKNOWN_OFFSET (no line). */
function offsetAt(ctx: ToolContext, p: PartitionState, time: TimeSpec): number | null {
  // ListOffsets(latest) is the high watermark: records not yet on every in-sync replica are not offered.
  if (time === 'latest') return p.highWatermark;
  if (time === 'earliest') return p.logStartOffset;
  // No tiered storage: the broker has no tiered offset to give.
  if (time === 'latest-tiered') return null;
  const { epochMs, tickMs } = ctx.world.options;
  const timestampOf = (offset: number) => epochMs + p.store.read(offset).createdTick * tickMs;
  let found: number | null = null;
  let best = -Infinity;
  for (let offset = p.logStartOffset; offset < p.logEndOffset; offset++) {
    // Offsets the log cleaner removed have no record and no timestamp.
    if (!isInLog(p.segments, offset)) continue;
    const ts = timestampOf(offset);
    // A timestamp: the first offset whose timestamp is at least it (offsetsForTimes).
    if (typeof time === 'number' && ts >= time) return offset;
    // max-timestamp: the record with the largest timestamp (the first of equals: an assumption).
    if (time === 'max-timestamp' && ts > best) {
      best = ts;
      found = offset;
    }
  }
  return found;
}

function fail(ctx: ToolContext, message: string): number {
  ctx.output.err(`Error occurred: ${message}`);
  return 1;
}

export function runGetOffsets(ctx: ToolContext, inv: Invocation): number {
  const timeArg = flagValue(inv, '--time') ?? 'latest';
  const time = parseTime(timeArg);
  if (time === null) {
    return fail(
      ctx,
      `Malformed time argument ${timeArg}. Please use -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered, or a specified long format timestamp`,
    );
  }
  const filter = flagValue(inv, '--topic');
  const matches = filter === null ? () => true : compileTopicFilter(filter);
  if (!matches) return fail(ctx, `Invalid topic regular expression: ${filter}`);
  const partitionsArg = flagValue(inv, '--partitions');
  const only = partitionsArg === null ? null : new Set(partitionsArg.split(',').map((p) => Number(p.trim())));
  const lines: { sortKey: string; text: string }[] = [];
  // Partitions the filters matched, answered or not: only none at all is an error.
  let matched = 0;
  // --exclude-internal-topics goes by name (Topic.isInternal), a hand-made __consumer_offsets included.
  const excludeInternal = hasFlag(inv, '--exclude-internal-topics');
  for (const topic of ctx.world.topics.values()) {
    if (!matches(topic.name) || (excludeInternal && isInternalTopic(topic.name))) continue;
    for (const p of topic.partitions) {
      if (only && !only.has(p.partition)) continue;
      matched++;
      const offset = offsetAt(ctx, p, time);
      if (offset === null) continue;
      lines.push({ sortKey: partitionKey(topic.name, p.partition), text: `${topic.name}:${p.partition}:${offset}` });
    }
  }
  if (!excludeInternal) {
    for (const name of internalTopicNames(ctx.world)) {
      if (!matches(name)) continue;
      matched += only ? [...only].filter((p) => p >= 0 && p < 50).length : 50;
      // The simulator keeps no records there: every partition is empty (offset 0, or no
      // line for a lookup by timestamp, max-timestamp or latest-tiered).
      if (time !== 'latest' && time !== 'earliest') continue;
      for (let p = 0; p < 50; p++) if (!only || only.has(p)) lines.push({ sortKey: partitionKey(name, p), text: `${name}:${p}:0` });
    }
  }
  if (matched === 0) return fail(ctx, 'Could not match any topic-partitions with the specified filters');
  lines.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  for (const l of lines) ctx.output.out(l.text);
  return 0;
}
