/**
 * kafka-transactions, printing what Kafka 4.x's TransactionsCommand prints (apache/kafka
 * tools/.../TransactionsCommand.java at 1eb7644; docs/reference/kafka-4-transactions.md §1):
 *
 * - subcommands, as argparse4j parses them: `list`, `describe`, `describe-producers`, `abort`,
 *   `find-hanging` (an unambiguous prefix works; a usage error prints the failing parser's usage
 *   and `kafka-transactions.sh: error: …`, exit 1);
 * - tables from ToolsUtils.prettyPrintTable: every cell padded to its column's width and followed
 *   by a tab, the last one too; only the header when there are no rows;
 * - runtime failures on stderr, `Failed to …: <cause>. Enable debug logging for additional detail.`, exit 1.
 *
 * Times are Kafka times: the world's epoch plus ticks × tickMs.
 */
import { transactionCoordinatorOf, transactionPartitionFor } from '../../core/rules/transaction-coordinator.ts';
import type { PartitionState, TopicPartition, TransactionState, World } from '../../core/types.ts';
import { findPartition } from '../../core/world.ts';
import { offsetsPartitionFor } from '../../core/rules/coordinators.ts';
import { OFFSETS_TOPIC } from '../../core/rules/topics.ts';
import type { Invocation } from '../parse.ts';
import type { ToolContext } from '../tool-context.ts';
import { didYouMean, usage, wrap } from './argparse.ts';
import { javaHashSetOrder } from './leader-election.ts';

const PROG = 'kafka-transactions.sh';
const DEBUG = 'Enable debug logging for additional detail.';

type ArgType = 'String' | 'Integer' | 'Long' | 'Short';
interface Arg {
  readonly flag: string;
  readonly type: ArgType;
  readonly required: boolean;
}
interface Subcommand {
  readonly name: string;
  readonly args: readonly Arg[];
}

const arg = (flag: string, type: ArgType, required = false): Arg => ({ flag, type, required });

/** The subcommands in the order TransactionsCommand registers them (lines 988-994), each with its arguments in definition order. */
const SUBCOMMANDS: readonly Subcommand[] = [
  { name: 'list', args: [arg('--duration-filter', 'Long')] },
  { name: 'describe', args: [arg('--transactional-id', 'String', true)] },
  { name: 'describe-producers', args: [arg('--broker-id', 'Integer'), arg('--topic', 'String', true), arg('--partition', 'Integer', true)] },
  {
    name: 'abort',
    args: [
      arg('--topic', 'String', true),
      arg('--partition', 'Integer', true),
      arg('--start-offset', 'Long'),
      arg('--producer-id', 'Long'),
      arg('--producer-epoch', 'Short'),
      arg('--coordinator-epoch', 'Integer'),
    ],
  },
  {
    name: 'find-hanging',
    args: [arg('--broker-id', 'Integer'), arg('--max-transaction-timeout', 'Integer'), arg('--topic', 'String'), arg('--partition', 'Integer')],
  },
];

/** argparse4j's metavar: the destination (`--start-offset` → start_offset) upper-cased. */
const metavar = (flag: string) => flag.slice(2).replaceAll('-', '_').toUpperCase();
const MAIN_USAGE = usage(PROG, ['[-h]', '[-v]', '[--command-config FILE]', '--bootstrap-server host:port', 'COMMAND', '...']);

function subUsage(sub: Subcommand): string[] {
  const tokens = sub.args.map((a) => (a.required ? `${a.flag} ${metavar(a.flag)}` : `[${a.flag} ${metavar(a.flag)}]`));
  return usage(PROG, ['--bootstrap-server host:port', sub.name, '[-h]', ...tokens]);
}

function usageError(ctx: ToolContext, usageLines: readonly string[], message: string, candidates: readonly string[] = []): number {
  for (const line of usageLines) ctx.output.err(line);
  for (const line of wrap(`${PROG}: error: ${message}`)) ctx.output.err(line);
  for (const line of candidates) ctx.output.err(line);
  return 1;
}

function failure(ctx: ToolContext, message: string): number {
  ctx.output.err(message);
  return 1;
}

/** argparse4j's subparser choice: the exact name, else the one name it is a prefix of. */
function chooseSubcommand(ctx: ToolContext, typed: string | null): Subcommand | number {
  if (typed === null) return usageError(ctx, MAIN_USAGE, 'too few arguments');
  const exact = SUBCOMMANDS.find((s) => s.name === typed);
  if (exact) return exact;
  const prefixed = SUBCOMMANDS.filter((s) => s.name.startsWith(typed));
  if (prefixed.length === 1) return prefixed[0] as Subcommand;
  if (prefixed.length > 1) return usageError(ctx, MAIN_USAGE, `ambiguous command: ${typed} could match ${prefixed.map((s) => s.name).join(', ')}`);
  const names = SUBCOMMANDS.map((s) => s.name);
  return usageError(ctx, MAIN_USAGE, `invalid choice: '${typed}' (choose from ${names.map((n) => `'${n}'`).join(', ')})`, didYouMean(typed, names));
}

