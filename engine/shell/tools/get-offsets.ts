/** kafka-get-offsets (GetOffsetShell): `topic:partition:offset` lines, sorted as `topic-partition` strings. */
import { flagValue, hasFlag, type Invocation } from '../parse.ts';
import type { ToolContext } from '../tool-context.ts';
import { internalTopicNames } from './internal-topics.ts';
import { compileTopicFilter } from './topic-filter.ts';

const TIMES: Record<string, 'latest' | 'earliest'> = { latest: 'latest', '-1': 'latest', earliest: 'earliest', '-2': 'earliest', 'earliest-local': 'earliest', '-4': 'earliest' };

function fail(ctx: ToolContext, message: string): number {
  ctx.output.err(`Error occurred: ${message}`);
  return 1;
}

export function runGetOffsets(ctx: ToolContext, inv: Invocation): number {
  const timeArg = flagValue(inv, '--time') ?? 'latest';
  const time = TIMES[timeArg];
  if (!time) {
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
  for (const topic of ctx.world.topics.values()) {
    if (!matches(topic.name)) continue;
    for (const p of topic.partitions) {
      if (only && !only.has(p.partition)) continue;
      const offset = time === 'latest' ? p.logEndOffset : p.logStartOffset;
      lines.push({ sortKey: `${topic.name}-${p.partition}`, text: `${topic.name}:${p.partition}:${offset}` });
    }
  }
  if (!hasFlag(inv, '--exclude-internal-topics')) {
    for (const name of internalTopicNames(ctx.world)) {
      if (!matches(name)) continue;
      for (let p = 0; p < 50; p++) if (!only || only.has(p)) lines.push({ sortKey: `${name}-${p}`, text: `${name}:${p}:0` });
    }
  }
  if (lines.length === 0) return fail(ctx, 'Could not match any topic-partitions with the specified filters');
  lines.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  for (const l of lines) ctx.output.out(l.text);
  return 0;
}
