/**
 * kafka-leader-election, printing what Kafka 4.x's LeaderElectionCommand prints (apache/kafka
 * tools/.../LeaderElectionCommand.java, read at 1eb7644; reference kafka-4-tools.md §13):
 *
 * - argument errors (AdminCommandFailedException from `validate`): the message on stderr, then the
 *   exception line of its stack trace (frames left out, as every tool here), exit 1;
 * - then one line each, on stdout, for the partitions elected ("Successfully completed leader
 *   election (PREFERRED) for partitions a-0, a-1"), those that needed none ("Valid replica already
 *   elected for partitions …") and each that failed ("Error completing leader election (PREFERRED)
 *   for partition: a-0: org.apache.kafka.common.errors.…Exception: …"); any failure ends with
 *   "N replica(s) could not be elected" on stderr, then the exception line and a `Suppressed:` line per
 *   failure (their frames left out), exit 1.
 *
 * Kafka collects each list in a HashSet<TopicPartition>, so partitions print in that set's
 * iteration order, which `javaHashSetOrder` reproduces.
 */
import type { ElectionResult } from '../../core/rules/leader-election.ts';
import { javaStringHash } from '../../core/rules/coordinators.ts';
import type { TopicPartition } from '../../core/types.ts';
import { flagValue, hasFlag, type Invocation } from '../parse.ts';
import type { ToolContext } from '../tool-context.ts';

/** Errors.java's exception class and default message for each error the controller answers with. */
const EXCEPTIONS: Record<string, [string, string]> = {
  PREFERRED_LEADER_NOT_AVAILABLE: ['PreferredLeaderNotAvailableException', 'The preferred leader was not available.'],
  ELIGIBLE_LEADERS_NOT_AVAILABLE: ['EligibleLeadersNotAvailableException', 'Eligible topic partition leaders are not available.'],
  UNKNOWN_TOPIC_OR_PARTITION: ['UnknownTopicOrPartitionException', 'This server does not host this topic-partition.'],
};

/**
 * The order a java.util.HashSet of TopicPartitions iterates in: by bucket, the spread hash
 * (`h ^ h >>> 16`) masked to the table size (16, doubled whenever the set passes 3/4 full).
 * TopicPartition.hashCode is `31 * (31 + partition) + topic.hashCode()`. Within a bucket,
 * insertion order (the order given).
 */
export function javaHashSetOrder(partitions: readonly TopicPartition[]): TopicPartition[] {
  let capacity = 16;
  while (partitions.length > capacity * 0.75) capacity *= 2;
  const bucket = (tp: TopicPartition) => {
    const h = (Math.imul(31, 31 + tp.partition) + javaStringHash(tp.topic)) | 0;
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return partitions
    .map((tp, i) => ({ tp, i, b: bucket(tp) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((x) => x.tp);
}

const ADMIN_FAILED = 'org.apache.kafka.server.common.AdminCommandFailedException';

/** mainNoExit: the exception's message, then its stack trace, whose frames are left out as every tool here leaves them. */
function fail(ctx: ToolContext, message: string, exception = ADMIN_FAILED, suppressed: readonly string[] = []): number {
  ctx.output.err(message);
  ctx.output.err(`${exception}: ${message}`);
  for (const s of suppressed) ctx.output.err(`\tSuppressed: ${s}`);
  return 1;
}

/** The simulator's own refusal (not Kafka's): said in its voice. */
function refuse(ctx: ToolContext, message: string): number {
  ctx.output.err(message);
  return 1;
}

const names = (list: readonly TopicPartition[]) => javaHashSetOrder(list).map((tp) => `${tp.topic}-${tp.partition}`);

export function runLeaderElection(ctx: ToolContext, inv: Invocation): number {
  const type = flagValue(inv, '--election-type');
  // validate(): --bootstrap-server is always there in the simulator (the cluster is implied).
  if (type === null) return fail(ctx, 'Missing required option(s): election-type');
  // ElectionTypeConverter (joptsimple's EnumConverter) matches the enum's names ignoring case;
  // anything else fails when the option is read, after validate().
  const election = type.toLowerCase();
  const invalidType = election !== 'preferred' && election !== 'unclean';
  const topic = flagValue(inv, '--topic');
  const partition = flagValue(inv, '--partition');
  const all = hasFlag(inv, '--all-topic-partitions');
  const json = flagValue(inv, '--path-to-json-file');
  if ([topic !== null, all, json !== null].filter(Boolean).length !== 1) {
    return fail(ctx, 'One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file');
  }
  if (topic !== null && partition === null) return fail(ctx, 'Missing required option(s): partition');
  if (topic === null && partition !== null) return fail(ctx, 'Option partition is only allowed if topic is used');
  if (invalidType) return fail(ctx, `Cannot parse argument '${type}' of option election-type`, 'joptsimple.OptionArgumentConversionException');
  if (json !== null)
    return refuse(
      ctx,
      'error: Streamlab does not simulate --path-to-json-file (the shell has no files): name one partition with --topic and --partition, or use --all-topic-partitions',
    );
  const result = ctx.apply({
    kind: 'electLeaders',
    election,
    partitions: topic !== null ? [{ topic, partition: Number(partition) }] : 'all',
  });
  if (!result.ok) return refuse(ctx, `error: ${result.error.message}`);
  const results: readonly ElectionResult[] = result.detail?.kind === 'election' ? result.detail.results : [];
  const label = election.toUpperCase();
  const succeeded = results.filter((r) => r.outcome === 'NONE');
  const noop = results.filter((r) => r.outcome === 'ELECTION_NOT_NEEDED');
  const failed = results.filter((r) => r.outcome !== 'NONE' && r.outcome !== 'ELECTION_NOT_NEEDED');
  if (succeeded.length > 0) ctx.output.out(`Successfully completed leader election (${label}) for partitions ${names(succeeded).join(', ')}`);
  if (noop.length > 0) ctx.output.out(`Valid replica already elected for partitions ${names(noop).join(', ')}`);
  if (failed.length === 0) return 0;
  // A HashMap<TopicPartition, Throwable>: the same bucket order; each exception is added to the one thrown (suppressed).
  const exceptions = javaHashSetOrder(failed).map((tp) => {
    const r = tp as ElectionResult;
    const [exception, message] = EXCEPTIONS[r.outcome] ?? ['UnknownServerException', r.outcome];
    const text = `org.apache.kafka.common.errors.${exception}: ${r.message ?? message}`;
    ctx.output.out(`Error completing leader election (${label}) for partition: ${r.topic}-${r.partition}: ${text}`);
    return text;
  });
  return fail(ctx, `${failed.length} replica(s) could not be elected`, ADMIN_FAILED, exceptions);
}