const RANGES: Record<Exclude<ArgType, 'String'>, readonly [bigint, bigint]> = {
  Short: [-32768n, 32767n],
  Integer: [-2147483648n, 2147483647n],
  Long: [-9223372036854775808n, 9223372036854775807n],
};

/**
 * Integer.valueOf and friends: an optional sign and decimal digits inside the type's range; null
 * when it does not convert. A Long beyond JavaScript's safe integers stays its exact digits (a
 * string), so it is printed as given and never rounded into another number.
 */
function convert(text: string, type: ArgType): string | number | null {
  if (type === 'String') return text;
  if (!/^[+-]?\d+$/.test(text)) return null;
  const n = BigInt(text);
  const [min, max] = RANGES[type];
  if (n < min || n > max) return null;
  return Number.isSafeInteger(Number(n)) ? Number(n) : n.toString();
}

type Parsed = { readonly sub: Subcommand; readonly values: ReadonlyMap<string, string | number> };

/** Parses the subcommand's arguments as argparse4j does: conversions in order, then unknown arguments, then required ones (the last missing one named). */
function parseArgs(ctx: ToolContext, inv: Invocation): Parsed | number {
  const chosen = chooseSubcommand(ctx, inv.positionals[0]?.value ?? null);
  if (typeof chosen === 'number') return chosen;
  const sub = chosen;
  const lines = subUsage(sub);
  const values = new Map<string, string | number>();
  const unknown: string[] = [];
  for (const f of inv.flags) {
    const spec = sub.args.find((a) => a.flag === f.name);
    if (!spec) {
      if (f.name !== '--command-config') unknown.push(f.name);
      continue;
    }
    const value = convert(f.value ?? '', spec.type);
    if (value === null) {
      return usageError(ctx, lines, `argument ${spec.flag}: could not convert '${f.value ?? ''}' to ${spec.type} (For input string: "${f.value ?? ''}")`);
    }
    values.set(spec.flag, value);
  }
  const extra = inv.positionals.slice(1).map((p) => p.value);
  if (unknown.length > 0 || extra.length > 0) {
    const flags = sub.args.map((a) => a.flag).concat('--help');
    const first = unknown[0];
    const candidates =
      first !== undefined && first.length > 3
        ? didYouMean(
            first.slice(2),
            flags.map((f) => f.slice(2)),
          ).map((l) => (l.startsWith('\t') ? `\t--${l.slice(1)}` : l))
        : [];
    return usageError(ctx, lines, `unrecognized arguments: ${[...unknown, ...extra].map((u) => `'${u}'`).join(' ')}`, candidates);
  }
  const missing = sub.args.filter((a) => a.required && !values.has(a.flag));
  const last = missing[missing.length - 1];
  if (last) return usageError(ctx, lines, `argument ${last.flag} is required`);
  return { sub, values };
}

/** ToolsUtils.prettyPrintTable: each cell padded to its column's width and followed by a tab. */
function printTable(ctx: ToolContext, headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const line of [headers, ...rows]) ctx.output.out(line.map((cell, i) => `${cell}${' '.repeat((widths[i] as number) - cell.length)}\t`).join(''));
}

const nowMs = (world: World) => world.options.epochMs + world.tick * world.options.tickMs;
const msOf = (world: World, tick: number) => world.options.epochMs + tick * world.options.tickMs;

export function runKafkaTransactions(ctx: ToolContext, inv: Invocation): number {
  const parsed = parseArgs(ctx, inv);
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  switch (parsed.sub.name) {
    case 'list':
      return list(ctx, v.has('--duration-filter') ? Number(v.get('--duration-filter')) : undefined);
    case 'describe':
      return describe(ctx, v.get('--transactional-id') as string);
    case 'describe-producers':
      return describeProducers(ctx, { topic: v.get('--topic') as string, partition: v.get('--partition') as number });
    case 'abort':
      return abort(ctx, v);
    default:
      return findHanging(ctx, v);
  }
}

