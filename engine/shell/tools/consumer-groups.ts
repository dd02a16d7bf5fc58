/**
 * kafka-consumer-groups, printing what Kafka 4.1's ConsumerGroupCommand prints (reference §4):
 * tables whose rows start with "\n", state notices on stderr, errors on stdout with exit 0.
 */
import type { OffsetResetSpec } from '../../core/commands.ts';
import { describeGroupMembers, describeGroupOffsets, describeGroupState, listGroups } from '../../core/queries.ts';
import { planOffsetReset } from '../../core/rules/group-admin.ts';
import { validateTopicName } from '../../core/rules/topics.ts';
import type { GroupStateName } from '../../core/types.ts';
import { flagValue, hasFlag, type Invocation } from '../parse.ts';
import { columnWidth, logLine, padRight } from '../output.ts';
import type { ToolContext } from '../tool-context.ts';
import { usageError } from './kafka-topics.ts';
import { splitPartitionKey } from '../../core/world.ts';

const LOGGER = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';
const dash = (v: string | number | null) => (v === null ? '-' : String(v));

/** printError: a blank line, then "Error: …", on stdout. */
function printError(ctx: ToolContext, message: string): void {
  ctx.output.out(`\nError: ${message}`);
}

export function runConsumerGroups(ctx: ToolContext, inv: Invocation): number {
  const actions = ['--list', '--describe', '--reset-offsets', '--delete'].filter((a) => hasFlag(inv, a));
  if (actions.length !== 1) return usageError(ctx, 'Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets.');
  const groups = hasFlag(inv, '--all-groups') ? listGroups(ctx.world) : [flagValue(inv, '--group')].filter((g): g is string => g !== null);
  if (actions[0] === '--list') {
    if (hasFlag(inv, '--state')) return listWithState(ctx);
    for (const g of listGroups(ctx.world)) ctx.output.out(g);
    return 0;
  }
  if (groups.length === 0 && !hasFlag(inv, '--all-groups'))
    return usageError(ctx, `Option [${actions[0]?.slice(2)}] takes one of these options: [all-groups], [group]`);
  if (actions[0] === '--describe') {
    for (const g of groups) describe(ctx, inv, g);
    return 0;
  }
  if (actions[0] === '--delete') {
    // ConsumerGroupCommandOptions.checkArgs: --delete takes no --topic (Kafka has --delete-offsets for that).
    if (hasFlag(inv, '--topic')) return usageError(ctx, 'The consumer does not support topic-specific offset deletion from a consumer group.');
    return deleteGroups(ctx, groups);
  }
  return resetOffsets(ctx, inv, groups);
}

/**
 * `--list --state` (printGroupInfo): the group column is max(15, longest id) + 10 wide, then
 * " %-20s" for STATE, each line ending with %n (so the STATE column keeps its padding).
 */
function listWithState(ctx: ToolContext): number {
  const groups = listGroups(ctx.world);
  const width = columnWidth(groups, 15) + 10;
  ctx.output.out(`${padRight('GROUP', width)} ${padRight('STATE', 20)}`);
  for (const g of groups) ctx.output.out(`${padRight(g, width)} ${padRight(ctx.world.groups.get(g)?.state ?? 'Unknown', 20)}`);
  return 0;
}

/** GroupIdNotFoundException as a 4.x broker reports an unknown group. */
function notFound(ctx: ToolContext, group: string): void {
  ctx.output.out(`\nError: Executing consumer group command failed due to org.apache.kafka.common.errors.GroupIdNotFoundException: Group ${group} not found.`);
  ctx.output.err(`java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.GroupIdNotFoundException: Group ${group} not found.`);
}

/** shouldPrintMemberState: notices for Empty and rebalancing groups, on stderr. */
function printStateNotice(ctx: ToolContext, group: string, state: GroupStateName): void {
  if (state === 'Empty') ctx.output.err(`\nConsumer group '${group}' has no active members.`);
  if (state === 'PreparingRebalance' || state === 'CompletingRebalance') ctx.output.err(`\nWarning: Consumer group '${group}' is rebalancing.`);
}