/** `list`: every transactional id the coordinators know, by `__transaction_state` partition, then id (the simulator's order for the coordinator cache's). */
function list(ctx: ToolContext, durationFilter: number | undefined): number {
  const world = ctx.world;
  const now = nowMs(world);
  const rows = [...world.transactions.values()]
    // TransactionStateManager.listTransactionStates: with a filter ≥ 0, only those running longer (Empty's start is -1, so it always passes).
    .filter((t) => durationFilter === undefined || durationFilter < 0 || now - (t.startTick < 0 ? -1 : msOf(world, t.startTick)) > durationFilter)
    .sort((a, b) => transactionPartitionFor(a.transactionalId) - transactionPartitionFor(b.transactionalId) || (a.transactionalId < b.transactionalId ? -1 : 1))
    .map((t) => [t.transactionalId, String(transactionCoordinatorOf(world, t.transactionalId)), String(t.producerId), t.state]);
  printTable(ctx, ['TransactionalId', 'Coordinator', 'ProducerId', 'TransactionState'], rows);
  return 0;
}

function describe(ctx: ToolContext, id: string): number {
  const world = ctx.world;
  const t: TransactionState | undefined = world.transactions.get(id);
  if (!t) {
    return failure(
      ctx,
      `Failed to describe transaction state of transactional-id \`${id}\`: DescribeTransactions request for transactionalId \`${id}\` failed because the ID could not be found. ${DEBUG}`,
    );
  }
  const start = t.startTick < 0 ? null : msOf(world, t.startTick);
  // AddOffsetsToTxn adds the group's __consumer_offsets partition to the transaction's set.
  const offsets = t.groups.map((g) => ({ topic: OFFSETS_TOPIC, partition: offsetsPartitionFor(g) }));
  const partitions = javaHashSetOrder([...t.partitions, ...offsets]).map((tp) => `${tp.topic}-${tp.partition}`);
  printTable(
    ctx,
    [
      'CoordinatorId',
      'TransactionalId',
      'ProducerId',
      'ProducerEpoch',
      'TransactionState',
      'TransactionTimeoutMs',
      'CurrentTransactionStartTimeMs',
      'TransactionDurationMs',
      'TopicPartitions',
    ],
    [
      [
        String(transactionCoordinatorOf(world, id)),
        id,
        String(t.producerId),
        String(t.producerEpoch),
        t.state,
        String(t.timeoutTicks * world.options.tickMs),
        start === null ? 'None' : String(start),
        start === null ? 'None' : String(nowMs(world) - start),
        partitions.join(','),
      ],
    ],
  );
  return 0;
}

/** The producers a partition's leader knows, with the first offset of each one's open transaction. */
function activeProducers(p: PartitionState) {
  return [...p.lastSequence.entries()]
    .sort(([a], [b]) => a - b)
    .map(([producerId, s]) => {
      const open = p.txns.find((t) => t.producerId === producerId && t.markerOffset < 0);
      return { producerId, epoch: s.epoch, sequence: s.sequence, open };
    });
}

function describeProducers(ctx: ToolContext, tp: TopicPartition): number {
  const p = findPartition(ctx.world, tp.topic, tp.partition);
  if (!p) {
    return failure(
      ctx,
      `Failed to describe producers for partition ${tp.topic}-${tp.partition} on leader: This server does not host this topic-partition.. ${DEBUG}`,
    );
  }
  const transactional = new Set([...ctx.world.transactions.values()].map((t) => t.producerId));
  const rows = activeProducers(p).map((a) => [
    String(a.producerId),
    String(a.epoch),
    // Coordinator epochs are not simulated: a transactional producer's markers carry 0; an idempotent one has none (-1).
    transactional.has(a.producerId) ? '0' : '-1',
    String(a.sequence),
    a.open ? String(msOf(ctx.world, a.open.lastTick)) : '-1',
    a.open ? String(a.open.firstOffset) : 'None',
  ]);
  printTable(ctx, ['ProducerId', 'ProducerEpoch', 'LatestCoordinatorEpoch', 'LastSequence', 'LastTimestamp', 'CurrentTransactionStartOffset'], rows);
  return 0;
}