function describe(ctx: ToolContext, inv: Invocation, group: string): void {
  if (!ctx.world.groups.has(group)) return notFound(ctx, group);
  if (hasFlag(inv, '--members')) return describeMembers(ctx, inv, group);
  if (hasFlag(inv, '--state')) return describeState(ctx, group, hasFlag(inv, '--verbose'));
  const described = describeGroupOffsets(ctx.world, group);
  if (!described) return;
  printStateNotice(ctx, group, described.state);
  const rows = described.rows;
  if (rows.length === 0) return;
  const cells = rows.map((r) => [
    group,
    r.topic,
    String(r.partition),
    dash(r.currentOffset),
    dash(r.logEndOffset),
    dash(r.lag),
    dash(r.consumerId),
    dash(r.host),
    dash(r.clientId),
  ]);
  const header = ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'];
  const widths = [
    columnWidth(
      cells.map((c) => c[0] ?? ''),
      15,
    ),
    columnWidth(
      cells.map((c) => c[1] ?? ''),
      15,
    ),
    10,
    15,
    15,
    15,
    columnWidth(
      cells.map((c) => c[6] ?? ''),
      15,
    ),
    columnWidth(
      cells.map((c) => c[7] ?? ''),
      15,
    ),
  ];
  const line = (values: readonly string[]) => values.map((v, i) => (i < widths.length ? padRight(v, widths[i] ?? 0) : v)).join(' ');
  let text = `\n${line(header)}`;
  for (const c of cells) text += `\n${line(c)}`;
  ctx.output.out(text);
}

function describeMembers(ctx: ToolContext, inv: Invocation, group: string): void {
  const described = describeGroupMembers(ctx.world, group);
  if (!described) return;
  printStateNotice(ctx, group, described.state);
  const verbose = hasFlag(inv, '--verbose');
  const assignmentText = (a: readonly { topic: string; partition: number }[]) => {
    const byTopic = new Map<string, number[]>();
    for (const tp of a) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
    return [...byTopic].map(([t, ps]) => `${t}:${ps.join(',')}`).join(';') || '-';
  };
  const rows = described.members.map((m) => [group, m.memberId, m.host, m.clientId, String(m.assignment.length), '-', assignmentText(m.assignment), '-', '-']);
  const widths = [
    columnWidth(
      rows.map((r) => r[0] ?? ''),
      15,
    ),
    columnWidth(
      rows.map((r) => r[1] ?? ''),
      15,
    ),
    columnWidth(
      rows.map((r) => r[2] ?? ''),
      15,
    ),
    columnWidth(
      rows.map((r) => r[3] ?? ''),
      15,
    ),
    15,
  ];
  if (verbose)
    widths.push(
      15,
      columnWidth(
        rows.map((r) => r[6] ?? ''),
        20,
      ),
      15,
      20,
    );
  const header = ['GROUP', 'CONSUMER-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS'];
  if (verbose) header.push('CURRENT-EPOCH', 'CURRENT-ASSIGNMENT', 'TARGET-EPOCH', 'TARGET-ASSIGNMENT');
  // printMembers: "%-Gs %-Cs %-Hs %-CLs %-15s " — note the trailing space; verbose appends its own columns.
  const line = (values: readonly string[]) => {
    const base =
      values
        .slice(0, 5)
        .map((v, i) => padRight(v, widths[i] ?? 0))
        .join(' ') + ' ';
    if (!verbose) return base;
    return (
      base +
      values
        .slice(5, 9)
        .map((v, i) => (i < 3 ? padRight(v, widths[5 + i] ?? 0) : padRight(v, widths[8] ?? 0)))
        .join(' ')
    );
  };
  ctx.output.out(`\n${line(header)}`);
  for (const r of rows) ctx.output.out(line(verbose ? r : r.slice(0, 5)));
}

function describeState(ctx: ToolContext, group: string, verbose: boolean): void {
  const s = describeGroupState(ctx.world, group);
  if (!s) return;
  // printStates goes through shouldPrintMemberState too: an Empty group gets the stderr notice
  // (and a rebalancing one the warning) before its row.
  printStateNotice(ctx, group, s.state);
  const g = Math.max(15, group.length);
  const co = Math.max(25, s.coordinator.length);
  // --verbose adds GROUP-EPOCH (%-15s) and TARGET-ASSIGNMENT-EPOCH (%-25s) before #MEMBERS;
  // a classic group has neither, so both print `-`.
  const row = (v: readonly string[]) =>
    `${padRight(v[0] ?? '', g)} ${padRight(v[1] ?? '', co)} ${padRight(v[2] ?? '', 20)} ${padRight(v[3] ?? '', 20)} ` +
    (verbose ? `${padRight(v[4] ?? '', 15)} ${padRight(v[5] ?? '', 25)} ${v[6] ?? ''}` : (v[6] ?? ''));
  const header = row(['GROUP', 'COORDINATOR (ID)', 'ASSIGNMENT-STRATEGY', 'STATE', 'GROUP-EPOCH', 'TARGET-ASSIGNMENT-EPOCH', '#MEMBERS']);
  ctx.output.out(`\n${header}\n${row([group, s.coordinator, s.assignmentStrategy || '-', s.state, '-', '-', String(s.members)])}`);
}

function deleteGroups(ctx: ToolContext, groups: readonly string[]): number {
  const failed: string[] = [];
  const deleted: string[] = [];
  for (const g of groups) {
    const result = ctx.apply({ kind: 'deleteGroup', group: g });
    if (result.ok) deleted.push(g);
    else failed.push(`* Group '${g}' could not be deleted due to: org.apache.kafka.common.errors.${result.error.code}: ${result.error.message}`);
  }
  if (deleted.length > 0) ctx.output.out(`Deletion of requested consumer groups (${deleted.map((g) => `'${g}'`).join(', ')}) was successful.`);
  if (failed.length > 0) ctx.output.out(`\nError: Deletion of some consumer groups failed:\n${failed.join('\n')}`);
  return 0;
}

/**
 * How Kafka fails to look a reset's topic up, ending the command with no table (exit 0): `run()`
 * reports the RuntimeException that wraps the admin call's ExecutionException. Without
 * partitions the tool describes the topic (parseTopicPartitionsToReset): the answer is
 * INVALID_TOPIC_EXCEPTION for a name Topic.validate refuses, UNKNOWN_TOPIC_OR_PARTITION for one
 * that does not exist, both with the error's default message, and an empty name never leaves the
 * client. With partitions (`t:0,1`) it goes straight to ListOffsets, whose metadata lookup
 * (PartitionLeaderStrategy) logs and fails an invalid name; a valid unknown one is left to the
 * plan's own message. Null when none of these apply.
 */
function failedTopicLookup(ctx: ToolContext, topic: string, partitions: readonly number[] | undefined): number | null {
  if (ctx.world.topics.has(topic)) return null;
  const invalid = validateTopicName(topic) !== null;
  let cause: string;
  if (partitions === undefined) {
    if (topic === '') cause = "org.apache.kafka.common.errors.InvalidTopicException: The given topic name '' cannot be represented in a request.";
    else if (invalid) cause = 'org.apache.kafka.common.errors.InvalidTopicException: The request attempted to perform an operation on an invalid topic.';
    else cause = 'org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.';
  } else {
    if (!invalid) return null;
    ctx.output.err(
      logLine(
        'ERROR',
        `[AdminClient clientId=adminclient-1] Received invalid topic error for topic ${topic} in \`Metadata\` response`,
        'org.apache.kafka.clients.admin.internals.PartitionLeaderStrategy',
      ),
    );
    ctx.output.err('org.apache.kafka.common.errors.InvalidTopicException: The request attempted to perform an operation on an invalid topic.');
    cause = `org.apache.kafka.common.errors.InvalidTopicException: Failed to fetch metadata for partition ${topic}-${partitions[0] ?? 0} due to invalid topic \`${topic}\``;
  }
  printError(ctx, `Executing consumer group command failed due to java.util.concurrent.ExecutionException: ${cause}`);
  ctx.output.err(`java.lang.RuntimeException: java.util.concurrent.ExecutionException: ${cause}`);
  return 0;
}