/** `abort`: an ABORT marker for the transaction that starts at --start-offset (or of --producer-id), in that one partition. */
function abort(ctx: ToolContext, v: ReadonlyMap<string, string | number>): number {
  const tp = { topic: v.get('--topic') as string, partition: v.get('--partition') as number };
  // A Long beyond the safe integers is its digits (convert): no open transaction starts there.
  const startOffset = v.get('--start-offset');
  let producerId = v.get('--producer-id');
  let epoch = v.get('--producer-epoch') as number | undefined;
  if (startOffset === undefined && producerId === undefined) {
    return failure(
      ctx,
      'The transaction to abort must be identified either with --start-offset (for brokers on 3.0 or above) or with --producer-id, --producer-epoch, and --coordinator-epoch (for older brokers)',
    );
  }
  if (startOffset === undefined) {
    if (epoch === undefined) return failure(ctx, 'Missing required argument --producer-epoch');
    if (v.get('--coordinator-epoch') === undefined) return failure(ctx, 'Missing required argument --coordinator-epoch');
    // Producer ids here are the simulator's, from 0 up; epochs a Java short's non-negative half.
    if (typeof producerId !== 'number' || producerId < 0 || epoch < 0) {
      return failure(
        ctx,
        `error: Streamlab simulates producer ids from 0 to ${Number.MAX_SAFE_INTEGER} and epochs from 0 to 32767; got producer id ${String(producerId)}, epoch ${epoch}`,
      );
    }
  } else {
    const p = findPartition(ctx.world, tp.topic, tp.partition);
    if (!p) {
      return failure(
        ctx,
        `Failed to validate producer state for partition ${tp.topic}-${tp.partition}: This server does not host this topic-partition.. ${DEBUG}`,
      );
    }
    const found = activeProducers(p).find((a) => a.open?.firstOffset === startOffset);
    if (!found) return failure(ctx, `Could not find any open transactions starting at offset ${startOffset} on partition ${tp.topic}-${tp.partition}`);
    producerId = found.producerId;
    epoch = found.epoch;
  }
  const coordinatorEpoch = Math.max(0, startOffset === undefined ? (v.get('--coordinator-epoch') as number) : 0);
  const result = ctx.apply({
    kind: 'abortTransaction',
    topic: tp.topic,
    partition: tp.partition,
    producerId: producerId,
    producerEpoch: epoch,
  });
  if (!result.ok) {
    const cause = EXCEPTION_MESSAGES[result.error.code] ?? result.error.message;
    return failure(
      ctx,
      `Failed to abort transaction AbortTransactionSpec(topicPartition=${tp.topic}-${tp.partition}, producerId=${producerId}, producerEpoch=${epoch}, coordinatorEpoch=${coordinatorEpoch}): ${cause}. ${DEBUG}`,
    );
  }
  return 0;
}

/** Errors.java's default messages for what abortTransaction can fail with. */
const EXCEPTION_MESSAGES: Record<string, string> = {
  INVALID_PRODUCER_EPOCH: 'Producer attempted to produce with an old epoch.',
  UNKNOWN_TOPIC_OR_PARTITION: 'This server does not host this topic-partition.',
  NOT_LEADER_OR_FOLLOWER: 'For requests intended only for the leader, this error indicates that the broker is not the current leader.',
};

/**
 * `find-hanging`: open transactions older than --max-transaction-timeout minutes whose producer's
 * transaction (at its coordinator) no longer includes the partition, or which no coordinator knows.
 */
function findHanging(ctx: ToolContext, v: ReadonlyMap<string, string | number>): number {
  const world = ctx.world;
  const topic = v.get('--topic') as string | undefined;
  const partition = v.get('--partition') as number | undefined;
  const brokerId = v.get('--broker-id') as number | undefined;
  if (topic === undefined && brokerId === undefined) {
    return failure(ctx, 'The `find-hanging` command requires either --topic or --broker-id to limit the scope of the search');
  }
  if (partition !== undefined && topic === undefined) return failure(ctx, 'The --partition argument requires --topic to be provided');
  const maxMinutes = (v.get('--max-transaction-timeout') as number | undefined) ?? 15;
  const partitions = [...world.topics.values()]
    .filter((t) => topic === undefined || t.name === topic)
    .flatMap((t) => t.partitions)
    .filter((p) => (partition === undefined || p.partition === partition) && (brokerId === undefined || p.replicas.includes(brokerId)));
  const now = nowMs(world);
  const rows: string[][] = [];
  for (const p of partitions) {
    for (const a of activeProducers(p)) {
      if (!a.open || now - msOf(world, a.open.lastTick) <= maxMinutes * 60_000) continue;
      const owner = [...world.transactions.values()].find((t) => t.producerId === a.producerId);
      const inTxn = owner?.partitions.some((tp) => tp.topic === p.topic && tp.partition === p.partition) ?? false;
      if (owner && inTxn) continue;
      rows.push([
        p.topic,
        String(p.partition),
        String(a.producerId),
        String(a.epoch),
        '0',
        String(a.open.firstOffset),
        String(msOf(world, a.open.lastTick)),
        String(Math.floor((now - msOf(world, a.open.lastTick)) / 60_000)),
      ]);
    }
  }
  printTable(ctx, ['Topic', 'Partition', 'ProducerId', 'ProducerEpoch', 'CoordinatorEpoch', 'StartOffset', 'LastTimestamp', 'Duration(min)'], rows);
  return 0;
}