function resetSpec(inv: Invocation): OffsetResetSpec | null {
  if (hasFlag(inv, '--to-earliest')) return { to: 'earliest' };
  if (hasFlag(inv, '--to-latest')) return { to: 'latest' };
  const to = flagValue(inv, '--to-offset');
  if (to !== null) return { to: 'offset', offset: Number(to) };
  const by = flagValue(inv, '--shift-by');
  if (by !== null) return { to: 'shift', by: Number(by) };
  return null;
}

function resetOffsets(ctx: ToolContext, inv: Invocation, groups: readonly string[]): number {
  const topicArg = flagValue(inv, '--topic');
  if (topicArg === null && !hasFlag(inv, '--all-topics')) return usageError(ctx, 'One of the reset scopes should be defined: --all-topics, --topic.');
  const spec = resetSpec(inv);
  if (!spec)
    return usageError(
      ctx,
      'Option [reset-offsets] takes one of these options: [to-datetime], [by-duration], [to-earliest], [to-latest], [shift-by], [from-file], [to-current], [to-offset]',
    );
  const execute = hasFlag(inv, '--execute');
  if (!execute && !hasFlag(inv, '--dry-run')) {
    ctx.output.err(
      'WARN: No action will be performed as the --execute option is missing. In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.',
    );
  }
  const rows: string[] = [];
  for (const group of groups) {
    const scopes: { topic: string; partitions: number[] | undefined }[] = [];
    if (topicArg !== null) {
      const [topic = '', list] = topicArg.split(':');
      scopes.push({ topic, partitions: list ? list.split(',').map(Number) : undefined });
    } else {
      const committed = new Set([...(ctx.world.groups.get(group)?.offsets.keys() ?? [])].map((k) => splitPartitionKey(k).topic));
      for (const topic of [...committed].sort()) scopes.push({ topic, partitions: undefined });
    }
    for (const scope of scopes) {
      const plan = planOffsetReset(ctx.world, group, scope.topic, scope.partitions, spec);
      if ('code' in plan) {
        if (plan.code === 'GroupNotInactive') {
          printError(ctx, plan.message);
          break;
        }
        const lookup = failedTopicLookup(ctx, scope.topic, scope.partitions);
        if (lookup !== null) return lookup;
        if (plan.code === 'IllegalArgumentException') return usageError(ctx, plan.message);
        printError(ctx, plan.message);
        continue;
      }
      for (const w of plan.warnings) ctx.output.err(logLine('WARN', w, LOGGER));
      if (execute) ctx.apply({ kind: 'resetOffsets', group, topic: scope.topic, ...(scope.partitions ? { partitions: scope.partitions } : {}), spec });
      for (const o of plan.offsets)
        rows.push(`${padRight(group, 30)} ${padRight(o.topic, 30)} ${padRight(String(o.partition), 10)} ${padRight(String(o.offset), 15)}`);
    }
  }
  // Kafka 4.0/4.1: "%n%-30s %-30s %-10s %-15s" for the header and each row; the header prints even with no rows.
  ctx.output.out(
    `\n${padRight('GROUP', 30)} ${padRight('TOPIC', 30)} ${padRight('PARTITION', 10)} ${padRight('NEW-OFFSET', 15)}${rows.map((r) => `\n${r}`).join('')}`,
  );
  return 0;
}
